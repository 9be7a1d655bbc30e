"""What the self-audit found, as every process sees it: the integrity status and its refusals.

API workers, the sealer and the witness endpoint all ask the same question —
does a mismatch stand? — read from the self-audit's table and kept for a
moment (`cache_seconds`), so marking every response costs no query.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from domain.errors import TransitionNotAllowed

TAMPERED, INTACT = "tampered", "ok"
CHECK_AFTER = [
    "read GET /audit/alerts (supervision committee)",
    "restore the altered rows from a backup",
]


# What a standing mismatch refuses, in Chinese (the callers name it in English).
REFUSED_ZH = {
    "cosigning a checkpoint": "联署检查点",
    "signing a new checkpoint": "签署新的检查点",
}


class LedgerTampered(TransitionNotAllowed):
    """The self-audit found a stored row that no longer matches the sealed tree."""

    default_rule = "WZ-6"


class AlertRecords(Protocol):
    def state(self) -> dict[str, Any] | None: ...
    def open_count(self) -> int: ...
    def alerts(
        self, limit: int, include_resolved: bool = True
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class IntegrityStatus:
    open_findings: int
    state: dict[str, Any] | None

    @property
    def tampered(self) -> bool:
        return self.open_findings > 0

    @property
    def label(self) -> str:
        return TAMPERED if self.tampered else INTACT


class IntegrityWatch:
    def __init__(
        self,
        records: AlertRecords,
        cache_seconds: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.records, self.cache_seconds, self.monotonic = (
            records,
            cache_seconds,
            monotonic,
        )
        self._lock = threading.Lock()
        self._cached: tuple[float, IntegrityStatus] | None = None

    def status(self) -> IntegrityStatus:
        return self.fresh() or self.refresh()

    def fresh(self) -> IntegrityStatus | None:
        """The cached status if it is recent enough; None when the next answer needs a query."""
        with self._lock:
            if self._cached and self.monotonic() - self._cached[0] < self.cache_seconds:
                return self._cached[1]
        return None

    def refresh(self) -> IntegrityStatus:
        found = IntegrityStatus(self.records.open_count(), self.records.state())
        with self._lock:
            self._cached = (self.monotonic(), found)
        return found

    def ensure_intact(self, refused: str) -> None:
        """Refuse `refused` (named in the detail) while a mismatch stands; always asks the table."""
        found = self.refresh()
        if found.tampered:
            raise LedgerTampered(
                f"{refused} refused: the self-audit found {found.open_findings} stored event(s) "
                "that no longer match the sealed log (tamper alarm)",
                allowed=CHECK_AFTER,
                zh=f"已拒绝{REFUSED_ZH.get(refused, refused)}：自检发现 {found.open_findings} 条存储的事件与已封存的日志不一致（篡改告警）；请运维与监督委员会核查后再办理",
            )

    def alerts(self, limit: int, include_resolved: bool) -> dict[str, Any]:
        found = self.status()
        return {
            "status": found.label,
            "open": found.open_findings,
            "self_audit": found.state,
            "items": self.records.alerts(limit, include_resolved),
        }


class NoWatch:
    """For parts built without a self-audit (benchmarks of the bare sealer): nothing ever stands."""

    def ensure_intact(self, refused: str) -> None:
        pass
