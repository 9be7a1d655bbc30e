"""督办 Urging overdue items, and the working-day calendar, through the HTTP API (BZ-D2, WZ-5.6-e, CAL-1).

Each test builds its own app around a container whose clock is moved by hand;
the in-process scheduler is off, so overdue-ness comes from the clock alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi.testclient import TestClient

from domain.assignments import Assignment
from domain.calendar import end_of_day
from domain.errors import UnknownTask
from domain.people import person_id_for
from infra.app import create_app
from infra.container import Container
from infra.settings import Settings
from tests.clock import FakeClock
from tests.conftest import demo_container

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 2026-11-02, 09:00 China time
HOLIDAYS_2027 = ["2027-01-01"]  # New Year's Day, a Friday
PLURAL = {"request": "requests", "assignment": "assignments"}


def china_end(year: int, month: int, day: int) -> str:
    return end_of_day(date(year, month, day)).isoformat()


class Api:
    """The test client, who is calling, and the log position to read our own writes at."""

    def __init__(self, client: TestClient, container: Container, clock: FakeClock):
        self.client, self.container, self.clock, self.position = (
            client,
            container,
            clock,
            0,
        )

    def headers(self, ref: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.container.tokens.issue(str(person_id_for(ref)))}"
        }

    def call(self, method: str, ref: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.client.request(
            method, f"/api/v1{path}", headers=self.headers(ref), **kwargs
        )
        if response.is_success and "position" in response.json():
            self.position = max(self.position, response.json()["position"])
        return response

    def ok(self, method: str, ref: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.call(method, ref, path, **kwargs)
        assert response.is_success, response.text
        return response.json()

    def read(self, ref: str, path: str) -> dict[str, Any]:
        return self.ok("GET", ref, path, params={"min_position": self.position})

    def urge(self, ref: str, kind: str, item: str) -> httpx.Response:
        return self.call(
            "POST",
            ref,
            f"/{PLURAL[kind]}/{item}/urge",
            json={"note": "请尽快办理并回复"},
        )

    def raise_request(self) -> str:
        body = {
            "title": "小区门禁坏了",
            "description": "北门门禁三天打不开",
            "category": "facilities",
        }
        return self.ok("POST", "P0038", "/requests", json=body)["request_id"]

    def inbox(self, unit: str, reader: str) -> dict[str, Any]:
        return self.read(reader, f"/units/{unit}/inbox")

    def load_2027(
        self, ref: str = "P0001", holidays: list[str] = HOLIDAYS_2027
    ) -> httpx.Response:
        body = {
            "holidays": holidays,
            "workdays": [],
            "source": "国务院办公厅通知（测试）",
        }
        return self.call("PUT", ref, "/calendar/2027", json=body)


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    clock = FakeClock(START)
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}),
        start=True,
        clock=clock,
    )
    with TestClient(
        create_app(container=container)
    ) as client:  # the app closes the container
        yield Api(client, container, clock)


# ---- urging (督办) -----------------------------------------------------------
def request_at_community(api: Api) -> str:
    """Raised at group CX010101, escalated by its leader to community CX0101 (accept due 2026-11-03)."""
    rid = api.raise_request()
    api.ok(
        "POST",
        "P0037",
        f"/requests/{rid}/escalate",
        json={"reason": "小组无法协调物业"},
    )
    return rid


def assignment_at_community(api: Api) -> str:
    """A task from street CX01 to community CX0101, due in one working day (2026-11-03)."""
    body = {
        "issuer_unit": "CX01",
        "targets": ["CX0101"],
        "title": "排查电动车违规充电",
        "instructions": "逐栋排查并登记",
        "working_days": 1,
    }
    return api.ok("POST", "P0004", "/tasks", json=body)["assignments"][0]


ITEMS: dict[str, Callable[[Api], str]] = {
    "request": request_at_community,
    "assignment": assignment_at_community,
}


def row(api: Api, kind: str, item: str) -> dict[str, Any]:
    """The item's row in community CX0101's inbox, read by its staff."""
    inbox = api.inbox("CX0101", "P0010")
    rows = inbox["items"] if kind == "request" else inbox["tasks"]
    key = "request_id" if kind == "request" else "assignment_id"
    [found] = [r for r in rows if r[key] == item]
    return found


def allowed(api: Api, kind: str, item: str) -> list[str]:
    if kind == "request":
        return api.read("P0010", f"/requests/{item}")["allowed_actions"]
    return api.container.ledger.load(
        Assignment, UUID(item), UnknownTask
    ).allowed_actions()


@pytest.mark.parametrize("kind", ["request", "assignment"])
def test_not_overdue_item_cannot_be_urged_BZ_D2(api, kind):
    item = ITEMS[kind](api)
    refused = api.urge("P0004", kind, item)
    assert refused.status_code == 409 and refused.json()["rule_id"] == "BZ-D2"
    assert row(api, kind, item)["open_urges"] == 0


@pytest.mark.parametrize("kind", ["request", "assignment"])
def test_only_a_unit_above_or_the_supervision_committee_urges_WZ_5_6_e(api, kind):
    item = ITEMS[kind](api)
    api.clock.advance(
        days=2
    )  # 2026-11-04 09:00 China time: the 11-03 deadline has passed
    # a peer street, the resident, the holder itself, the group below it: none may urge
    for outsider in ("P0006", "P0038", "P0010", "P0037"):
        refused = api.urge(outsider, kind, item)
        assert refused.status_code == 403, (outsider, refused.text)
        assert refused.json()["rule_id"] == "WZ-5.6-e"
    assert row(api, kind, item)["open_urges"] == 0
    assert (
        api.urge("P0028", kind, item).json()["open_urges"] == 1
    )  # supervision committee of CX0101
    assert row(api, kind, item)["open_urges"] == 1


@pytest.mark.parametrize("kind", ["request", "assignment"])
def test_street_urges_overdue_item_and_community_answers_BZ_D2(api, kind):
    item = ITEMS[kind](api)
    api.clock.advance(days=2)
    urged = api.urge("P0004", kind, item)
    assert urged.status_code == 200 and urged.json()["open_urges"] == 1
    assert row(api, kind, item)["open_urges"] == 1
    assert "answer_urge" in allowed(api, kind, item)
    assert (
        api.call(
            "POST", "P0012", f"/{PLURAL[kind]}/{item}/answer_urge", json={"note": "x"}
        ).status_code
        == 403
    )
    answer = api.ok(
        "POST",
        "P0010",
        f"/{PLURAL[kind]}/{item}/answer_urge",
        json={"note": "已安排人员，周五前完成"},
    )
    assert "answer_urge" not in answer["allowed_actions"]
    assert row(api, kind, item)["open_urges"] == 0
    again = api.call(
        "POST", "P0010", f"/{PLURAL[kind]}/{item}/answer_urge", json={"note": "再答复"}
    )
    assert again.status_code == 409  # nothing left to answer
    assert (
        api.urge("P0004", kind, item).json()["open_urges"] == 1
    )  # still overdue: it can be urged again


# ---- the working-day calendar (CAL-1) ------------------------------------------
def group_row(api: Api, rid: str) -> dict[str, Any]:
    """The request's row in group CX010101's inbox, read by its leader."""
    [found] = [
        r for r in api.inbox("CX010101", "P0037")["items"] if r["request_id"] == rid
    ]
    return found


def raised_row(api: Api, moment: datetime) -> dict[str, Any]:
    """Raise a request at `moment` and read its inbox row."""
    api.clock.now = moment
    return group_row(api, api.raise_request())


DEC_28 = datetime(
    2026, 12, 27, 17, 30, tzinfo=UTC
)  # 2026-12-28 01:30 China time (Monday)
DEC_30 = datetime(
    2026, 12, 29, 16, 30, tzinfo=UTC
)  # 2026-12-30 00:30 China time (Wednesday)


def test_cal1_only_an_administrator_loads_a_valid_schedule_for_an_unknown_year(api):
    assert api.read("P0010", "/calendar/2027")["known"] is False
    assert (
        api.read("P0010", "/calendar/2026")["known"] is True
    )  # the official data covers 2026
    assert api.load_2027("P0010").status_code == 403  # community staff
    assert (
        api.load_2027("P0002").status_code == 403
    )  # district staff is no administrator
    outside = api.load_2027(holidays=["2026-12-31"])
    assert outside.status_code == 422 and outside.json()["rule_id"] == "CAL-1"
    assert (
        api.read("P0010", "/calendar/2027")["known"] is False
    )  # refused loads changed nothing
    assert api.load_2027().status_code == 200
    loaded = api.read("P0010", "/calendar/2027")
    assert loaded["known"] is True and loaded["holidays"] == HOLIDAYS_2027
    assert loaded["source"] == "国务院办公厅通知（测试）"


def test_cal1_stay_deadline_in_unknown_year_is_provisional_then_follows_loaded_holiday(
    api,
):
    before = raised_row(api, DEC_30)
    assert before["accept_due"] == china_end(
        2026, 12, 31
    )  # counted from the China date, not the UTC one
    assert before["resolve_due"] == china_end(
        2027, 1, 4
    )  # Mon–Fri fallback counts 2027-01-01
    assert before["provisional"] == 1
    api.clock.advance(days=1)  # the official schedule arrives a day later
    loaded = api.load_2027()
    assert loaded.status_code == 200 and loaded.json()["recomputed"] == 1
    # the open request is recomputed from when it was raised (from the load it would be 2027-01-06)
    recomputed = group_row(api, before["request_id"])
    assert (recomputed["resolve_due"], recomputed["provisional"]) == (
        china_end(2027, 1, 5),
        0,
    )
    assert recomputed["accept_due"] == china_end(2026, 12, 31)
    after = raised_row(api, DEC_30)
    assert (after["resolve_due"], after["provisional"]) == (china_end(2027, 1, 5), 0)


def test_cal1_request_raised_2026_12_28_has_provisional_deadlines(api):
    """Regression: the overall deadline's provisional flag (it falls in 2027) must mark the request provisional."""
    found = raised_row(api, DEC_28)
    assert found["accept_due"] == china_end(2026, 12, 29)
    assert found["overall_due"] == china_end(
        2027, 1, 25
    )  # 20 working days, 2027-01-01 counted (fallback)
    assert found["provisional"] == 1


def test_cal1_request_raised_2026_12_28_after_loading_2027_is_final_and_skips_the_holiday(
    api,
):
    assert api.load_2027().status_code == 200
    found = raised_row(api, DEC_28)
    assert found["accept_due"] == china_end(2026, 12, 29)
    assert found["resolve_due"] == china_end(2026, 12, 31)
    assert found["overall_due"] == china_end(2027, 1, 26)  # 2027-01-01 is a holiday now
    assert found["provisional"] == 0
