"""Keeping the read model up to date with the log, on each backend.

PostgreSQL: the library's ProjectionRunner (LISTEN/NOTIFY subscription).
SQLite cannot subscribe, so `CatchUpRunner` polls the log from the view's
tracking position and applies batches (rows + tracking in one transaction).
Both are safe to run twice at once: the tracking row refuses a position that
was already applied, which rolls back the loser's batch.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.projection import ProjectionRunner

from application.ledger import Ledger
from projections.dispatch import changes_for
from projections.projection import GovProjection
from projections.view import APP_NAME, GovView

log = logging.getLogger(__name__)


class BackgroundLoop:
    """Runs `step()` now, then every `interval` seconds or as soon as woken, until stopped."""

    name = "loop"

    def __init__(self, interval: float):
        self.interval = interval
        self._stopping, self._wake = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> Any:
        raise NotImplementedError

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.step()
            except Exception:  # keep the loop alive across a transient database error
                log.exception("%s failed; retrying", self.name)
            self._wake.wait(self.interval)
            self._wake.clear()

    def check(self) -> None:
        """The loop survives transient errors by itself."""

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=5)


class CatchUpRunner(BackgroundLoop):
    name = "catch-up"

    def __init__(self, ledger: Ledger, view: GovView, interval: float = 0.2, batch_size: int = 500):
        super().__init__(interval)
        self.ledger, self.view, self.batch_size = ledger, view, batch_size
        self._lock = threading.Lock()

    def catch_up(self) -> int:
        """Apply everything recorded so far; returns how many events were applied."""
        applied = 0
        with self._lock:
            while batch := self._next_batch():
                try:
                    self.view.apply_batch(batch)
                except IntegrityError:
                    continue  # another runner applied it first: start again from its position
                applied += len(batch)
        return applied

    def _next_batch(self) -> list[tuple[list, Tracking]]:
        start = self.view.position() + 1
        notes = self.ledger.recorder.select_notifications(start=start, limit=self.batch_size)
        mapper = self.ledger.mapper
        return [(changes_for(mapper.to_domain_event(n), n.id), Tracking(APP_NAME, n.id)) for n in notes]

    def wait_for(self, position: int, timeout: float) -> bool:
        self.catch_up()
        return self.view.wait_for(position, timeout)

    def step(self) -> int:
        return self.catch_up()


class WokenCatchUpRunner(CatchUpRunner):
    """PostgreSQL: the library's LISTEN/NOTIFY subscription wakes the catch-up at once.

    Applying in batches (rows and tracking in one transaction) keeps the views up
    with the writers; the library's ProjectionRunner applies one event a transaction
    and fell behind under load (see docs/benchmarks.md).
    """

    def start(self) -> None:
        self._subscription = self.ledger.recorder.subscribe(gt=self.view.position())
        self._subscription.__enter__()
        threading.Thread(target=self._wake_on_notifications, name="wake-up", daemon=True).start()
        super().start()

    def _wake_on_notifications(self) -> None:
        try:
            for _ in self._subscription:
                self._wake.set()
        except Exception:  # the poll interval still catches up if the subscription drops
            log.exception("subscription ended; catching up by polling")

    def stop(self) -> None:
        subscription = getattr(self, "_subscription", None)
        if subscription is not None:
            subscription.stop()
        super().stop()


class SubscriptionRunner:
    """The library's ProjectionRunner, behind the same small interface."""

    def __init__(self, env: dict[str, str], view: GovView, ledger_class: type[Ledger] = Ledger):
        self.env, self.view, self.ledger_class = env, view, ledger_class
        self._runner: ProjectionRunner[Any, Any] | None = None

    def start(self) -> None:
        from projections.postgres_view import PostgresGovView

        # The library builds its own view: it seals personal values as this process's view does.
        view_class = type("SealingPostgresGovView", (PostgresGovView,), {"values": self.view.values})
        self._runner = ProjectionRunner(application_class=self.ledger_class, projection_class=GovProjection,
                                        view_class=view_class, env=self.env)
        self._runner.__enter__()

    def catch_up(self) -> int:
        return 0

    def wait_for(self, position: int, timeout: float) -> bool:
        return self.view.wait_for(position, timeout)

    def check(self) -> None:
        """Re-raise the error that stopped the projection thread, if one did."""
        if self._runner and self._runner.is_interrupted.is_set():
            self._runner.run_forever(timeout=0)
            raise RuntimeError("the projection runner stopped")

    def stop(self) -> None:
        if self._runner:
            self._runner.__exit__(None, None, None)
            self._runner = None


class ExternalRunner(SubscriptionRunner):
    """Projections run in another process (`gov worker`); this one only waits."""

    def start(self) -> None:
        pass

    def check(self) -> None:
        pass


class SchedulerLoop(BackgroundLoop):
    """Records passed deadlines every `interval` seconds (and once at start)."""

    name = "scheduler"

    def __init__(self, supervision: Any, due_items: Any, interval: float):
        super().__init__(interval)
        self.supervision, self.due_items = supervision, due_items

    def run_once(self) -> dict[str, int]:
        return self.supervision.run_once(self.due_items)

    def step(self) -> dict[str, int]:
        return self.run_once()
