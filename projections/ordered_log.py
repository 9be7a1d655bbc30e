"""The application log's recorders, reading each event with its log position, so that the ledger
refuses to act on an event that is not in order in the log (application/audit/ordering.py).

Selected by `APPLICATION_RECORDER_TOPIC` (infra/settings.py). Reading the position
costs nothing extra: it is a column of the same row. The comparison with what was
sealed needs the sealed log, which is installed once it is built (`order_check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL

from application.audit.ordering import SealedLookup, check_positions, check_sealed


@dataclass(frozen=True)
class LoggedEvent(StoredEvent):
    position: int


class OrderedReads:
    """Checks every batch of an aggregate's events the repository reads."""

    sealed: SealedLookup | None = None

    def select_events(
        self, originator_id: UUID | str, **narrowed: Any
    ) -> list[LoggedEvent]:
        events = self.logged_events(originator_id, **narrowed)
        check_positions(events)
        if self.sealed is not None:
            check_sealed(events, self.sealed)
        return events

    def logged_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[LoggedEvent]:
        """The aggregate's rows with their positions, unchecked (for audit exports)."""
        raise NotImplementedError


def _narrowed(
    gt: int | None, lte: int | None, desc: bool, limit: int | None, mark: str
) -> tuple[str, list[Any]]:
    """The library's own narrowing of an aggregate's events (after, up to, order, limit)."""
    clauses, params = "", []
    if gt is not None:
        clauses, params = clauses + f" AND originator_version > {mark}", [*params, gt]
    if lte is not None:
        clauses, params = clauses + f" AND originator_version <= {mark}", [*params, lte]
    clauses += " ORDER BY originator_version " + ("DESC" if desc else "ASC")
    if limit is not None:
        clauses, params = clauses + f" LIMIT {mark}", [*params, limit]
    return clauses, params


class SQLiteOrderedRecorder(OrderedReads, SQLiteApplicationRecorder):
    def logged_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[LoggedEvent]:
        clauses, params = _narrowed(gt, lte, desc, limit, "?")
        statement = (
            f"SELECT rowid, * FROM {self.events_table_name} WHERE originator_id = ?"
        )
        key = originator_id.hex if isinstance(originator_id, UUID) else originator_id
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement + clauses, [key, *params])
            rows = cursor.fetchall()
        return [
            LoggedEvent(
                self.convert_originator_id(r["originator_id"]),
                r["originator_version"],
                r["topic"],
                r["state"],
                r["rowid"],
            )
            for r in rows
        ]


class PostgresOrderedRecorder(OrderedReads, PostgresApplicationRecorder):
    def logged_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[LoggedEvent]:
        clauses, params = _narrowed(gt, lte, desc, limit, "%s")
        statement = self.select_events_statement + SQL(clauses)
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, [originator_id, *params], prepare=True)
            rows = cursor.fetchall()
        return [
            LoggedEvent(
                r["originator_id"],
                r["originator_version"],
                r["topic"],
                bytes(r["state"]),
                r["notification_id"],
            )
            for r in rows
        ]
