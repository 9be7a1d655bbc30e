"""The self-audit's background loop, beside the sealer (in process on SQLite, in `gov worker` on PostgreSQL)."""

from __future__ import annotations

import logging
from typing import Any

from application.audit.self_audit import SelfAuditor
from infra.runners import BackgroundLoop

log = logging.getLogger(__name__)


class SelfAuditLoop(BackgroundLoop):
    name = "self-audit"

    def __init__(self, auditor: SelfAuditor, interval: float):
        super().__init__(interval)
        self.auditor = auditor

    def step(self) -> int:
        return self.auditor.step()


def rows_between(recorder: Any):
    """Stored events with first ≤ position ≤ last, read as sealing reads them (never decoded)."""

    def between(first: int, last: int) -> Any:
        return recorder.select_notifications(
            start=first, limit=last - first + 1, stop=last
        )

    return between


def row_at(recorder: Any):
    def at(position: int) -> Any:
        found = recorder.select_notifications(start=position, limit=1, stop=position)
        return found[0] if found else None

    return at
