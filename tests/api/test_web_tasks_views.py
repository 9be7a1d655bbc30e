"""The task pages show only what the caller may do (BZ-D3 access matrix, BZ-D2 state);
a resident's notices and their acknowledgement; the unit statistics chart (BZ-A1)."""

from __future__ import annotations

import re

from api.routes.tasks import ASSIGNMENT_ACTIONS
from tests.api.problem_helpers import API, act, log_unchanged, raise_request
from tests.api.web_helpers import buttons, csrf_of
from tests.api.web_task_helpers import Desk, issue

BODIES = {
    "delegate": {},
    "progress": {"note": "说明"},
    "complete": {"note": "说明"},
    "return": {"reason": "理由"},
    "answer_urge": {"note": "说明"},
}


def test_an_assignment_page_shows_exactly_the_actions_the_api_takes_BZ_D3(
    pages, container, client, auth
):
    """Every action not shown is refused by the API and writes nothing; a reader who
    may not act (the supervision committee) sees the page with no button at all."""
    person = Desk(pages, container)
    issue(person("P0004"), "CX01", working_days="5", targets="CX0101")
    held = person("P0010").held("CX0101")
    expected = {
        "P0010": {"acknowledge", "return"},
        "P0004": {"acknowledge", "return"},
        "P0028": set(),
    }
    for ref, shown_expected in expected.items():
        page = person(ref).get(f"/assignments/{held}")
        assert page.status_code == 200, (ref, page.text)
        assert buttons(page.text) == shown_expected, ref
        assert ("可以执行的操作" in page.text) == bool(shown_expected)
        for action in set(ASSIGNMENT_ACTIONS) - shown_expected:
            with log_unchanged(container):
                answer = client.post(
                    f"{API}/assignments/{held}/{action}",
                    headers=auth(ref),
                    json=BODIES.get(action, {}),
                )
            assert answer.status_code in (403, 409), (ref, action, answer.text)


def test_a_person_outside_the_task_sees_no_page_and_no_button_BZ_D3(pages, container):
    person = Desk(pages, container)
    task_id = issue(person("P0010"), "CX0101", working_days="3", targets="CX010101")
    held = person("P0037").held("CX010101")
    for ref in ("P0038", "P0012"):  # a resident; staff of another community
        someone = person(ref)
        for path in (f"/assignments/{held}", f"/tasks/{task_id}"):
            page = someone.get(path)
            assert page.status_code == 403 and "超出您的权限" in page.text, ref
            assert buttons(page.text) == set() and "垃圾分类" not in page.text


def test_a_resident_acknowledges_a_notice_on_their_notices_page_BZ_D2(pages, container):
    person = Desk(pages, container)
    issue(
        person("P0010"),
        "CX0101",
        working_days="3",
        targets="CX010101",
        acknowledge_required="1",
    )
    leader = person("P0037")
    held = leader.held("CX010101")
    leader.act(held, "acknowledge")
    leader.act(held, "delegate")
    resident, neighbour = person("P0038"), person("P0039")
    page = resident.get("/my/notices").text
    assert "垃圾分类入户宣传" in page and "待确认" in page
    assert buttons(page) == {"acknowledge"} and "确认已阅</button>" in page
    theirs = re.search(r'action="/assignments/([0-9a-f-]{36})/', page).group(1)
    with log_unchanged(container):
        refused = neighbour.browser.post(
            f"/assignments/{theirs}/acknowledge",
            data={"csrf": csrf_of(neighbour.get("/my/notices").text)},
        )
    assert refused.status_code == 403 and "未做任何更改" in refused.text
    shown = resident.press("/my/notices", f"/assignments/{theirs}/acknowledge")
    assert resident.location.startswith("/my/notices?seen=")
    assert "已确认已阅" in shown and buttons(shown) == set()
    assert "没有通知" in person("P0042").get("/my/notices").text  # another group


def test_the_stats_page_draws_the_units_figures_as_svg_bars_BZ_A1(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    done = act(
        client, auth, "P0037", raised["request_id"], "resolve", resolution="已修复"
    )
    assert done.status_code == 200, done.text
    person = Desk(pages, container)
    person.seen = done.json()["position"]
    page = person("P0037").get("/units/CX010101/stats").text
    figures = container.queries.stats("CX010101")
    held = container.queries.view.inbox_counts("CX010101")
    assert "<svg" in page and "<script" not in page
    assert f"<title>受理：{figures['received']}</title>" in page
    assert f"<title>本级办结：{figures['resolved_here']}</title>" in page
    assert (
        f"<title>已办结：{held['resolved']}</title>" in page and held["resolved"] >= 1
    )
    widths = re.findall(r'width="([\d.]+)" height="24" fill="#0b57a4"', page)
    assert len(widths) == 2 * 7 and max(float(w) for w in widths) == 200.0
    refused = person("P0038").get("/units/CX0101/stats")
    assert refused.status_code == 403 and "超出您的权限" in refused.text


def test_the_inbox_links_each_held_task_to_its_page_BZ_D2(pages, container):
    person = Desk(pages, container)
    issue(person("P0010"), "CX0101", working_days="3", targets="CX010101")
    leader = person("P0037")
    inbox = leader.get("/units/CX010101/inbox").text
    held = leader.held("CX010101")
    assert f'href="/assignments/{held}"' in inbox
    assert "<title>第一居民小组待办 · 社区治理台账</title>" in inbox


def test_only_the_issuer_extends_or_cancels_from_the_rollup_page_BZ_D2(
    pages, container
):
    person = Desk(pages, container)
    community = person("P0010")
    task_id = issue(community, "CX0101", working_days="3", targets="CX010101")
    rollup = f"/tasks/{task_id}"
    assert buttons(community.get(rollup).text) == {"extend", "cancel"}
    leader_view = person("P0037").get(f"{rollup}?unit=CX010101").text
    assert buttons(leader_view) == set()  # a group leader is no issuer
    both = {"reason": "汛期顺延", "working_days": "5", "on": "2026-12-31"}
    token = csrf_of(community.get(rollup).text)
    with log_unchanged(container):
        refused = community.browser.post(
            f"{rollup}/extend", data={**both, "csrf": token}
        )
    assert (
        refused.status_code == 422 and "截止日期或工作日数（只填一项）" in refused.text
    )
    assert (
        "汛期顺延</textarea>" in refused.text and 'value="2026-12-31"' in refused.text
    )
    shown = community.press(rollup, f"{rollup}/cancel", reason="上级通知取消")
    assert "已撤销" in shown and buttons(shown) == set()
