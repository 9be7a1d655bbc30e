"""After an erasure (PIPL-47), reads of the past (`?as_of=`, WZ-6) and the public pages (JH-5.4) show the
erased person's words as erased, or not at all, and everyone else's intact, on both backends."""

from __future__ import annotations

from domain.personal import ERASED
from tests.api.deliberation_helpers import API, STAFF, Deliberation
from tests.api.erasure_helpers import erased_through_the_api, name_of, shows_erased
from tests.api.test_deliberation_steps import consensus
from tests.api.test_privacy import (
    COMMUNITY,
    DESCRIPTION,
    LEADER,
    REASON,
    RESIDENT,
    RESOLUTION,
    TITLE,
    personal_texts,
    raise_and_handle,
)
from tests.integration.audit_helpers import principal

NEIGHBOUR, NEIGHBOURS_TITLE = "P0039", "路灯不亮"


def neighbours_request(client, auth) -> dict:
    raised = client.post(
        f"{API}/requests",
        headers=auth(NEIGHBOUR),
        json={
            "title": NEIGHBOURS_TITLE,
            "description": "小区门口路灯坏了",
            "category": "facilities",
        },
    )
    assert raised.status_code == 201, raised.text
    return raised.json()


def as_of(client, auth, who: str, path: str, position: int) -> dict:
    answer = client.get(f"{API}{path}", headers=auth(who), params={"as_of": position})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_request_read_as_of_before_the_erasure_shows_it_erased_PIPL_47_WZ_6(
    client, auth, container
):
    rid = raise_and_handle(client, auth)
    other = neighbours_request(client, auth)
    then = other["position"]
    container.runner.wait_for(then, 10)  # access to a read is checked on the live views
    assert TITLE in personal_texts(
        as_of(client, auth, COMMUNITY, f"/requests/{rid}", then)
    )
    erased_through_the_api(client, auth, RESIDENT)
    past = as_of(client, auth, COMMUNITY, f"/requests/{rid}", then)
    assert personal_texts(past) == {ERASED}, (
        "title, resident's name and every timeline text"
    )
    assert past["status"] == "resolved" and len(past["timeline"]) == 3, (
        "everything else as it was"
    )
    assert (
        as_of(client, auth, COMMUNITY, f"/requests/{other['request_id']}", then)[
            "title"
        ]
        == NEIGHBOURS_TITLE
    )
    shows_erased(past, (TITLE, DESCRIPTION, REASON, RESOLUTION), (), "request as_of")


def test_inboxes_and_lists_as_of_before_the_erasure_show_it_erased_PIPL_47_WZ_6(
    client, auth, container
):
    raised = client.post(
        f"{API}/requests",
        headers=auth(RESIDENT),
        json={"title": TITLE, "description": DESCRIPTION, "category": "neighbours"},
    )
    rid, then = (
        raised.json()["request_id"],
        neighbours_request(client, auth)["position"],
    )
    erased_through_the_api(client, auth, RESIDENT)
    inbox = as_of(client, auth, LEADER, "/units/CX010101/inbox", then)["items"]
    titles = {i["request_id"]: i["title"] for i in inbox}
    assert titles[rid] == ERASED and NEIGHBOURS_TITLE in titles.values()
    shows_erased(inbox, (TITLE,), (NEIGHBOURS_TITLE,), "group inbox as_of")
    theirs = as_of(client, auth, NEIGHBOUR, "/me/requests", then)["items"]
    assert [i["title"] for i in theirs] == [NEIGHBOURS_TITLE], (
        "the neighbour's own list is intact"
    )
    assert (
        client.get(
            f"{API}/me/requests", headers=auth(RESIDENT), params={"as_of": then}
        ).status_code
        == 401
    )
    mine = container.as_of.my_requests(
        principal(container, RESIDENT), 0, 50, str(then)
    )["items"]
    assert [(i["request_id"], i["title"]) for i in mine] == [(rid, ERASED)], (
        "the erased person's list, replayed"
    )


def test_a_topic_as_of_before_the_proposers_erasure_shows_its_title_erased_PIPL_47_WZ_6(
    client, auth
):
    d = Deliberation(client, auth)
    d.propose()
    then = d.topic(STAFF, "register", number="2026-017")["position"]
    erased_through_the_api(client, auth, RESIDENT)
    past = as_of(client, auth, STAFF, f"/topics/{d.topic_id}", then)
    assert (past["title"], past["status"]) == (ERASED, "registered")
    shows_erased(past, ("3栋加装电梯",), (), "topic as_of")


def test_public_results_and_deliberations_show_nothing_of_the_erased_PIPL_47_JH_5_4(
    client, auth, container
):
    d = consensus(client, auth)
    d.topic(STAFF, "post", details={"channels": ["notice_board"]})
    rid = raise_and_handle(client, auth)
    other = neighbours_request(client, auth)["request_id"]
    client.post(
        f"{API}/requests/{other}/resolve",
        headers=auth(LEADER),
        json={"resolution": "已修复"},
    )
    for who in (RESIDENT, NEIGHBOUR):
        client.put(
            f"{API}/me/publication-consent", headers=auth(who), json={"consent": True}
        )
    words = (TITLE, "3栋加装电梯", name_of(container, RESIDENT))
    position = erased_through_the_api(client, auth, RESIDENT)
    results = client.get(
        f"{API}/public/units/CX/results", params={"min_position": position}
    ).json()["items"]
    titles = {i["request_id"]: i["title"] for i in results}
    assert titles[rid] is None and titles[other] == NEIGHBOURS_TITLE
    posted = client.get(
        f"{API}/public/units/CX/deliberations", params={"min_position": position}
    ).json()["items"]
    assert [(p["topic_id"], p["title"]) for p in posted] == [(d.topic_id, None)]
    for page in (results, posted):
        assert not any(w in str(page) for w in words), (
            "no personal data of the erased person in public"
        )
