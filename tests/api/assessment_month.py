"""A scripted month of requests in street 望川街道 (CX01), moved along by the training clock.

The month starts on the 1st, 09:00 China time, of the month after next (the clock is moved
there first); "late" steps come 20 days on, when every deadline of the profile has passed
whatever the calendar; one request is raised in the following month, outside the period.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from domain.calendar import CHINA
from domain.people import person_id_for
from tests.api.problem_helpers import API, RAISE


def month_after_next(today: date) -> date:
    month = today.month + 2
    return date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


class Month:
    def __init__(self, client, container):
        self.client, self.container, self.position = client, container, 0
        self.first = month_after_next(datetime.now(CHINA).date())
        self.ids: dict[str, str] = {}

    def headers(self, ref: str) -> dict[str, str]:
        token = self.container.tokens.issue(str(person_id_for(ref)))
        return {"Authorization": f"Bearer {token}"}

    def post(self, ref: str, path: str, **body: Any) -> dict[str, Any]:
        answer = self.client.post(f"{API}{path}", headers=self.headers(ref), json=body)
        assert answer.is_success, (ref, path, answer.text)
        self.position = max(self.position, answer.json().get("position", 0))
        return answer.json()

    def move_to(self, moment: datetime) -> None:
        """The training clock moved forward to `moment` (service time)."""
        span = int((moment - self.container.clock()).total_seconds())
        self.post("P0001", "/clock/advance", by=f"{span}s", reason="考核演示")

    def on_day(self, day: int) -> None:
        self.move_to(
            datetime.combine(self.first + timedelta(days=day - 1), time(9), CHINA)
        )

    def raise_(self, name: str, ref: str) -> None:
        self.ids[name] = self.post(ref, "/requests", **RAISE)["request_id"]

    def act(self, ref: str, name: str, action: str, **body: Any) -> None:
        self.post(ref, f"/requests/{self.ids[name]}/{action}", **body)

    def scheduler(self) -> None:
        runner = self.container.runner
        assert runner.wait_for(self.container.ledger.position(), 15)
        self.container.supervision.run_once(self.container.view)

    def run(self) -> None:
        self.on_day(1)
        self._first_day()
        self.on_day(21)
        self.scheduler()  # C and E have passed their deadlines
        self.act("P0060", "E", "accept")  # late
        self.act("P0060", "E", "resolve", resolution="已处理")
        self.act("P0062", "E", "rate", score=2)
        self.on_day(45)  # the following month
        self.raise_("G", "P0041")
        assert self.container.runner.wait_for(self.container.ledger.position(), 15)

    def _first_day(self) -> None:
        done = {"resolution": "已处理"}
        self.raise_("A", "P0038")  # 青桐社区, group CX010101: settled at the group
        self.act("P0037", "A", "accept")
        self.act("P0037", "A", "resolve", **done)
        self.act("P0038", "A", "rate", score=5)
        self.raise_("B", "P0039")  # up to the community, rated on a return visit
        self.act("P0037", "B", "escalate", reason="需社区协调")
        self.act("P0010", "B", "accept")
        self.act("P0010", "B", "resolve", **done)
        self.act("P0010", "B", "return_visit", channel="phone", outcome="rate", score=3)
        self.raise_("C", "P0040")  # left waiting: overdue
        self.raise_("D", "P0061")  # 汀荷社区: up to the street, settled there
        self.act("P0060", "D", "accept")
        self.act("P0060", "D", "escalate", reason="需社区协调")
        self.act("P0012", "D", "escalate", reason="需街道协调")
        self.act("P0004", "D", "accept")
        self.act("P0004", "D", "resolve", **done)
        self.act("P0061", "D", "rate", score=4)
        self.raise_("E", "P0062")  # accepted late (day 21)
        self.raise_(
            "F", "P0093"
        )  # 苇岚社区: disputed, settled again, confirmed on a visit
        self.act("P0092", "F", "accept")
        self.act("P0092", "F", "resolve", **done)
        self.act("P0093", "F", "dispute", reason="还没修好")
        self.act("P0092", "F", "resolve", **done)
        self.act("P0014", "F", "return_visit", channel="visit", outcome="confirm")
