"""The heartbeat: every second, the process that runs background runners says so in the database.

Readiness in every API process reads these rows (`application/readiness.py`); the
supervisor in `gov serve` marks a dead worker's rows down the moment it sees the
process end, so readiness does not wait for the rows to go stale.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from infra.runners import BackgroundLoop
from projections.runner_status import RunnerStatusTable

HOST = socket.gethostname()


def status_row(loop: Any) -> dict[str, Any]:
    progress = getattr(loop, "progress", None)
    stuck = progress.stuck if progress is not None else None
    position = loop.position() if hasattr(loop, "position") else None
    return {
        "name": loop.name,
        "host": HOST,
        "pid": os.getpid(),
        "beat_at": time.time(),
        "alive": int(loop.running),
        "position": position,
        "attempts": progress.tried if progress is not None else 0,
        "stuck_position": stuck.position if stuck else None,
        "stuck_error": stuck.error if stuck else None,
        "note": None,
    }


class Heartbeat(BackgroundLoop):
    """Writes one row per started runner of this process (`loops()` may include unstarted ones)."""

    name = "heartbeat"

    def __init__(
        self,
        table: RunnerStatusTable,
        loops: Callable[[], Iterable[Any]],
        interval: float,
    ):
        super().__init__(interval)
        self.table, self.loops = table, loops

    def step(self) -> None:
        started = [
            loop
            for loop in self.loops()
            if isinstance(loop, BackgroundLoop) and loop._thread is not None
        ]
        self.table.beat([status_row(loop) for loop in started])

    def start(self) -> None:
        """The first beat before returning: readiness is right as soon as the process has started."""
        with suppress(Exception):  # the loop beats again at once, and logs a failure
            self.step()
        super().start()

    def stop(self) -> None:
        """A clean stop says so: this process's runners are no longer running."""
        super().stop()
        if self._thread is not None:
            with suppress(Exception):  # the rows go stale by themselves
                self.table.mark_down(HOST, os.getpid(), "stopped")
