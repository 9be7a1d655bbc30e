"""Keeping the sealed log up with the application log, and signing checkpoints, on both backends.

A polling loop on both backends (like SQLite's catch-up for the views): sealing
is not on the read-your-writes path, so a second's delay costs nothing.
"""

from __future__ import annotations

import threading
import time

from eventsourcing.persistence import IntegrityError

from application.audit.checkpoints import Checkpointer
from application.ledger import Ledger
from infra.runners import BackgroundLoop
from projections.sealing import SealedBatch, SealStore, seal


class SealingRunner(BackgroundLoop):
    name = "sealing"

    def __init__(self, ledger: Ledger, store: SealStore, checkpointer: Checkpointer, interval: float,
                 batch_size: int = 1000):
        super().__init__(interval)
        self.ledger, self.store, self.checkpointer, self.batch_size = ledger, store, checkpointer, batch_size
        self._lock = threading.Lock()

    def catch_up(self) -> int:
        """Seal everything recorded so far, then sign a checkpoint if one is due; returns events sealed."""
        sealed = 0
        with self._lock:
            while True:
                # read before the batch: another sealer may commit the same events in between
                before = self.store.sealed_position()
                if not (batch := self._next_batch()):
                    break
                try:
                    self.store.write(batch)
                except IntegrityError:
                    if self.store.sealed_position() == before:
                        raise  # not a race lost to another sealer: a real error
                    continue
                sealed += batch.count
            self.checkpointer.maybe_checkpoint()
        return sealed

    def _next_batch(self) -> SealedBatch | None:
        start = self.store.sealed_position() + 1
        notes = self.ledger.recorder.select_notifications(start=start, limit=self.batch_size)
        if not notes:
            return None
        size = self.store.size()
        return seal(size, self.store.frontier(size), notes)

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
