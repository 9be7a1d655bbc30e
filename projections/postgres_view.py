"""The read model on PostgreSQL: view rows and tracking in one transaction."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Composed

from projections.schema import DDL, Statement, qualify, to_pyformat
from projections.view import GovView


@lru_cache(maxsize=512)
def _dialect(sql: str, schema: str) -> str:
    return to_pyformat(qualify(sql, schema))


class PostgresGovView(PostgresTrackingRecorder, GovView):
    def __init__(self, datastore: Any, **kwargs: Any):
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(
            Composed([SQL(self._sql(ddl))]) for ddl in DDL
        )

    def _sql(self, sql: str) -> str:
        return _dialect(sql, self.datastore.schema)

    def apply_batch(self, batch: list[tuple[list[Statement], Tracking]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            # Tracking the first event refuses a batch that overlaps one already applied.
            self._insert_tracking(cursor, batch[0][1])
            for statements, _ in batch:
                for sql, params in statements:
                    cursor.execute(self._sql(sql), self.values.seal(params))
            if len(batch) > 1:
                self._insert_tracking(cursor, batch[-1][1])

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(self._sql(sql), params)
            return self.values.open([dict(row) for row in cursor.fetchall()])
