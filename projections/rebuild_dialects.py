"""What a blue-green rebuild does differently on SQLite and on PostgreSQL (issue 15).

OPS: versioned views (issue 15). The switch is one transaction on both backends:
it stops the live runner (the lock), reads the live tracking position, applies
what the rebuild has not seen yet, drops the old tables, renames the new ones and
records the version. Readers never see it half done:

- SQLite (WAL): the switch is a write transaction; readers keep reading the old
  tables from their snapshot until it commits. SQLite cannot rename an index, so
  the new tables get their indexes, under the usual names, inside the switch.
- PostgreSQL: the tracking table is locked EXCLUSIVE (the runner's tracking
  insert waits; reads of the position do not); the DROP and RENAME take the old
  tables' ACCESS EXCLUSIVE lock only at the end, and a read waiting on it is
  planned again against the renamed table. Indexes are built before the switch
  under `…__next` names and renamed in it.
"""

from __future__ import annotations

from typing import Any

from projections.view import APP_NAME, GovView
from projections.view_versions import NEXT, ViewProjection


class SQLiteRebuild:
    def __init__(self, view: Any):
        self.view = view

    def sql(self, sql: str) -> str:
        return sql

    def rename(self, table: str) -> str:
        return f"ALTER TABLE {table}{NEXT} RENAME TO {table}"

    def begin_write(self, cursor: Any) -> None:
        """A write first: the transaction takes SQLite's write lock (waiting for it as long as
        the busy timeout allows) before it reads anything; a read first would make its later
        write fail at once if another connection wrote meanwhile (WAL: database is locked)."""
        cursor.execute("DELETE FROM gov_view_versions WHERE projection = ''")

    def lock(self, cursor: Any) -> None:
        """Hold the live runner off: on SQLite, the write lock."""
        self.begin_write(cursor)

    def live_position(self, cursor: Any) -> int:
        cursor.execute(
            "SELECT MAX(notification_id) AS n FROM tracking WHERE application_name = ?",
            (APP_NAME,),
        )
        return int(cursor.fetchone()["n"] or 0)

    def next_indexes(self, projection: ViewProjection) -> list[str]:
        return []  # built in the switch (no ALTER INDEX … RENAME in SQLite)

    def switch_indexes(self, projection: ViewProjection) -> list[str]:
        """Ready to run: the usual indexes, built on the renamed tables."""
        return [self.sql(ddl) for _, ddl in projection.indexes]


class PostgresRebuild(SQLiteRebuild):
    def __init__(self, view: Any):
        super().__init__(view)
        self.schema = view.datastore.schema
        self.tracking = view.tracking_table_name

    def sql(self, sql: str) -> str:
        return str(self.view._sql(sql))

    def rename(self, table: str) -> str:
        return f'ALTER TABLE "{self.schema}".{table}{NEXT} RENAME TO {table}'

    def begin_write(self, cursor: Any) -> None:
        """Nothing to do: PostgreSQL takes row and table locks as the statements need them."""

    def lock(self, cursor: Any) -> None:
        cursor.execute(f'LOCK TABLE "{self.schema}".{self.tracking} IN EXCLUSIVE MODE')

    def live_position(self, cursor: Any) -> int:
        cursor.execute(
            f'SELECT MAX(notification_id) AS n FROM "{self.schema}".{self.tracking} '
            "WHERE application_name = %s",
            (APP_NAME,),
        )
        return int(cursor.fetchone()["n"] or 0)

    def next_indexes(self, projection: ViewProjection) -> list[str]:
        return [projection.next_name(ddl) for _, ddl in projection.indexes]

    def switch_indexes(self, projection: ViewProjection) -> list[str]:
        return [
            f'ALTER INDEX "{self.schema}".{name}{NEXT} RENAME TO {name}'
            for name, _ in projection.indexes
        ]


def dialect_of(view: GovView) -> SQLiteRebuild:
    from projections.sqlite_view import SQLiteGovView

    return (
        SQLiteRebuild(view)
        if isinstance(view, SQLiteGovView)
        else PostgresRebuild(view)
    )
