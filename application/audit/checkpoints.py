"""Signing checkpoints of the sealed log every N events or T seconds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.integrity import LedgerTampered, NoWatch
from application.audit.merkle import Node, frontier_nodes, root_of
from application.audit.notes import (
    LOG_KEY,
    Checkpoint,
    VerifierKey,
    raw_public,
    sign_line,
)

log = logging.getLogger(__name__)


class SealedLog(Protocol):
    def size(self) -> int: ...
    def nodes(self, wanted: Any) -> dict[Node, bytes]: ...
    def add_checkpoint(self, size: int, root: bytes, time: str, note: str) -> None: ...
    def latest_checkpoint(
        self, at_most: int | None = None
    ) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class LogSigner:
    """The log's signing key; its name is the checkpoint origin."""

    origin: str
    private: Ed25519PrivateKey

    def verifier_key(self) -> VerifierKey:
        return VerifierKey(self.origin, LOG_KEY, raw_public(self.private))

    def sign(self, checkpoint: Checkpoint) -> str:
        body = checkpoint.body()
        return body + "\n" + sign_line(self.origin, self.private, body)


@dataclass
class Checkpointer:
    store: SealedLog
    signer: LogSigner
    every_events: int
    every_seconds: float
    clock: Callable[[], datetime]
    integrity: Any = field(
        default_factory=NoWatch
    )  # the self-audit's verdict (application/audit/integrity.py)
    _refused: str = field(default="", init=False, repr=False)

    def due(self, size: int) -> bool:
        latest = self.store.latest_checkpoint()
        if latest is None or size <= latest["size"]:
            return size > 0 and latest is None
        age = (self.clock() - datetime.fromisoformat(latest["at"])).total_seconds()
        return size - latest["size"] >= self.every_events or age >= self.every_seconds

    def maybe_checkpoint(self) -> int | None:
        size = self.store.size()
        if not self.due(size):
            return None
        try:
            return self.checkpoint(size)
        except (
            LedgerTampered
        ) as refused:  # sealing goes on; signing waits until the rows match again
            if refused.detail != self._refused:
                log.warning(
                    "%s", refused.detail
                )  # once, not every second it stays refused
            self._refused = refused.detail
            return None

    def checkpoint(self, size: int) -> int:
        """Sign the tree of `size` leaves (a second signer racing for the same size is ignored).

        Refused while the self-audit's finding stands: a new signature would vouch for a log whose
        stored rows no longer match it, and witnesses would be offered it to cosign."""
        self.integrity.ensure_intact("signing a new checkpoint")
        root = root_of(size, self.store.nodes(frontier_nodes(size)))
        checkpoint = Checkpoint(
            self.signer.origin, size, root, self.clock().isoformat()
        )
        self.store.add_checkpoint(
            size, root, checkpoint.time, self.signer.sign(checkpoint)
        )
        return size
