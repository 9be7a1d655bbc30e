"""培训时钟 The training clock (TRAINING-CLOCK, this service's own rule; CAL-1, BZ-D1, WZ-5.6-e).

In development an administrator moves the service's clock forward through the API or
`gov clock advance`; every rule that reads "now" — deadlines, overdue, urging, the
scheduler's automatic escalation — then reads wall clock + offset. Outside development,
and for anyone but an administrator, it is refused and nothing is written.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from domain.clock import TrainingClock
from domain.people import person_id_for
from domain.requests import Request
from infra.app import create_app
from infra.container import build_container
from infra.settings import Settings
from tests.api.problem_helpers import API, RAISE, assert_problem, log_unchanged
from tests.clock import FakeClock
from tests.conftest import demo_container, load_demo

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 China time
ADVANCE = {"by": "3d", "reason": "培训：演示逾期与督办"}


class Session:
    def __init__(self, client: TestClient, container, clock: FakeClock | None):
        self.client, self.container, self.clock = client, container, clock

    def headers(self, ref: str) -> dict[str, str]:
        token = self.container.tokens.issue(str(person_id_for(ref)))
        return {"Authorization": f"Bearer {token}"}

    def post(self, ref: str, path: str, body: dict):
        return self.client.post(f"{API}{path}", headers=self.headers(ref), json=body)

    def get(self, ref: str, path: str, **params):
        return self.client.get(f"{API}{path}", headers=self.headers(ref), params=params)


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    clock = FakeClock(START)
    container = demo_container(
        settings.model_copy(
            update={"scheduler_in_process": False, "request_profile": "auto-escalate"}
        ),
        clock=clock,
    )
    with TestClient(create_app(container=container)) as client:
        yield Session(client, container, clock)


def run_scheduler(container) -> dict[str, int]:
    """One scheduler pass over a view that has caught up with the log."""
    assert container.runner.wait_for(container.ledger.position(), 15)
    return container.supervision.run_once(container.view)


def logged(container, event_class: type) -> list:
    notes = container.ledger.recorder.select_notifications(start=1, limit=100000)
    events = (container.ledger.mapper.to_domain_event(n) for n in notes)
    return [e for e in events if isinstance(e, event_class)]


def test_an_administrator_moves_the_clock_forward_and_the_move_is_an_event_naming_them(
    session,
):
    moved = session.post("P0001", "/clock/advance", ADVANCE)
    assert moved.status_code == 200, moved.text
    assert moved.json()["offset_seconds"] == 3 * 86400
    assert datetime.fromisoformat(moved.json()["now"]) == START + timedelta(days=3)
    read = session.get("P0038", "/clock").json()
    assert read["offset_seconds"] == 3 * 86400 and read["development"] is True
    assert datetime.fromisoformat(read["wall"]) == START
    [event] = logged(session.container, TrainingClock.ClockAdvanced)
    assert event.actor_id == str(person_id_for("P0001"))
    assert (event.actor_role, event.seconds) == ("administrator", 3 * 86400)
    assert event.reason == ADVANCE["reason"]
    again = session.post("P0001", "/clock/advance", {**ADVANCE, "by": "1w12h"})
    assert again.json()["offset_seconds"] == 3 * 86400 + 7 * 86400 + 12 * 3600


def test_deadlines_overdue_and_automatic_escalation_read_the_moved_clock(session):
    """BZ-D1: a request left unaccepted at its group passes its deadline and the scheduler
    escalates it, once the training clock is past the deadline (the wall clock is not)."""
    raised = session.post("P0038", "/requests", RAISE).json()
    container = session.container
    assert run_scheduler(container)["recorded"] == 0
    session.post("P0001", "/clock/advance", {**ADVANCE, "by": "30d"})
    counts = run_scheduler(container)
    assert counts["recorded"] >= 1 and counts["auto_escalated"] == 1
    request = container.ledger.request(raised["request_id"])
    assert request.holding_unit == "CX0101"  # one level up from group CX010101
    escalated = logged(container, Request.RequestEscalated)[-1]
    assert escalated.actor_role == "system"
    # a request raised now is due counting from the moved clock
    later = session.post("P0039", "/requests", RAISE).json()
    raised_later = container.ledger.request(later["request_id"])
    assert raised_later.counted_from == START + timedelta(days=30)


def test_urging_needs_an_item_overdue_by_the_service_clock(session):
    """WZ-5.6-e: the community may urge a request at its group only once overdue."""
    rid = session.post("P0038", "/requests", RAISE).json()["request_id"]
    early = session.post("P0010", f"/requests/{rid}/urge", {"note": "请尽快办理"})
    assert early.status_code == 409, early.text
    session.post("P0001", "/clock/advance", {**ADVANCE, "by": "10d"})
    urged = session.post("P0010", f"/requests/{rid}/urge", {"note": "请尽快办理"})
    assert urged.status_code == 200, urged.text


def test_only_an_administrator_moves_the_clock(session):
    with log_unchanged(session.container):
        refused = session.post("P0002", "/clock/advance", ADVANCE)
    assert_problem(refused, 403, "ACCESS-ADMIN")


@pytest.mark.parametrize("by", ["0d", "400d", "三天", "", "3x"])
def test_a_move_backwards_too_far_or_unreadable_is_refused(session, by):
    with log_unchanged(session.container):
        refused = session.post("P0001", "/clock/advance", {**ADVANCE, "by": by})
    assert refused.status_code in (409, 422), refused.text
    assert_problem(refused, refused.status_code)
    assert session.get("P0001", "/clock").json()["offset_seconds"] == 0


@pytest.fixture
def production(settings: Settings) -> Iterator[Session]:
    keys = {
        "mode": "production",
        "token_secret": uuid.uuid4().hex,
        "master_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "audit_signing_key": base64.b64encode(os.urandom(32)).decode(),
        "scheduler_in_process": False,
    }
    built = build_container(settings.model_copy(update=keys))
    load_demo(built)
    with TestClient(create_app(container=built), base_url="https://testserver") as c:
        yield Session(c, built, None)


def test_outside_development_the_clock_cannot_be_moved(production):
    with log_unchanged(production.container):
        refused = production.post("P0001", "/clock/advance", ADVANCE)
    body = assert_problem(refused, 409, "TRAINING-CLOCK")
    assert "开发模式" in body["detail"]
    assert production.get("P0001", "/clock").json()["development"] is False
