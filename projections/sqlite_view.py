"""The read model on SQLite: view rows and tracking in one SQLite transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from projections.batching import runs
from projections.inbox_counts import COUNTS_BACKFILL, COUNTS_TABLE
from projections.schema import DDL, Statement
from projections.view import STREAM_CHUNK, GovView
from projections.view_versions import VERSIONS_DDL


class SQLiteGovView(SQLiteTrackingRecorder, GovView):
    # each aggregate's version at the replayed position (set by projections/replay.py)
    versions: dict[str, int]

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *DDL, VERSIONS_DDL]

    def _create_table(self, c: Any) -> None:
        # The backfill is a write: run at every start it would take SQLite's write lock
        # while other processes write (database is locked); it is needed only once.
        c.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            (COUNTS_TABLE,),
        )
        counted = c.fetchone() is not None
        for statement in self.create_table_statements:
            if not (counted and statement == COUNTS_BACKFILL):
                c.execute(statement)

    def apply_batch(self, batch: list[tuple[list[Statement], Tracking]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            # Tracking the first event refuses a batch that overlaps one already applied.
            self._insert_tracking(cursor, batch[0][1])
            seal = self.values.seal
            for sql, rows in runs(batch):
                cursor.executemany(sql, [seal(params) for params in rows])
            if len(batch) > 1:
                self._insert_tracking(cursor, batch[-1][1])

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            return self.values.open([dict(row) for row in cursor.fetchall()])

    def stream(self, sql: str, params: dict[str, Any]) -> Iterator[tuple]:
        """Rows as tuples, in chunks, unopened: for reads of columns that hold no personal value."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            rows = cursor.sqlite_cursor  # the library's wrapper has no fetchmany
            while chunk := rows.fetchmany(STREAM_CHUNK):
                yield from (tuple(row) for row in chunk)
