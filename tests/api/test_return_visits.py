"""回访 Staff return visits recorded on a resident's behalf (BZ-A3, BZ-A1, BZ-D1).

Community staff of the resident's community reach a resident by phone or a visit and
record the confirmation, dispute or rating the resident gives; the staff member is the
actor and the channel is recorded; statistics show resident-given and staff-recorded
ratings apart. Nobody else may record one, and a refusal writes nothing.
"""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.requests import Request
from tests.api.problem_helpers import (
    API,
    act,
    assert_problem,
    log_unchanged,
    person,
    raise_request,
)
from tests.api.web_helpers import csrf_of, sign_in_demo

STAFF = "P0010"  # community staff of 青桐社区 CX0101, P0038's community


def resolved(client, auth, ref: str = "P0038") -> str:
    """A request of `ref` resolved by its group leader (P0037, group CX010101)."""
    rid = raise_request(client, auth, ref)["request_id"]
    done = act(client, auth, "P0037", rid, "resolve", resolution="已修好")
    assert done.status_code == 200, done.text
    return rid


def visit(client, auth, rid: str, ref: str = STAFF, **body):
    return client.post(
        f"{API}/requests/{rid}/return_visit", headers=auth(ref), json=body
    )


def events_of(container, rid: str) -> list:
    return list(container.ledger.repository.event_store.get(UUID(rid)))


def test_staff_record_a_rating_by_phone_as_themselves_BZ_A3(client, auth, container):
    rid = resolved(client, auth)
    done = visit(client, auth, rid, channel="phone", outcome="rate", score=4)
    assert done.status_code == 200, done.text
    assert "rate" not in done.json()["allowed_actions"]  # rated this round
    visited, rated = events_of(container, rid)[-2:]
    assert isinstance(visited, Request.ReturnVisitRecorded)
    assert (visited.channel, visited.outcome) == ("phone", "rate")
    assert visited.resident_id == person("P0038")
    assert isinstance(rated, Request.SatisfactionRated) and rated.score == 4
    for event in (visited, rated):
        assert (event.actor_id, event.actor_role, event.actor_unit) == (
            person(STAFF),
            "community_staff",
            "CX0101",
        )


def test_a_confirmation_on_a_visit_closes_the_request_BZ_A3(client, auth, container):
    rid = resolved(client, auth)
    done = visit(client, auth, rid, channel="visit", outcome="confirm")
    assert done.status_code == 200 and done.json()["status"] == "closed", done.text
    assert isinstance(events_of(container, rid)[-1], Request.ResolutionConfirmed)


def test_a_dispute_on_a_visit_reopens_the_request_where_it_was_resolved_BZ_D1(
    client, auth, container
):
    rid = resolved(client, auth)
    done = visit(
        client, auth, rid, channel="phone", outcome="dispute", reason="路灯又坏了"
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["holding_unit"]) == (
        "reopened",
        "CX010101",
    )
    disputed = container.ledger.request(rid)
    assert disputed.status.value == "reopened"


def test_stats_show_resident_given_and_staff_recorded_ratings_apart_BZ_A3(client, auth):
    own, visited = resolved(client, auth), resolved(client, auth, "P0039")
    assert act(client, auth, "P0038", own, "rate", score=5).status_code == 200
    done = visit(client, auth, visited, channel="phone", outcome="rate", score=2)
    stats = client.get(
        f"{API}/units/CX0101/stats",
        headers=auth(STAFF),
        params={"min_position": done.json()["position"]},
    ).json()
    assert (stats["ratings"], stats["satisfaction_average"]) == (2, 3.5)
    assert (stats["ratings_by_residents"], stats["ratings_by_staff"]) == (1, 1)
    assert stats["satisfaction_average_residents"] == 5.0
    assert stats["satisfaction_average_staff"] == 2.0


@pytest.mark.parametrize(
    "ref",
    [
        "P0038",  # the resident answers for themselves through confirm/rate
        "P0037",  # the group leader
        "P0012",  # staff of another community
        "P0004",  # street staff
    ],
)
def test_only_the_residents_community_staff_record_a_return_visit_BZ_A3(
    client, auth, container, ref
):
    rid = resolved(client, auth)
    with log_unchanged(container):
        refused = visit(client, auth, rid, ref, channel="phone", outcome="confirm")
    assert_problem(refused, 403, "BZ-A3")


def test_a_request_not_yet_resolved_has_nothing_to_answer_on_a_visit_BZ_A3(
    client, auth, container
):
    rid = raise_request(client, auth, "P0038")["request_id"]
    with log_unchanged(container):
        refused = visit(client, auth, rid, channel="phone", outcome="confirm")
    assert_problem(refused, 409, "BZ-A3")


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "phone", "outcome": "rate"},  # no score
        {"channel": "phone", "outcome": "rate", "score": 6},
        {"channel": "phone", "outcome": "dispute"},  # no reason
        {"channel": "wechat", "outcome": "confirm"},  # not a visit channel
        {"outcome": "confirm"},
    ],
)
def test_an_incomplete_return_visit_is_refused_and_writes_nothing(
    client, auth, container, body
):
    rid = resolved(client, auth)
    with log_unchanged(container):
        refused = visit(client, auth, rid, **body)
    assert_problem(refused, 422)


def test_the_request_page_offers_staff_the_return_visit_form_BZ_A3(
    pages, client, auth, container
):
    rid = resolved(client, auth)
    resident, staff = pages(), pages()
    sign_in_demo(resident, "P0038")
    sign_in_demo(staff, STAFF)
    assert 'id="return-visit"' not in resident.get(f"/requests/{rid}").text
    page = staff.get(f"/requests/{rid}").text
    assert 'id="return-visit"' in page and "电话回访" in page
    done = staff.post(
        f"/requests/{rid}/return_visit",
        data={
            "csrf": csrf_of(page),
            "channel": "visit",
            "outcome": "rate",
            "score": "3",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    shown = staff.get(done.headers["location"]).text
    assert "回访方式：上门" in shown and "3 / 5" in shown
    assert container.ledger.request(rid).rated_this_round
