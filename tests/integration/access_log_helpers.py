"""An access-log table whose writer waits at a gate: batching and a full queue made on purpose."""

from __future__ import annotations

import threading
from typing import Any


class GatedTable:
    """The real access-log table; each batch waits at `gate` and is counted once committed."""

    def __init__(self, table: Any):
        self.table, self.gate = table, threading.Event()
        self.batches: list[int] = []
        self.waiting = threading.Event()  # a batch is held at the gate

    def append_many(self, entries: list[dict[str, Any]]) -> None:
        self.waiting.set()
        assert self.gate.wait(30), "the test never opened the gate"
        self.table.append_many(entries)
        self.batches.append(len(entries))

    def page(self, unit: str, after: int, limit: int) -> list[dict[str, Any]]:
        return self.table.page(unit, after, limit)
