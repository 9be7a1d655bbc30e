"""The read model on PostgreSQL: view rows and tracking in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed

from projections.batching import runs
from projections.schema import DDL, Statement, qualify, to_pyformat
from projections.view import STREAM_CHUNK, GovView
from projections.view_versions import VERSIONS_DDL


@lru_cache(maxsize=512)
def _dialect(sql: str, schema: str) -> str:
    return to_pyformat(qualify(sql, schema))


class PostgresGovView(PostgresTrackingRecorder, GovView):
    def __init__(self, datastore: Any, **kwargs: Any):
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(
            Composed([SQL(self._sql(ddl))]) for ddl in [*DDL, VERSIONS_DDL]
        )

    def _sql(self, sql: str) -> str:
        return _dialect(sql, self.datastore.schema)

    def apply_batch(self, batch: list[tuple[list[Statement], Tracking]]) -> None:
        # One pipeline: the whole batch goes to the server without waiting for each
        # answer (one statement a round trip was 85 % of a rebuild's time).
        with (
            self.datastore.transaction(commit=True) as cursor,
            cursor.connection.pipeline(),
        ):
            # Tracking the first event refuses a batch that overlaps one already applied.
            self._insert_tracking(cursor, batch[0][1])
            seal = self.values.seal
            for sql, rows in runs(batch):
                cursor.executemany(self._sql(sql), [seal(params) for params in rows])
            if len(batch) > 1:
                self._insert_tracking(cursor, batch[-1][1])

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(self._sql(sql), params)
            return self.values.open([dict(row) for row in cursor.fetchall()])

    def stream(self, sql: str, params: dict[str, Any]) -> Iterator[tuple]:
        """Rows as tuples, in chunks, unopened: for reads of columns that hold no personal value."""
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(self._sql(sql), params)
            while chunk := cursor.fetchmany(STREAM_CHUNK):
                yield from chunk
