"""Where one stored event sits in the log, read from the events table by its primary key.

eventsourcing reads an aggregate's events without their notification ids; a replayed
Idempotency-Key needs the position its first answer gave, which is the id of the key's
own record (the last event of the command's transaction). One indexed row, both backends.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

SQLITE_POSITION = (
    "SELECT rowid FROM {table} WHERE originator_id = ? AND originator_version = ?"
)
POSTGRES_POSITION = "SELECT notification_id FROM {schema}.{table} WHERE originator_id = %s AND originator_version = %s"


def event_position(recorder: Any, originator_id: UUID, version: int) -> int | None:
    """The event's log position, or None when the row is missing or the recorder is not SQL."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        statement = SQLITE_POSITION.format(table=recorder.events_table_name)
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (originator_id.hex, version))
            row = cursor.fetchone()
        return None if row is None else int(row[0])
    if isinstance(recorder, PostgresApplicationRecorder):
        query = SQL(POSTGRES_POSITION).format(
            schema=Identifier(recorder.datastore.schema),
            table=Identifier(recorder.events_table_name),
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (originator_id, version))
            row = cursor.fetchone()
        return None if row is None else int(row["notification_id"])
    return None
