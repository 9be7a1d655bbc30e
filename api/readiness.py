"""Readiness within a bound: the database probe runs in its own thread, one at a time.

While the database is down a probe may wait for a connection (the pool is
reconnecting); `/ready` then answers 503 after `timeout` seconds instead of
waiting with it, and later calls join the probe still running rather than
stacking up threads behind it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class ProbeTimeout(Exception):
    pass


class BoundedProbe:
    def __init__(self, timeout: float = 0.5):
        self.timeout = timeout
        self._running: Future[Any] | None = None
        self._lock = threading.Lock()

    async def run(self, probe: Callable[[], Any]) -> Any:
        """The probe's answer, its error, or ProbeTimeout once `timeout` has passed."""
        future = asyncio.wrap_future(self._start(probe))
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            raise ProbeTimeout(
                f"no answer from the database within {self.timeout} s"
            ) from None

    def _start(self, probe: Callable[[], Any]) -> Future[Any]:
        with self._lock:
            if self._running is None or self._running.done():
                self._running = Future()
                threading.Thread(
                    target=_settle,
                    args=(self._running, probe),
                    name="ready-probe",
                    daemon=True,
                ).start()
            return self._running


def _settle(future: Future[Any], probe: Callable[[], Any]) -> None:
    try:
        future.set_result(probe())
    except Exception as error:  # handed to the caller, who answers 503
        future.set_exception(error)
