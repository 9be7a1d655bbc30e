"""Seeding many requests through the application's own commands, saved in batches, then catching up.

`RequestService` builds each command as usual (rules, events); a stand-in for the ledger keeps the
changed aggregates instead of saving each command, and `Ledger.save(*aggregates)` writes them in batches.
"""

from __future__ import annotations

import copy
import random
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.ledger import Ledger, Outcome
from application.requests.commands import request_command
from application.requests.service import RequestService
from bench.people import Demo, principal
from domain.actors import SYSTEM
from domain.vocabulary import Category
from infra.cli_progress import progress
from infra.container import Container
from infra.runners import CatchUpRunner

# What happens to a seeded request after it is raised: (cumulative probability, fate).
FATES: list[tuple[float, Any]] = [
    (0.70, "stay"),
    (0.78, "accept"),
    (0.85, "resolve"),
    (0.95, 1),
    (0.99, 2),
    (1.00, 3),
]
ACTIONS = {"accept": {}, "resolve": {"resolution": "done"}}
CATEGORIES = list(Category)


@dataclass
class SeedResult:
    requests: int = 0
    events: int = 0
    write_seconds: float = 0.0
    catch_up_seconds: float = 0.0
    caught_up: bool = False
    settled: str = (
        ""  # what was done after the bulk load, as a database would do by itself
    )


class BatchingLedger:
    """Stands in for the ledger inside a RequestService: commands build as usual, saving waits for `flush`."""

    def __init__(self, ledger: Ledger):
        self._ledger, self._registry = ledger, ledger.registry()
        self.pending: dict[UUID, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)

    def registry(self, **_: Any) -> Any:
        return self._registry  # the tree does not change while seeding

    def request(
        self, request_id: UUID | str, expected_version: int | None = None
    ) -> Any:
        return self.pending[UUID(str(request_id))]

    def commit(self, build: Any, idem: Any = None) -> dict[str, Any]:
        outcome: Outcome = build()
        self.pending.update(
            (aggregate.id, aggregate) for aggregate in outcome.aggregates
        )
        return outcome.response

    def flush(self) -> int:
        """Save the batch; returns how many events it held."""
        events = sum(len(a.pending_events) for a in self.pending.values())
        self._ledger.save(*self.pending.values())
        self.pending.clear()
        return events


def load_demo(container: Container, demo: Demo) -> int:
    return container.registry.import_tree(SYSTEM, demo.units, demo.people)[
        "events_written"
    ]


def _steps(fate: Any) -> list[tuple[str, dict[str, str]]]:
    if isinstance(fate, int):
        return [("escalate", {"reason": "needs the level above"})] * fate
    return [(fate, ACTIONS[fate])] if fate in ACTIONS else []


class Seeder:
    """Raises requests as random demo residents; some are then accepted, resolved or escalated."""

    def __init__(self, container: Container, demo: Demo, seed: int = 7):
        self.batch = BatchingLedger(container.ledger)
        self.service: RequestService = copy.copy(container.requests)
        # a stand-in that batches saves, not a Ledger: the service only calls what it has
        self.service.ledger = self.batch  # type: ignore[assignment]
        self.rng, self.handlers = random.Random(seed), demo.handlers()
        self.residents = [principal(spec) for spec in demo.residents()]

    def one(self, n: int) -> None:
        raised = self.service.raise_request(
            self.rng.choice(self.residents),
            title=f"seeded request {n}",
            description="seeded by the benchmark",
            category=self.rng.choice(CATEGORIES),
        )
        request_id, unit, draw = (
            UUID(raised["request_id"]),
            raised["holding_unit"],
            self.rng.random(),
        )
        for action, params in _steps(next(fate for p, fate in FATES if draw <= p)):
            unit = self.service.handle(
                self.handlers[unit], request_command(action, request_id, params)
            )["holding_unit"]


def seed_requests(
    container: Container, demo: Demo, count: int, batch: int = 500
) -> SeedResult:
    seeder, result, began = Seeder(container, demo), SeedResult(), time.perf_counter()
    with progress("基准 bench") as steps:  # on stderr, only on a terminal
        steps.step(f"写入 {count} 条诉求", total=count)
        for start in range(0, count, batch):
            for n in range(start, min(start + batch, count)):
                seeder.one(n)
            result.events += seeder.batch.flush()
            result.requests = min(start + batch, count)
            steps.advance(result.requests - start)
    result.write_seconds = time.perf_counter() - began
    return result


def catch_up(container: Container, result: SeedResult) -> None:
    """Apply the whole log to the views with the service's batching runner (500 events a transaction).

    The same batching runner keeps the service's views current on both backends (on PostgreSQL woken by
    the library's subscription); its pace under load is measured too (see `views` figures).
    """
    began = time.perf_counter()
    CatchUpRunner(container.ledger, container.view).catch_up()
    result.caught_up = container.view.position() >= container.ledger.position()
    result.catch_up_seconds = time.perf_counter() - began
