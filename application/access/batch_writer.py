"""Access-log entries written off the read path: a bounded queue drained by one writer thread.

A read only queues its entry; the writer appends everything queued in one transaction, so N
concurrent reads cost far fewer commits (and fsyncs) than N. The log must stay complete, so
nothing is ever dropped: a full queue makes the read wait, a failed batch is logged and retried
with backoff, and an entry leaves the queue only once its batch is committed (the bound counts
the batch being written too). `flush()` waits until everything queued before it is written:
the access log's readers call it first, so a read is on the page right after it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

LOG = logging.getLogger(__name__)
Entry = dict[str, Any]


class AccessLogBehind(TimeoutError):
    """The writer did not catch up in time (the database is failing): the reader is answered
    with an error rather than a page missing entries."""


class AccessLogClosed(RuntimeError):
    """An entry after `close()`: refused loudly, since it could never be written."""


class BatchWriter:
    def __init__(
        self,
        append_many: Callable[[list[Entry]], None],
        capacity: int,
        retry_initial_seconds: float = 0.05,
        retry_max_seconds: float = 5.0,
    ):
        self.append_many, self.capacity = append_many, capacity
        self.retry_initial, self.retry_max = retry_initial_seconds, retry_max_seconds
        self._pending: deque[Entry] = deque()
        self._changed = threading.Condition()
        self._queued = self._written = self.batches = 0
        self._closing = False
        self._thread = threading.Thread(
            target=self._run, name="access-log-writer", daemon=True
        )
        self._thread.start()

    @property
    def closing(self) -> bool:
        return self._closing

    def put(self, entry: Entry) -> None:
        """Queue the entry; while the queue is full, wait (a read waits rather than goes unlogged)."""
        with self._changed:
            self._changed.wait_for(
                lambda: len(self._pending) < self.capacity or self._closing
            )
            if self._closing:
                raise AccessLogClosed("the access log's writer is closed")
            self._pending.append(entry)
            self._queued += 1
            self._changed.notify_all()

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every entry queued before this call is committed."""
        with self._changed:
            target = self._queued
            if not self._changed.wait_for(lambda: self._written >= target, timeout):
                raise AccessLogBehind(
                    f"访问日志尚有 {target - self._written} 条未写入，请稍后重试"
                )

    def close(self, timeout: float | None = None) -> None:
        """Write what is still queued, then stop; queued entries are never discarded."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            LOG.error(
                "access log: %d entries still unwritten at close (the writer keeps retrying)",
                len(self._pending),
            )

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending or self._closing)
                if not self._pending:
                    return  # closing, and everything is written
                batch = list(self._pending)
            self._write_until_committed(batch)
            with self._changed:
                for _ in batch:
                    self._pending.popleft()
                self._written += len(batch)
                self.batches += 1
                self._changed.notify_all()

    def _write_until_committed(self, batch: list[Entry]) -> None:
        pause = self.retry_initial
        while True:
            try:
                self.append_many(batch)
                return
            except Exception:
                LOG.exception(
                    "access log: a batch of %d entries failed; retrying in %.2f s",
                    len(batch),
                    pause,
                )
                time.sleep(pause)
                pause = min(pause * 2, self.retry_max)
