"""Inbox latency: `QueryService.inbox` in process, and a smaller sample over HTTP."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from application.signin.tokens import TokenService
from bench.load import percentile
from bench.people import Demo
from infra.container import Container

LIMIT = 50


@dataclass
class Latencies:
    samples: list[float] = field(default_factory=list)
    by_level: dict[str, list[float]] = field(default_factory=dict)
    items: int = 0

    def ms(self, q: float, level: str | None = None) -> float:
        return 1000 * percentile(
            self.by_level.get(level, []) if level else self.samples, q
        )


def _time_queries(
    units: list[str], levels: dict[str, str], query: Callable[[str], int]
) -> Latencies:
    result = Latencies()
    for unit in units:
        began = time.perf_counter()
        result.items += query(unit)
        elapsed = time.perf_counter() - began
        result.samples.append(elapsed)
        result.by_level.setdefault(levels[unit], []).append(elapsed)
    return result


def random_units(demo: Demo, count: int, seed: int = 11) -> list[str]:
    rng, codes = random.Random(seed), demo.unit_codes()
    return [rng.choice(codes) for _ in range(count)]


def unit_levels(demo: Demo) -> dict[str, str]:
    return {u.code: u.level.value for u in demo.units}


def inbox_in_process(container: Container, demo: Demo, count: int) -> Latencies:
    queries = container.queries
    query = lambda unit: len(queries.inbox(unit, [], [], 0, LIMIT)["items"])  # noqa: E731
    _time_queries(random_units(demo, 50, seed=3), unit_levels(demo), query)  # warm-up
    return _time_queries(random_units(demo, count), unit_levels(demo), query)


def inbox_over_http(
    base_url: str, tokens: TokenService, demo: Demo, count: int
) -> Latencies:
    reader = demo.reader()
    headers = {"Authorization": f"Bearer {tokens.issue(reader.person_id)}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30.0) as client:

        def query(unit: str) -> int:
            response = client.get(
                f"/api/v1/units/{unit}/inbox", params={"limit": LIMIT}
            )
            response.raise_for_status()
            return len(response.json()["items"])

        _time_queries(
            random_units(demo, 20, seed=5), unit_levels(demo), query
        )  # warm-up
        return _time_queries(
            random_units(demo, count, seed=13), unit_levels(demo), query
        )
