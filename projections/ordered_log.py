"""The application log's recorders, reading each event with its log position and the envelope
sealed at that position, so that the ledger refuses to act on an event that is not in order in the
log (application/audit/ordering.py, docs/audit.md §6a).

Selected by `APPLICATION_RECORDER_TOPIC` (infra/settings.py). Once the sealed log is
installed (`sealed`), an aggregate's events are read with the envelope sealed at each
position: one query, as before, with one index lookup per event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from application.audit.errors import EventNotInLog
from application.audit.ordering import (
    PositionedEvent,
    SealedLookup,
    check_positions,
    check_sealed,
    tolerated_in_a_read,
)

COLUMNS = "e.originator_id, e.originator_version, e.topic, e.state"
# a scalar subquery, not a join: one lookup of the unique position index per event,
# whatever the planner's statistics say about the leaves' table
SEALED_AT = "(SELECT l.envelope FROM {leaves} l WHERE l.position = e.{position})"


@dataclass(frozen=True)
class LoggedEvent(StoredEvent):
    position: int
    sealed_envelope: str | None = None  # as sealed at this position, when read joined


class OrderedReads:
    """Checks every batch of an aggregate's events the repository reads."""

    sealed: SealedLookup | None = None
    convert_originator_id: Callable[[Any], Any]  # the library recorder's, mixed in
    hex_ids = False  # SQLite stores UUIDs as hex text

    def select_events(
        self, originator_id: UUID | str, **narrowed: Any
    ) -> list[LoggedEvent]:
        joined = self.sealed is not None
        events = self.logged_events(originator_id, joined=joined, **narrowed)
        # The checks only read these fields; a frozen StoredEvent cannot match the
        # protocol's (settable) attributes, so it is named for what it is.
        positioned = cast(Sequence[PositionedEvent], events)
        try:
            check_positions(positioned)
            if self.sealed is not None:
                first_look = {e.position: e.sealed_envelope for e in events}
                check_sealed(positioned, self.sealed, first_look)
        except EventNotInLog:
            if not tolerated_in_a_read(str(originator_id)):
                raise
            self.suspects().add(str(originator_id))  # read as stored, never acted on
        return events

    def suspects(self) -> set[str]:
        """Aggregates read despite damage: the ledger drops them from its cache before a
        command loads them, so the command's load is checked again (and refused)."""
        return self.__dict__.setdefault("_suspects", set())

    def logged_events(
        self,
        originator_id: UUID | str,
        *,
        joined: bool = False,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[LoggedEvent]:
        """The aggregate's rows with their positions, unchecked (audit exports read these)."""
        statement, params = self.events_query(joined, gt, lte, desc, limit)
        key = (
            originator_id.hex
            if self.hex_ids and isinstance(originator_id, UUID)
            else originator_id
        )
        return [
            LoggedEvent(
                self.convert_originator_id(r["originator_id"]),
                r["originator_version"],
                r["topic"],
                bytes(r["state"]),
                r["position"],
                r["envelope"] if joined else None,
            )
            for r in self.fetch_rows(statement, [key, *params])
        ]

    def events_query(
        self,
        joined: bool,
        gt: int | None,
        lte: int | None,
        desc: bool,
        limit: int | None,
    ) -> tuple[Any, list[Any]]:
        raise NotImplementedError

    def fetch_rows(self, statement: Any, params: list[Any]) -> list[Any]:
        raise NotImplementedError


def _narrowed(
    gt: int | None, lte: int | None, desc: bool, limit: int | None, mark: str
) -> tuple[str, list[Any]]:
    """The library's own narrowing of an aggregate's events (after, up to, order, limit)."""
    clauses, params = "", list[Any]()
    if gt is not None:
        clauses, params = clauses + f" AND e.originator_version > {mark}", [*params, gt]
    if lte is not None:
        clauses, params = (
            clauses + f" AND e.originator_version <= {mark}",
            [*params, lte],
        )
    clauses += " ORDER BY e.originator_version " + ("DESC" if desc else "ASC")
    if limit is not None:
        clauses, params = clauses + f" LIMIT {mark}", [*params, limit]
    return clauses, params


class SQLiteOrderedRecorder(OrderedReads, SQLiteApplicationRecorder):
    hex_ids = True

    def events_query(
        self,
        joined: bool,
        gt: int | None,
        lte: int | None,
        desc: bool,
        limit: int | None,
    ) -> tuple[str, list[Any]]:
        clauses, params = _narrowed(gt, lte, desc, limit, "?")
        sealed = SEALED_AT.format(leaves="gov_audit_leaves", position="rowid")
        return (
            f"SELECT e.rowid AS position, {COLUMNS}, {sealed if joined else 'NULL'} "
            f"AS envelope FROM {self.events_table_name} e "
            f"WHERE e.originator_id = ?{clauses}",
            params,
        )

    def fetch_rows(self, statement: Any, params: list[Any]) -> list[Any]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()


class PostgresOrderedRecorder(OrderedReads, PostgresApplicationRecorder):
    def convert_originator_id(self, originator_id: Any) -> Any:
        return originator_id  # psycopg already gives a UUID

    def events_query(
        self,
        joined: bool,
        gt: int | None,
        lte: int | None,
        desc: bool,
        limit: int | None,
    ) -> tuple[Any, list[Any]]:
        clauses, params = _narrowed(gt, lte, desc, limit, "%s")
        sealed = SEALED_AT.format(
            leaves="{schema}.gov_audit_leaves", position="notification_id"
        )
        statement = SQL(
            f"SELECT e.notification_id AS position, {COLUMNS}, "
            f"{sealed if joined else 'NULL'} AS envelope "
            f"FROM {{schema}}.{{table}} e WHERE e.originator_id = %s{clauses}"
        ).format(
            schema=Identifier(self.datastore.schema),
            table=Identifier(self.events_table_name),
        )
        return statement, params

    def fetch_rows(self, statement: Any, params: list[Any]) -> list[Any]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, params, prepare=True)
            return cursor.fetchall()
