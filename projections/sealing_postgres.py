"""The sealed log on PostgreSQL: leaves, nodes and tracking in one transaction."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Composed

from projections.postgres_view import _dialect
from projections.sealing import SealedBatch, SealStore
from projections.sealing_schema import SEAL_DDL
from projections.self_audit_store import SELF_AUDIT_DDL


class PostgresSealStore(PostgresTrackingRecorder, SealStore):
    def __init__(self, datastore: Any, **kwargs: Any):
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(
            Composed([SQL(self._sql(ddl))]) for ddl in (*SEAL_DDL, *SELF_AUDIT_DDL)
        )

    def _sql(self, sql: str) -> str:
        return _dialect(sql, self.datastore.schema)

    def write(self, batch: SealedBatch) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            self._insert_tracking(
                cursor, batch.first
            )  # refuses a batch overlapping one already sealed
            for sql, rows in batch.statements:
                cursor.executemany(self._sql(sql), rows)
            if batch.last != batch.first:
                self._insert_tracking(cursor, batch.last)

    def execute(self, sql: str, rows: list[dict[str, Any]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(self._sql(sql), rows)

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(self._sql(sql), params)
            return [dict(row) for row in cursor.fetchall()]
