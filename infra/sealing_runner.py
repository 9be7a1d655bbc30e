"""Keeping the sealed log up with the application log, and signing checkpoints, on both backends.

A polling loop on both backends (like SQLite's catch-up for the views): sealing
is not on the read-your-writes path, so a second's delay costs nothing. Lost
races and stuck batches are told apart as for the views (`infra/progress.py`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from eventsourcing.persistence import Notification

from application.audit.checkpoints import Checkpointer
from application.ledger import Ledger
from infra.runners import BatchRunner
from projections.sealing import SealStore, seal


class SealingRunner(BatchRunner):
    name = "sealing"

    def __init__(
        self,
        ledger: Ledger,
        store: SealStore,
        checkpointer: Checkpointer,
        interval: float,
        batch_size: int = 1000,
        retry: tuple[float, float] = (1.0, 60.0),
    ):
        self.store, self.checkpointer = store, checkpointer
        super().__init__(ledger, interval, batch_size, retry)

    def position(self) -> int:
        return self.store.sealed_position()

    def write(self, notifications: Sequence[Notification]) -> None:
        size = self.store.size()
        self.store.write(seal(size, self.store.frontier(size), notifications))

    def after_batches(self) -> None:
        """Sign a checkpoint of what is sealed, if one is due."""
        self.checkpointer.maybe_checkpoint()

    def wait_for(self, position: int, timeout: float) -> bool:
        self.catch_up()
        deadline = time.monotonic() + timeout
        while self.store.sealed_position() < position:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def step(self) -> int:
        return self.catch_up()
