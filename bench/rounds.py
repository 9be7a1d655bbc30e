"""The command arms measured in alternating rounds, each after the service has settled.

One round runs every arm once, in the same order: HTTP (a fresh `gov serve`), the
application with its views updating, the application with them stopped, the bare
library. Before an arm's measured seconds, what the arm runs alongside (views,
sealing) has applied the whole log, so no arm pays for the one before it (the
benchmark once measured HTTP while the service was sealing the freshly seeded log).
Alternating spreads the machine's changing load over every arm; the spread of the
per-round ratios says how much to trust them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from application.signin.tokens import TokenService
from bench import commands, machine, server
from bench.backend import Backend
from bench.inbox import Latencies, inbox_over_http
from bench.load import LoadResult, Probes, warm_then_run
from bench.people import Demo, resident_slices
from infra.container import Container, build_container

SETTLE_SECONDS = 600.0
ARMS = ("api", "app_views", "app_bare", "library")


@dataclass
class Rounds:
    """Each arm's result in each round, and the load average as each round began."""

    results: dict[str, list[LoadResult]] = field(
        default_factory=lambda: {arm: [] for arm in ARMS}
    )
    loads: list[str] = field(default_factory=list)
    settle_seconds: list[float] = field(default_factory=list)

    def median(self, arm: str) -> LoadResult:
        ordered = sorted(self.results[arm], key=lambda r: r.rate)
        return ordered[len(ordered) // 2]

    def drop_partial(self) -> None:
        """Keep the rounds every arm completed (a round cut short by an error is dropped)."""
        done = min(len(results) for results in self.results.values())
        for arm in ARMS:
            del self.results[arm][done:]
        del self.loads[done:]

    def ratios(self, top: str, bottom: str) -> list[float]:
        pairs = zip(self.results[top], self.results[bottom], strict=True)
        return [a.rate / b.rate if b.rate else 0.0 for a, b in pairs]


def _until(settled: Callable[[], bool], what: str) -> float:
    """Wait until `settled()`; returns the seconds it took (an arm never starts unsettled)."""
    began = time.monotonic()
    while not settled():
        if time.monotonic() - began > SETTLE_SECONDS:
            raise RuntimeError(f"{what} did not settle within {SETTLE_SECONDS:.0f} s")
        time.sleep(0.2)
    return time.monotonic() - began


def service_settled(url: str) -> bool:
    ready = httpx.get(f"{url}/api/v1/ready", timeout=10.0).json()
    return ready.get("lag") == 0 and ready.get("sealing_lag") == 0


def container_settled(container: Container) -> bool:
    log = container.ledger.position()
    sealed = container.audit_parts.store.sealed_position()
    return container.view.position() >= log and sealed >= log


def settle_by_hand(container: Container) -> bool:
    """A container whose runners are not started: catch up here, outside the measured seconds."""
    container.runner.catch_up()
    container.audit_parts.sealing.catch_up()
    return container_settled(container)


class Arms:
    """How each arm is set up, settled and measured, on one backend and one demo district."""

    def __init__(self, args: Any, backend: Backend, demo: Demo, rounds: Rounds):
        self.args, self.backend, self.rounds = args, backend, rounds
        self.slices = resident_slices(demo.residents(), args.clients)
        self.demo, self.tokens = demo, TokenService(backend.secret)
        self.inbox_http: Latencies | None = None

    def _measure(self, arm: str, ops: list, probes: Probes | None = None) -> None:
        self.rounds.results[arm].append(warm_then_run(ops, self.args.seconds, probes))

    def api(self) -> None:
        env, log_path = self.backend.server_env(), self.backend.tmp / "service.log"
        with server.running_service(env, log_path) as service:
            settled = partial(service_settled, service.url)
            self.rounds.settle_seconds.append(_until(settled, "the service"))
            if self.inbox_http is None:  # the settled service's inbox, once
                self.inbox_http = inbox_over_http(
                    service.url, self.tokens, self.demo, self.args.http_inbox_queries
                )
            probes = Probes(service.cpu_seconds, lambda: server.positions(service.url))
            ops = [commands.api_op(service.url, self.tokens, s) for s in self.slices]
            self._measure("api", ops, probes)

    def app(self, views: bool) -> None:
        with _container(self.backend, start=views) as container:
            settled = (
                partial(container_settled, container)
                if views
                else partial(settle_by_hand, container)
            )
            self.rounds.settle_seconds.append(_until(settled, "the application"))
            probes = Probes(positions=partial(_positions, container))
            ops = [commands.app_op(container, s) for s in self.slices]
            self._measure("app_views" if views else "app_bare", ops, probes)

    def library(self) -> None:
        # the library's own path: one transaction a save (group commit is the service's)
        single = self.backend.settings().model_copy(update={"group_commit": False})
        app = commands.BenchLibrary(env=single.persistence_env())
        try:
            self._measure("library", [commands.library_op(app, s) for s in self.slices])
        finally:
            app.close()

    def one_round(self) -> None:
        self.rounds.loads.append(machine.load_average())
        self.api()
        self.app(views=True)
        self.app(views=False)
        self.library()


@contextmanager
def _container(backend: Backend, start: bool) -> Iterator[Container]:
    container = build_container(backend.settings(), start=start)
    try:
        yield container
    finally:
        container.close()


def _positions(container: Container) -> tuple[int, int]:
    return container.ledger.position(), container.view.position()
