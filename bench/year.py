"""A year of synthetic request activity for the demo district, through the application's commands.

The service's training clock (domain/clock.py, development mode) is moved forward one day at
a time, so every event lands on the service day it was made and assessment periods mean
something. Each day new requests are raised by random residents; what happens to each
(accepted, resolved, confirmed, rated, disputed, escalated, withdrawn, or left alone) is
planned when it is raised and carried out on later days. Commands build as usual
(`RequestService`, rules, deadlines from the service clock); saving waits for the end of
the day and writes the day's aggregates in batches (bench/seed.py's `BatchingLedger`).
"""

from __future__ import annotations

import copy
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.calendar.clock import AdvanceClock
from application.principals import Principal
from application.requests.commands import request_command
from application.requests.service import RequestService
from bench.people import Demo, principal
from bench.seed import CATEGORIES, BatchingLedger
from domain.errors import DomainError
from infra.cli_progress import progress
from infra.container import Container

EVENTS_PER_REQUEST = 3.7  # about what the plans below write, to size each day
RESOLVE = ["accept", "resolve", "confirm", "rate"]
# (cumulative probability, the plan: steps carried out one by one on later days)
PLANS: list[tuple[float, list[str]]] = [
    (0.25, []),  # left alone: open, and overdue once its deadline passes
    (0.35, ["accept"]),
    (0.45, ["accept", "resolve"]),  # resolved, the resident never answers
    (0.75, RESOLVE),
    (0.80, ["accept", "resolve", "dispute", "resolve", "confirm", "rate"]),
    (0.90, ["escalate", *RESOLVE]),
    (0.95, ["escalate", "escalate", *RESOLVE]),
    (0.98, ["escalate", "escalate", "escalate", "accept"]),
    (1.00, ["withdraw"]),
]
BY_RESIDENT = {"confirm", "rate", "dispute", "withdraw"}
SCORES = [1, 2, 3, 4, 4, 5, 5, 5]


@dataclass
class YearResult:
    days: int = 0
    requests: int = 0
    events: int = 0
    refused: int = 0  # planned steps the rules refused (the plan stops there)
    write_seconds: float = 0.0


@dataclass
class Live:
    """A request whose plan is not done: its resident and the steps left."""

    resident: Principal
    steps: list[str]


class LiveLedger(BatchingLedger):
    """Keeps every request whose plan is not done in memory across the day's saves."""

    def __init__(self, ledger: Any):
        super().__init__(ledger)
        self.live: dict[UUID, Any] = {}

    def request(
        self, request_id: UUID | str, expected_version: int | None = None
    ) -> Any:
        return self.live[UUID(str(request_id))]

    def commit(self, build: Any, idem: Any = None) -> dict[str, Any]:
        outcome = build()
        for aggregate in outcome.aggregates:
            self.pending[aggregate.id] = self.live[aggregate.id] = aggregate
        return outcome.response


class YearSeeder:
    def __init__(self, container: Container, demo: Demo, seed: int = 14):
        self.container, self.batch = container, LiveLedger(container.ledger)
        self.service: RequestService = copy.copy(container.requests)
        self.service.ledger = self.batch  # type: ignore[assignment]
        self.rng, self.handlers = random.Random(seed), demo.handlers()
        self.residents = [principal(spec) for spec in demo.residents()]
        self.admin = demo.reader()
        self.plans: dict[UUID, Live] = {}
        self.due: dict[int, list[UUID]] = defaultdict(list)

    def raise_one(self, day: int, n: int) -> None:
        resident = self.rng.choice(self.residents)
        raised = self.service.raise_request(
            resident,
            title=f"synthetic request {n}",
            description="a year of synthetic activity (bench/year.py)",
            category=self.rng.choice(CATEGORIES),
        )
        draw = self.rng.random()
        steps = next(list(plan) for p, plan in PLANS if draw <= p)
        request_id = UUID(raised["request_id"])
        if steps:
            self.plans[request_id] = Live(resident, steps)
            self.due[day + self.rng.randint(1, 2)].append(
                request_id
            )  # today's are done
        else:
            self.batch.live.pop(request_id, None)

    def step(self, day: int, request_id: UUID) -> bool:
        """The request's next planned step, on a later day; False where the rules refused it
        (its plan then stops)."""
        live = self.plans[request_id]
        action, done = live.steps.pop(0), True
        holder = self.batch.live[request_id].holding_unit
        who = live.resident if action in BY_RESIDENT else self.handlers[holder]
        command = request_command(action, request_id, _fields(action, self.rng))
        try:
            self.service.handle(who, command)
        except DomainError:
            live.steps.clear()
            done = False
        if live.steps:
            self.due[day + self.rng.randint(1, 4)].append(request_id)
        else:
            del self.plans[request_id]
            self.batch.live.pop(request_id, None)
        return done

    def end_of_day(self) -> int:
        events = self.batch.flush()
        self.container.clock.advance(
            self.admin, AdvanceClock("1d", "a year of synthetic activity")
        )
        return events


def _fields(action: str, rng: random.Random) -> dict[str, Any]:
    fields: dict[str, dict[str, Any]] = {
        "resolve": {"resolution": "办结（合成数据）"},
        "escalate": {"reason": "需上级协调"},
        "dispute": {"reason": "问题未解决"},
        "withdraw": {"reason": "已自行解决"},
        "rate": {"score": rng.choice(SCORES)},
    }
    return fields.get(action, {})


def seed_year(
    container: Container, demo: Demo, events: int, days: int = 365
) -> YearResult:
    """About `events` events over `days` service days (the clock moves a day after each)."""
    seeder, result, began = (
        YearSeeder(container, demo),
        YearResult(),
        time.perf_counter(),
    )
    per_day = max(1, round(events / EVENTS_PER_REQUEST / days))
    with progress("基准 bench") as bar:  # on stderr, only on a terminal
        bar.step(f"一年的合成数据：{days} 天", total=days)
        for day in range(days):
            for request_id in seeder.due.pop(day, []):
                result.refused += not seeder.step(day, request_id)
            for _ in range(per_day):
                seeder.raise_one(day, result.requests)
                result.requests += 1
            result.events += (
                seeder.end_of_day() + 1
            )  # the day's events and the clock's move
            result.days = day + 1
            bar.advance(1)
    result.write_seconds = time.perf_counter() - began
    return result
