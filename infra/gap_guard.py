"""Reading the log without passing over an id that commits late (a gap-tolerant catch-up).

With the library's database functions on (`POSTGRES_ENABLE_DB_FUNCTIONS`), events are
inserted without the table lock, so notification ids can commit out of order: a reader
at position 7 may see 9 committed while 8 is still in flight. Handing 9 to a runner would
move its tracking past 8 for ever. `GapGuard` hands out only the gap-free prefix of what
it reads; a gap is waited for until it fills, or until no transaction that could still
fill it is open (`PostgresHorizon`), or until `timeout` (then it is a true gap: a rolled
back insert consumed the id). The decision to pass a gap is taken before the read that
confirms the gap is still there, so a fill that commits in between is never skipped.

Without database functions the table lock makes commit order equal id order: gaps are
always true gaps and no guard is used.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import Notification

log = logging.getLogger(__name__)


class Horizon(Protocol):
    def mark(self) -> Any:
        """A marker of now, taken when a gap is first seen."""

    def passed(self, marker: Any) -> bool:
        """Every transaction open at `marker` has ended (committed or rolled back)."""


class PostgresHorizon:
    """Open transactions of this database, from `pg_stat_activity` (same role as the writers)."""

    MARK = "SELECT clock_timestamp() AS at"
    OPEN_BEFORE = (
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND xact_start <= %s"
    )

    def __init__(self, datastore: Any):
        self.datastore = datastore

    def _one(self, sql: str, params: tuple = ()) -> Any:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            return next(iter(row.values())) if isinstance(row, dict) else row[0]

    def mark(self) -> Any:
        return self._one(self.MARK)

    def passed(self, marker: Any) -> bool:
        return int(self._one(self.OPEN_BEFORE, (marker,))) == 0


@dataclass
class _Gap:
    seen_at: float
    marker: Any


class GapGuard:
    """Hands out the gap-free prefix of each read; waits for gaps, then passes true ones."""

    def __init__(
        self,
        horizon: Horizon | None = None,
        timeout: float = 35.0,
        grace: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.horizon, self.timeout, self.grace, self.clock = (
            horizon,
            timeout,
            grace,
            clock,
        )
        self._gaps: dict[int, _Gap] = {}  # first missing id -> when it was first seen
        self.passed_gaps: list[int] = []  # true gaps passed over, for tests and logs

    def select(self, recorder: Any, after: int, limit: int) -> Sequence[Notification]:
        """The notifications after `after` that can be applied now, in order, with no gap held open."""
        released = self._released(after)
        notes = recorder.select_notifications(start=after + 1, limit=limit)
        return self._prefix(after, notes, released)

    def _released(self, after: int) -> set[int]:
        """Gaps whose wait is over; decided before the read that checks they are still empty."""
        self._gaps = {g: gap for g, gap in self._gaps.items() if g > after}
        now = self.clock()
        return {g for g, gap in self._gaps.items() if self._over(gap, now)}

    def _over(self, gap: _Gap, now: float) -> bool:
        waited = now - gap.seen_at
        if waited >= self.timeout:
            return True
        if waited < self.grace or self.horizon is None:
            return False
        return self.horizon.passed(gap.marker)

    def _prefix(
        self, after: int, notes: Sequence[Notification], released: set[int]
    ) -> Sequence[Notification]:
        expected = after + 1
        for index, note in enumerate(notes):
            if note.id > expected and expected not in released:
                self._hold(expected)
                return notes[:index]
            if note.id > expected:
                log.info(
                    "passing ids %d..%d: no transaction holds them",
                    expected,
                    note.id - 1,
                )
                self.passed_gaps.append(expected)
                self._gaps.pop(expected, None)
            expected = note.id + 1
        return notes

    def _hold(self, first_missing: int) -> None:
        if first_missing not in self._gaps:
            marker = self.horizon.mark() if self.horizon else None
            self._gaps[first_missing] = _Gap(self.clock(), marker)


def guard_for(recorder: Any, statement_timeout: float = 30.0) -> GapGuard | None:
    """A guard when the recorder inserts through database functions; None with the table lock.

    An insert cannot stay open longer than the statement timeout, so a gap still empty
    after it (and a margin) is a true gap even if the horizon cannot be read.
    """
    datastore = getattr(recorder, "datastore", None)
    if not getattr(datastore, "enable_db_functions", False):
        return None
    return GapGuard(PostgresHorizon(datastore), timeout=statement_timeout + 5.0)
