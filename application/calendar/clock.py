"""The service's clock: the wall clock plus the training offset in the log (domain/clock.py).

Everything that asks "what time is it" for a rule — deadlines, overdue, urges, the
scheduler's automatic escalation — reads this clock. Sign-in, tokens and the audit keep
the wall clock: moving a training clock must not log anyone out or date a checkpoint.
The offset is re-read at most once a second (a move made by another process is in force
within a second) and at once in the process that made it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from application.ledger import Ledger, Outcome
from application.principals import Principal
from application.registry.service import administrator
from domain.clock import parse_span

OFFSET_TTL_SECONDS = 1.0


@dataclass(frozen=True)
class AdvanceClock:
    """Move the service's clock forward by `by` (e.g. `3d`), saying why."""

    by: str
    reason: str


class ServiceClock:
    def __init__(self, ledger: Ledger, wall: Callable[[], datetime], development: bool):
        self.ledger, self.wall, self.development = ledger, wall, development
        self._cached: tuple[float, timedelta] | None = None

    def __call__(self) -> datetime:
        return self.wall() + self.offset()

    def offset(self) -> timedelta:
        if (
            self._cached is None
            or time.monotonic() - self._cached[0] > OFFSET_TTL_SECONDS
        ):
            self._cached = (time.monotonic(), self.ledger.training_clock().offset)
        return self._cached[1]

    def state(self) -> dict[str, Any]:
        return {
            "now": self().isoformat(),
            "wall": self.wall().isoformat(),
            "offset_seconds": int(self.offset().total_seconds()),
            "development": self.development,
        }

    def advance(self, principal: Principal, command: AdvanceClock) -> dict[str, Any]:
        """Refused outside development mode (TRAINING-CLOCK) and for anyone but an administrator."""
        by = parse_span(command.by)

        def build() -> Outcome:
            actor = administrator(principal)
            clock = self.ledger.training_clock(for_update=True)
            clock.advance(actor, by, command.reason, self.development)
            return Outcome([clock], {"offset_seconds": clock.offset_seconds})

        advanced = self.ledger.commit(build)
        self._cached = None  # in force in this process at once
        return {**advanced, **self.state()}
