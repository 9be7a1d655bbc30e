"""The service's Prometheus metrics (docs/operations.md §metrics).

Counters and the duration histogram live in a registry of their own per app (no
global state); with PROMETHEUS_MULTIPROC_DIR set (`gov serve --workers N`) every
process writes them to that directory and a scrape adds them up. The positions,
lags, self-audit figures, runners and pools are read at scrape time from the
database by `StateCollector`, so any process answers them for the whole service.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from infra.readiness import positions, self_audit_figures

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class ServiceMetrics:
    """The `MetricsSink` of api/metrics_middleware.py."""

    def __init__(self, state: Collector | None = None):
        self.registry = CollectorRegistry(auto_describe=True)
        self.state = state
        self.requests = Counter(
            "gov_http_requests",
            "HTTP requests answered, by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.durations = Histogram(
            "gov_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["method", "route"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self.commands = Counter(
            "gov_commands",
            "Commands by operation and outcome (ok, replayed, conflict, refused, error)",
            ["operation", "outcome", "rule_id"],
            registry=self.registry,
        )
        self.signins = Counter(
            "gov_signin_attempts",
            "Sign-in attempts by outcome and refusal reason",
            ["outcome", "reason"],
            registry=self.registry,
        )
        self.lockouts = Counter(
            "gov_signin_lockouts",
            "Sign-in attempts refused because the phone number is locked",
            registry=self.registry,
        )

    def request_done(
        self, method: str, route: str, status: int, seconds: float
    ) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.durations.labels(method, route).observe(seconds)

    def command_done(self, operation: str, outcome: str, rule_id: str) -> None:
        self.commands.labels(operation, outcome, rule_id).inc()

    def signin_done(self, outcome: str, reason: str) -> None:
        self.signins.labels(outcome, reason).inc()
        if reason == "locked":
            self.lockouts.inc()

    def exposition(self) -> tuple[bytes, str]:
        registry = self.registry
        if os.environ.get(MULTIPROC_DIR):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        if self.state is None:
            return generate_latest(registry), CONTENT_TYPE_LATEST
        scrape = CollectorRegistry()
        scrape.register(_Both(registry, self.state))
        return generate_latest(scrape), CONTENT_TYPE_LATEST


class _Both(Collector):
    def __init__(self, registry: CollectorRegistry, state: Collector):
        self.registry, self.state = registry, state

    def collect(self) -> Iterator[Any]:
        yield from self.registry.collect()
        yield from self.state.collect()


def gauge(name: str, doc: str, value: float | None) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc)
    if value is not None:
        family.add_metric([], value)
    return family


class StateCollector(Collector):
    """Figures read from the database at each scrape; a failing read drops its family."""

    def __init__(self, container: Any):
        self.container = container

    def collect(self) -> Iterator[Any]:
        up = GaugeMetricFamily(
            "gov_metrics_source_up",
            "Whether a source of figures answered at this scrape",
            labels=["source"],
        )
        sources = {
            "positions": self._positions,
            "self_audit": self._self_audit,
            "runners": self._runners,
            "pools": self._pools,
        }
        for name, source in sources.items():
            try:
                families = list(source())
            except Exception:  # noqa: BLE001 - a database outage must not fail the scrape
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up

    def _positions(self) -> Iterator[Any]:
        figures = positions(self.container)
        appended = CounterMetricFamily(
            "gov_events_appended", "Events appended to the log (its head position)"
        )
        appended.add_metric([], figures["log_position"])
        yield appended
        for key, doc in POSITION_DOCS.items():
            yield gauge(f"gov_{key}", doc, figures[key])

    def _self_audit(self) -> Iterator[Any]:
        figures = self_audit_figures(self.container)
        audit = figures["self_audit"]
        yield gauge(
            "gov_integrity_tampered",
            "1 while the self-audit holds a finding (the log does not verify)",
            1 if figures["integrity"] == "tampered" else 0,
        )
        yield gauge(
            "gov_self_audit_open_findings",
            "Self-audit findings not yet resolved",
            audit["open_findings"] or 0,
        )
        newest = audit["newest_checked_leaf"]
        yield gauge("gov_self_audit_checked_leaf", "Newest leaf re-checked", newest)
        sealed = self.container.audit_parts.store.sealed_position()
        yield gauge(
            "gov_self_audit_lag",
            "Sealed leaves not yet re-checked by the self-audit",
            None if newest is None else max(sealed - newest, 0),
        )
        yield gauge(
            "gov_self_audit_passes", "Whole-log passes completed", audit["passes"]
        )

    def _runners(self) -> Iterator[Any]:
        alive = GaugeMetricFamily(
            "gov_runner_alive", "1 while the runner's thread lives", labels=["name"]
        )
        age = GaugeMetricFamily(
            "gov_runner_beat_age_seconds", "Age of its last heartbeat", labels=["name"]
        )
        pid = GaugeMetricFamily(
            "gov_runner_process_id",
            "The process running it; a change is a restart",
            labels=["name"],
        )
        for row in runner_rows(self.container):
            alive.add_metric([row["name"]], 1 if row["alive"] else 0)
            age.add_metric([row["name"]], row["beat_age_seconds"])
            pid.add_metric([row["name"]], float(row.get("pid") or 0))
        yield from (alive, age, pid)

    def _pools(self) -> Iterator[Any]:
        family = GaugeMetricFamily(
            "gov_db_pool_connections",
            "PostgreSQL pool connections by store and state (in_use, idle, waiting)",
            labels=["store", "state"],
        )
        for store, stats in pool_stats(self.container).items():
            size, idle = stats.get("pool_size", 0), stats.get("pool_available", 0)
            family.add_metric([store, "in_use"], size - idle)
            family.add_metric([store, "idle"], idle)
            family.add_metric([store, "waiting"], stats.get("requests_waiting", 0))
        yield family


POSITION_DOCS = {
    "log_position": "Head of the event log",
    "view_position": "Last event the views include",
    "projection_lag": "Events written but not yet in the views",
    "sealed_position": "Last event sealed into the audit log",
    "sealing_lag": "Events written but not yet sealed",
}


def runner_rows(container: Any) -> list[dict[str, Any]]:
    from application.readiness import with_beat_ages

    return with_beat_ages(container.runner_status.rows())


def pool_stats(container: Any) -> dict[str, dict[str, int]]:
    """psycopg_pool's figures for each store with a pool (none on SQLite)."""
    stores: dict[str, Callable[[], Any]] = {
        "events": lambda: container.ledger.recorder.datastore,
        "views": lambda: container.view.datastore,
        "audit": lambda: container.audit_parts.store.datastore,
    }
    stats = {}
    for name, datastore in stores.items():
        pool = getattr(datastore(), "pool", None)
        if pool is not None and hasattr(pool, "get_stats"):
            stats[name] = pool.get_stats()
    return stats
