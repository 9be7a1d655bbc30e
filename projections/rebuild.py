"""Rebuilding one projection from the log, blue-green, while the service runs (issue 15).

OPS: versioned views (issue 15). The projection's statements are written into new
tables (`gov_x__next`) from the first event to the live view's tracking position,
while the live runner keeps the old tables up and readers read them. Then one
transaction (projections/rebuild_dialects.py) holds the live runner off, applies
the few events the live view took meanwhile, drops the old tables, renames the
new ones into place and records the projection's version in `gov_view_versions`.
A read before the commit sees the old view whole, a read after it the new one.
The caller keeps two rebuilds of one projection apart (infra/rebuild.py's lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from eventsourcing.persistence import Notification

from application.ledger import Ledger
from projections.batching import runs
from projections.log_loop import Apply, decoded, follow, log_select, view_batch
from projections.rebuild_dialects import SQLiteRebuild, dialect_of
from projections.view import GovView
from projections.view_versions import NEXT, RECORD_VERSION, ViewProjection

BATCH = 1000
Report = Callable[[int, int], None]  # (position reached, position aimed at)


class Rebuild:
    def __init__(
        self,
        view: GovView,
        ledger: Ledger,
        projection: ViewProjection,
        report: Report = lambda done, aim: None,
    ):
        self.view, self.ledger, self.projection = view, ledger, projection
        self.dialect: SQLiteRebuild = dialect_of(view)
        self.report, self.position = report, 0

    def run(self) -> int:
        """Build, catch up, switch; returns the log position the new tables were switched in at."""
        self.create_next()
        for _ in range(2):  # the second pass takes what came in during the first
            self.load(self.view.position())
        return self.switch()

    def create_next(self) -> None:
        p, d = self.projection, self.dialect
        with self.view.datastore.transaction(commit=True) as cursor:
            d.begin_write(cursor)
            for table in p.tables:  # left by a rebuild that did not finish
                cursor.execute(d.sql(f"DROP TABLE IF EXISTS {table}{NEXT}"))
            for ddl in [*p.tables_ddl, *d.next_indexes(p)]:
                cursor.execute(d.sql(p.next_name(ddl)))

    def load(self, aim: int) -> None:
        """Apply the log up to `aim` (the live view's position), a batch a transaction."""

        def apply(notes: Sequence[Notification], limit: int) -> int:
            with self.view.datastore.transaction(commit=True) as cursor:
                self.dialect.begin_write(cursor)
                self.apply(cursor, notes, limit)
            self.report(self.position, aim)
            return limit

        self.follow(aim, apply)

    def follow(self, aim: int, apply: Apply) -> None:
        follow(
            log_select(self.ledger.recorder, lambda: self.position, aim), apply, BATCH
        )
        self.position = max(self.position, aim)

    def apply(self, cursor: Any, notes: Sequence[Notification], limit: int) -> int:
        batch = view_batch(decoded(self.ledger.mapper, notes), self.projection.own)
        seal = self.view.values.seal
        for sql, rows in runs(batch):
            cursor.executemany(self.dialect.sql(sql), [seal(params) for params in rows])
        self.position = notes[-1].id
        return limit

    def switch(self) -> int:
        """One transaction: the live runner held off, the rest applied, the tables swapped."""
        p, d = self.projection, self.dialect
        with self.view.datastore.transaction(commit=True) as cursor:
            d.lock(cursor)
            live = d.live_position(cursor)
            self.follow(live, partial(self.apply, cursor))
            for table in p.tables:
                cursor.execute(d.sql(f"DROP TABLE {table}"))
                cursor.execute(d.rename(table))
            for statement in d.switch_indexes(p):
                cursor.execute(statement)
            at = datetime.now(UTC).isoformat()
            version = {"version": p.version, "position": live, "at": at}
            cursor.execute(d.sql(RECORD_VERSION), {"projection": p.name, **version})
        self.report(live, live)
        return live


def rebuild(
    view: GovView,
    ledger: Ledger,
    projection: ViewProjection,
    report: Report | None = None,
) -> int:
    """Rebuild `projection` blue-green; returns the position it was switched in at."""
    return Rebuild(view, ledger, projection, report or (lambda done, aim: None)).run()
