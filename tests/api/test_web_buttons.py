"""BZ-D3 on the request page, for every role of the demo and a request at each level:
a button is shown exactly when the API would take that action from that person now.

Each shown button is pressed through the API on a fresh request in the same state
(it must succeed); each action not shown is sent to the API and must be refused
(403 or 409) and write nothing.
"""

from __future__ import annotations

import pytest

from tests.api.problem_helpers import API, act, log_unchanged, raise_request
from tests.api.web_helpers import REQUEST_ACTIONS, body_for, buttons, sign_in_demo

# One person per role of the demo, and a second community's staff and a neighbour.
PEOPLE = (
    "P0038",
    "P0039",
    "P0037",
    "P0010",
    "P0012",
    "P0004",
    "P0002",
    "P0028",
    "P0001",
)
# Each state: the steps (who, action, body) that bring a newly raised request there.
STATES = {
    "raised_at_the_group": [],
    "escalated_to_the_community": [("P0037", "escalate", {"reason": "小组协调不了"})],
    "escalated_to_the_street": [
        ("P0037", "escalate", {"reason": "小组协调不了"}),
        ("P0010", "escalate", {"reason": "需街道协调"}),
    ],
    "delegated_to_another_community": [
        ("P0037", "escalate", {"reason": "小组协调不了"}),
        ("P0010", "escalate", {"reason": "需街道协调"}),
        ("P0004", "delegate", {"to_unit": "CX0102", "instructions": "请办理"}),
    ],
    "resolved_for_the_resident": [("P0037", "resolve", {"resolution": "已修好"})],
}


def brought_to(client, auth, state: str) -> tuple[str, int]:
    """A new request of P0038 taken to `state`: its id and the last position."""
    raised = raise_request(client, auth, "P0038")
    request_id, position = raised["request_id"], raised["position"]
    for ref, action, body in STATES[state]:
        answer = act(client, auth, ref, request_id, action, **body)
        assert answer.status_code == 200, (state, ref, action, answer.text)
        position = answer.json()["position"]
    return request_id, position


def signed_in(pages) -> dict:
    """Each person's own browser, signed in once."""
    browsers = {ref: pages() for ref in PEOPLE}
    for ref, browser in browsers.items():
        sign_in_demo(browser, ref)
    return browsers


def page_of(browser, request_id: str, position: int) -> str:
    return browser.get(f"/requests/{request_id}?seen={position}").text


@pytest.mark.parametrize("state", list(STATES))
def test_every_role_sees_a_button_exactly_when_the_api_takes_the_action_BZ_D3(
    state, pages, container, client, auth
):
    request_id, position = brought_to(client, auth, state)
    browsers, offered_anything = signed_in(pages), False
    for ref, browser in browsers.items():
        page = page_of(browser, request_id, position)
        shown = buttons(page)
        offered_anything |= bool(shown)
        assert shown <= set(REQUEST_ACTIONS), (ref, shown)
        for action in sorted(set(REQUEST_ACTIONS) - shown):
            with log_unchanged(container):
                answer = act(
                    client, auth, ref, request_id, action, **body_for(action, page)
                )
            assert answer.status_code in (403, 409), (state, ref, action, answer.text)
        for action in sorted(shown):
            fresh_id, fresh_position = brought_to(client, auth, state)
            fresh_page = page_of(browser, fresh_id, fresh_position)
            assert action in buttons(fresh_page), (state, ref, action)
            answer = act(
                client, auth, ref, fresh_id, action, **body_for(action, fresh_page)
            )
            assert answer.status_code == 200, (state, ref, action, answer.text)
    assert offered_anything, f"nobody may act on a request {state}"


def test_a_request_none_may_act_on_shows_no_buttons_to_anyone_BZ_D3(
    pages, client, auth
):
    """Closed after rating: no role is offered anything, and the API agrees."""
    request_id, position = brought_to(client, auth, "resolved_for_the_resident")
    for action, body in (("confirm", {}), ("rate", {"score": 4})):
        answer = act(client, auth, "P0038", request_id, action, **body)
        assert answer.status_code == 200, answer.text
        position = answer.json()["position"]
    for ref, browser in signed_in(pages).items():
        assert buttons(page_of(browser, request_id, position)) == set(), ref
    answer = client.get(f"{API}/requests/{request_id}", headers=auth("P0038"))
    assert answer.json()["status"] == "closed"
