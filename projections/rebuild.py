"""Rebuilding projections from the log, blue-green, while the service runs (issue 15).

OPS: versioned views (issue 15). The projections' statements are written into new
tables (`gov_x__next`) from the first event to the live view's tracking position,
while the live runner keeps the old tables up and readers read them. Then one
transaction (projections/rebuild_dialects.py) holds the live runner off, applies
the few events the live view took meanwhile, drops the old tables, renames the
new ones into place and records each projection's version in `gov_view_versions`.
A read before the commit sees the old views whole, a read after it the new ones.
Several projections are rebuilt in one pass over the log: each event is read and
decoded once (only if some view handles its type) and its statements are split
between them (a pass each decoded the log once a projection: 0.07 of a raw scan).
The caller keeps two rebuilds apart (infra/rebuild.py's lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from eventsourcing.persistence import Notification

from application.ledger import Ledger
from projections.batching import runs
from projections.log_loop import Apply, follow, log_select, view_batch, view_events
from projections.rebuild_dialects import SQLiteRebuild, dialect_of
from projections.schema import Statement
from projections.view import GovView
from projections.view_versions import (
    NEXT,
    RECORD_VERSION,
    VERSIONS_SQL,
    ViewProjection,
)

BATCH = 1000
Report = Callable[[int, int], None]  # (position reached, position aimed at)


class Rebuild:
    def __init__(
        self,
        view: GovView,
        ledger: Ledger,
        projections: Sequence[ViewProjection],
        report: Report = lambda done, aim: None,
    ):
        self.view, self.ledger, self.projections = view, ledger, tuple(projections)
        self.dialect: SQLiteRebuild = dialect_of(view)
        self.report, self.position = report, 0

    def run(self) -> int:
        """Build, catch up, switch; returns the log position the new tables were switched in at."""
        self.create_next()
        for _ in range(2):  # the second pass takes what came in during the first
            self.load(self.view.position())
        return self.switch()

    def create_next(self) -> None:
        d = self.dialect
        with self.view.datastore.transaction(commit=True) as cursor:
            d.begin_write(cursor)
            for p in self.projections:
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
        batch = view_batch(view_events(self.ledger.mapper, notes), self.own)
        seal = self.view.values.seal
        for sql, rows in runs(batch):
            cursor.executemany(self.dialect.sql(sql), [seal(params) for params in rows])
        self.position = notes[-1].id
        return limit

    def own(self, statements: list[Statement]) -> list[Statement]:
        """The statements that write the rebuilt projections' tables, renamed to theirs."""
        return [kept for p in self.projections for kept in p.own(statements)]

    def switch(self) -> int:
        """One transaction: the live runner held off, the rest applied, the tables swapped."""
        d = self.dialect
        with self.view.datastore.transaction(commit=True) as cursor:
            d.lock(cursor)
            live = d.live_position(cursor)
            self.follow(live, partial(self.apply, cursor))
            at = datetime.now(UTC).isoformat()
            for p in self.projections:
                self.swap(cursor, p)
                version = {"version": p.version, "position": live, "at": at}
                cursor.execute(d.sql(RECORD_VERSION), {"projection": p.name, **version})
        self.report(live, live)
        return live

    def swap(self, cursor: Any, p: ViewProjection) -> None:
        d = self.dialect
        for table in p.tables:
            cursor.execute(d.sql(f"DROP TABLE {table}"))
            cursor.execute(d.rename(table))
        for statement in d.switch_indexes(p):
            cursor.execute(statement)


def rebuild(
    view: GovView,
    ledger: Ledger,
    projections: Sequence[ViewProjection],
    report: Report | None = None,
) -> int:
    """Rebuild `projections` blue-green in one pass; the position they were switched in at."""
    return Rebuild(view, ledger, projections, report or (lambda done, aim: None)).run()


def record_new_view_versions(
    view: GovView, projections: Sequence[ViewProjection]
) -> None:
    """A view that has applied nothing yet is filled by this code from the first event:
    each projection is at its declared version, with nothing to rebuild."""
    if view.position() or view.fetch(VERSIONS_SQL, {}):
        return
    d, at = dialect_of(view), datetime.now(UTC).isoformat()
    with view.datastore.transaction(commit=True) as cursor:
        for p in projections:
            version = {"version": p.version, "position": 0, "at": at}
            cursor.execute(d.sql(RECORD_VERSION), {"projection": p.name, **version})
