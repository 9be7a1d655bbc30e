"""Seeding many requests straight through the ledger, in batches, then letting the views catch up."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from application.registry import PersonSpec
from bench.people import Demo
from domain.actors import SYSTEM, Actor
from domain.levels import Role
from domain.people import person_id_for
from domain.registry import Registry
from domain.requests import Request
from domain.vocabulary import Category, Channel
from infra.container import Container

# What happens to a seeded request after it is raised (cumulative probability, fate).
FATES = [(0.70, "stay"), (0.78, "accept"), (0.85, "resolve"), (0.95, 1), (0.99, 2), (1.00, 3)]
CATEGORIES = list(Category)


@dataclass
class SeedResult:
    requests: int = 0
    events: int = 0
    write_seconds: float = 0.0
    catch_up_seconds: float = 0.0
    caught_up: bool = False


def load_demo(container: Container, demo: Demo) -> int:
    return container.registry.import_tree(SYSTEM, demo.units, demo.people)["events_written"]


def _one(rng: random.Random, residents: list[PersonSpec], registry: Registry, handlers: dict[str, Actor],
         n: int) -> Request:
    spec = rng.choice(residents)
    person_id, group = str(person_id_for(spec.ref)), str(spec.home_group)
    request = Request.raise_(Actor(person_id, Role.RESIDENT, group), person_id, group, rng.choice(CATEGORIES),
                             Channel.APP, f"seeded request {n}", "seeded by the benchmark", "")
    fate = next(f for p, f in FATES if rng.random() <= p)
    if fate == "accept":
        request.accept(handlers[group])
    elif fate == "resolve":
        request.resolve(handlers[group], "done")
    elif isinstance(fate, int):
        for _ in range(fate):
            request.escalate(handlers[request.holding_unit], registry, "needs the level above")
    return request


def seed_requests(container: Container, demo: Demo, count: int, batch: int = 500, seed: int = 7) -> SeedResult:
    rng, registry, handlers = random.Random(seed), container.ledger.registry(), demo.handlers()
    residents = demo.residents()
    result, began = SeedResult(), time.perf_counter()
    for start in range(0, count, batch):
        requests = [_one(rng, residents, registry, handlers, n) for n in range(start, min(start + batch, count))]
        result.events += sum(len(r.pending_events) for r in requests)
        container.ledger.save(*requests)
        result.requests += len(requests)
    result.write_seconds = time.perf_counter() - began
    return result


def catch_up(container: Container, result: SeedResult, timeout: float = 900.0) -> None:
    """SQLite: run the catch-up now. PostgreSQL: wait for the subscription to reach the log's head."""
    began = time.perf_counter()
    container.runner.catch_up()
    head, deadline = container.ledger.position(), time.monotonic() + timeout
    while container.view.position() < head and time.monotonic() < deadline:
        time.sleep(0.2)
    result.caught_up = container.view.position() >= head
    result.catch_up_seconds = time.perf_counter() - began
