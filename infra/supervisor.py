"""Keeps one child process running (`gov serve` supervising its `gov worker`).

When the child ends while it should run, the supervisor logs it, tells
`on_exit` (which marks the child's runners down, so readiness is not-ready at
once), and starts it again after a pause: `initial` seconds, doubling up to
`cap`, back to `initial` once a child has run for `healthy_after` seconds.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Supervisor:
    def __init__(
        self,
        argv: list[str],
        *,
        initial: float = 0.5,
        cap: float = 30.0,
        healthy_after: float = 60.0,
        on_exit: Callable[[int, int], None] = lambda pid, code: None,
        **popen_options,
    ):
        self.argv, self.initial, self.cap, self.healthy_after = (
            argv,
            initial,
            cap,
            healthy_after,
        )
        self.on_exit, self.popen_options = on_exit, popen_options
        self.restarts = 0
        self.child: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.child = subprocess.Popen(self.argv, **self.popen_options)
        self._thread = threading.Thread(
            target=self._watch, args=(self.child,), name="supervisor", daemon=True
        )
        self._thread.start()

    def _watch(self, child: subprocess.Popen) -> None:
        pause, started = self.initial, time.monotonic()
        while not self._stopping.is_set():
            code = child.poll()
            if code is None:
                self._stopping.wait(0.2)
                continue
            pause = (
                self.initial
                if time.monotonic() - started >= self.healthy_after
                else pause
            )
            self._ended(child.pid, code, pause)
            if self._stopping.wait(pause):
                return
            child, started = (
                subprocess.Popen(self.argv, **self.popen_options),
                time.monotonic(),
            )
            self.child = child
            self.restarts += 1
            log.warning(
                "worker restarted (restart %d): pid %d", self.restarts, child.pid
            )
            pause = min(pause * 2, self.cap)

    def _ended(self, pid: int, code: int, pause: float) -> None:
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        log.warning(
            "worker process %d ended (%s); restarting in %.1f s", pid, how, pause
        )
        try:
            self.on_exit(pid, code)
        except Exception:  # readiness still sees the rows go stale
            log.exception("could not mark the worker's runners down")

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()
            try:
                self.child.wait(timeout)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait(timeout)
