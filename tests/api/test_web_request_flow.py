"""A request carried through the pages: escalated up, delegated down to a chosen unit,
resolved, disputed, resolved again, confirmed and rated — each by their own session."""

from __future__ import annotations

import re

from tests.api.problem_helpers import raise_request
from tests.api.web_helpers import buttons, csrf_of, sign_in_demo

HOLDER = re.compile(r'<strong id="holding-unit">([^<]+)</strong>')


def press(browser, request_id: str, action: str, **fields) -> str:
    """Open the request page, press the action's button with its fields: next page."""
    page = browser.get(f"/requests/{request_id}")
    assert action in buttons(page.text), (action, buttons(page.text))
    done = browser.post(
        f"/requests/{request_id}/{action}",
        data={"csrf": csrf_of(page.text), **fields},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return browser.get(done.headers["location"]).text


def test_a_request_goes_up_is_delegated_down_and_is_settled_by_the_resident_BZ_D1(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    rid = raised["request_id"]
    people = {ref: pages() for ref in ("P0037", "P0010", "P0004", "P0012", "P0038")}
    for ref, browser in people.items():
        sign_in_demo(browser, ref)
    client.get(
        f"/api/v1/requests/{rid}?min_position={raised['position']}",
        headers=auth("P0038"),
    )
    shown = press(people["P0037"], rid, "escalate", reason="小组无法协调")
    assert HOLDER.search(shown).group(1) == "青桐社区"
    shown = press(people["P0010"], rid, "escalate", reason="需街道协调")
    assert HOLDER.search(shown).group(1) == "望川街道"
    page = people["P0004"].get(f"/requests/{rid}").text
    assert '<option value="CX0102"' in page  # the street's communities to choose from
    shown = press(
        people["P0004"], rid, "delegate", to_unit="CX0102", instructions="请办理"
    )
    other_community = container.ledger.registry().unit("CX0102").name
    assert HOLDER.search(shown).group(1) == other_community
    assert press(people["P0012"], rid, "resolve", resolution="已修复路灯")
    resident = people["P0038"]
    assert buttons(resident.get(f"/requests/{rid}").text) == {
        "confirm",
        "dispute",
        "rate",
    }
    shown = press(resident, rid, "dispute", reason="灯还是不亮")
    assert "灯还是不亮" in shown and "不认可" in shown
    press(people["P0012"], rid, "resolve", resolution="更换了灯具")
    press(resident, rid, "confirm")
    shown = press(resident, rid, "rate", score="5")
    assert "5 / 5" in shown and "已关闭" in shown
    assert buttons(shown) == set()
