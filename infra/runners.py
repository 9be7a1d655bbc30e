"""Keeping the read model up to date with the log, on each backend.

One mechanism on both backends: `CatchUpRunner` reads the log from the view's
tracking position and applies batches (rows + tracking in one transaction), through
the catch-up loop that replay, rebuild and sealing share (projections/log_loop.py).
On PostgreSQL the library's LISTEN/NOTIFY subscription only wakes it
(`WokenCatchUpRunner`); SQLite cannot subscribe, so it polls. Two runners on one
view are safe: the tracking row refuses a position that was already applied, which
rolls back the loser's batch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import partial
from typing import Any

from eventsourcing.persistence import Notification

from application.ledger import Ledger
from infra.gap_guard import guard_for
from infra.progress import BatchProgress, Outcome, describe
from projections.log_loop import Batch, follow, view_batch, view_events
from projections.view import GovView

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
        failing = (
            None  # the error of the last step, logged once however often it repeats
        )
        while not self._stopping.is_set():
            try:
                self.step()
                failing = None
            except (
                Exception
            ) as error:  # keep the loop alive across a transient database error
                if describe(error) != failing:
                    log.exception(
                        "%s failed; retrying (logged once while it fails the same way)",
                        self.name,
                    )
                failing = describe(error)
            self._wake.wait(self.interval)
            self._wake.clear()

    @property
    def running(self) -> bool:
        """Started and its thread still alive (the heartbeat reports it)."""
        return self._thread is not None and self._thread.is_alive()

    def check(self) -> None:
        """The loop survives transient errors by itself."""

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=5)


class BatchRunner(BackgroundLoop):
    """Applies the log in batches from its own tracking position; a failing batch never spins.

    Subclasses say where they are (`position`) and how a batch of notifications is
    written (`write`); `BatchProgress` tells a lost race from a stuck batch. Once a
    batch fails, its events are tried one at a time, so everything before the one
    event that fails is applied and the stuck position is that event's.
    """

    def __init__(
        self,
        ledger: Ledger,
        interval: float,
        batch_size: int,
        retry: tuple[float, float] = (1.0, 60.0),
    ):
        super().__init__(interval)
        self.ledger, self.batch_size = ledger, batch_size
        self.progress = BatchProgress(
            self.name, self.position, retry_seconds=retry[0], retry_max_seconds=retry[1]
        )
        self._lock = threading.Lock()
        # with database functions on, ids may commit out of order (infra/gap_guard.py)
        self.gaps = guard_for(ledger.recorder)

    def position(self) -> int:
        raise NotImplementedError

    def select(self, limit: int) -> Sequence[Notification]:
        """The next notifications to apply, never past an id that may still commit."""
        if self.gaps is not None:
            return self.gaps.select(self.ledger.recorder, self.position(), limit)
        return self.ledger.recorder.select_notifications(
            start=self.position() + 1, limit=limit
        )

    def write(self, notifications: Sequence[Notification]) -> None:
        raise NotImplementedError

    def catch_up(self) -> int:
        """Apply everything recorded so far (or until a batch is stuck); returns how many events were applied."""
        with self._lock:
            applied = self._apply_all() if self.progress.may_try() else 0
            self.after_batches()
        return applied

    def after_batches(self) -> None:
        """Called after each catch-up, under the runner's lock."""

    def _apply_all(self) -> int:
        applied = 0

        def apply(notes: Sequence[Notification], limit: int) -> int | None:
            nonlocal applied
            outcome = self.progress.write(notes[0].id, partial(self.write, notes))
            if outcome is Outcome.APPLIED:
                applied += len(notes)
            elif outcome is Outcome.FAILED and len(notes) > 1:
                return 1  # find the one event that fails; apply the ones before it
            elif outcome is Outcome.FAILED:
                self.progress.report_stuck(notes[0].id)
                return None
            return limit

        follow(self.select, apply, 1 if self.progress.stuck else self.batch_size)
        return applied


class CatchUpRunner(BatchRunner):
    name = "catch-up"

    def __init__(
        self,
        ledger: Ledger,
        view: GovView,
        interval: float = 0.2,
        batch_size: int = 500,
        retry: tuple[float, float] = (1.0, 60.0),
    ):
        self.view = view
        super().__init__(ledger, interval, batch_size, retry)

    def position(self) -> int:
        return self.view.position()

    def write(self, notifications: Sequence[Notification]) -> None:
        self.view.apply_batch(self._batch(notifications))

    def _batch(self, notifications: Sequence[Notification]) -> Batch:
        return view_batch(view_events(self.ledger.mapper, notifications))

    def _next_batch(self) -> Batch:
        """The next batch as this runner would write it (two racing runners each build one)."""
        start = self.position() + 1
        return self._batch(
            self.ledger.recorder.select_notifications(
                start=start, limit=self.batch_size
            )
        )

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
        threading.Thread(
            target=self._wake_on_notifications, name="wake-up", daemon=True
        ).start()
        super().start()

    def _wake_on_notifications(self) -> None:
        try:
            for _ in self._subscription:
                self._wake.set()
        except (
            Exception
        ):  # the poll interval still catches up if the subscription drops
            log.exception("subscription ended; catching up by polling")

    def stop(self) -> None:
        subscription = getattr(self, "_subscription", None)
        if subscription is not None:
            subscription.stop()
        super().stop()


class ExternalRunner:
    """Projections run in another process (`gov worker`); this one only waits for them."""

    def __init__(self, view: GovView):
        self.view = view

    def start(self) -> None:
        pass

    def catch_up(self) -> int:
        return 0

    def wait_for(self, position: int, timeout: float) -> bool:
        return self.view.wait_for(position, timeout)

    def check(self) -> None:
        pass

    def stop(self) -> None:
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
