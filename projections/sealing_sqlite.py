"""The sealed log on SQLite: leaves, nodes and tracking in one SQLite transaction."""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import SQLiteTrackingRecorder

from projections.sealing import SealedBatch, SealStore
from projections.sealing_schema import SEAL_DDL
from projections.self_audit_store import SELF_AUDIT_DDL


class SQLiteSealStore(SQLiteTrackingRecorder, SealStore):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *SEAL_DDL,
            *SELF_AUDIT_DDL,
        ]

    def write(self, batch: SealedBatch) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            self._insert_tracking(
                cursor, batch.first
            )  # refuses a batch overlapping one already sealed
            for sql, rows in batch.statements:
                cursor.executemany(sql, rows)
            if batch.last != batch.first:
                self._insert_tracking(cursor, batch.last)

    def execute(self, sql: str, rows: list[dict[str, Any]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(sql, rows)

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            return [dict(row) for row in cursor.fetchall()]
