"""The demo template on PostgreSQL: one schema, copied into each test's schema.

Copying the schema's DDL costs more than its rows (catalog writes for 31 tables,
their indexes, triggers and functions; then dropping them all again). So each
xdist worker keeps one warm schema for the tests that take the demo `container`
fixture: between two such tests only its rows are replaced, and only while its
layout (relations, columns, triggers, functions, privileges) is still the
template's. A test that changed the layout gets the schema made again.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

import psycopg
from psycopg.sql import SQL, Identifier

from infra.settings import Settings

# Dead rows left by the refills, and in the catalogs by the schemas other tests make
# and drop, are vacuumed away every so many refills: CI's server runs without
# autovacuum, and a bloated pg_attribute slows every later DDL and new connection.
VACUUM_EVERY = 25
CATALOGS = (
    "pg_attribute",
    "pg_attrdef",
    "pg_class",
    "pg_constraint",
    "pg_depend",
    "pg_index",
    "pg_namespace",
    "pg_proc",
    "pg_sequence",
    "pg_trigger",
    "pg_type",
)


class PostgresTemplate:
    """One filled schema: its DDL (pg_dump) renamed, its rows, sequences."""

    def __init__(self, settings: Settings, connect: Callable[[], psycopg.Connection]):
        self.settings, self.connect, self.schema = (
            settings,
            connect,
            settings.postgres_schema,
        )
        self.ddl = _schema_ddl(settings)
        with connect() as conn:
            self.tables = _names(conn, TABLES, self.schema)
            self.sequences = _names(conn, SEQUENCES, self.schema)
            self.layout = _layout(conn, self.schema)
        self.refills = 0

    def clone_into(self, target: Settings) -> None:
        """Into the test's schema: empty (made by the `settings` fixture) or warm."""
        new = target.postgres_schema
        with self.connect() as conn, conn.transaction():
            layout = _layout(conn, new)
            reused = layout == self.layout
            if reused:
                self._empty(conn, new)
            else:
                if layout:  # a warm schema whose layout a test changed
                    _recreate_schema(conn, new)
                conn.execute(self.ddl.replace(self.schema, new))
            self._copy_rows(conn, new)
        if reused:
            self._vacuum_now_and_then(new)

    def _empty(self, conn: psycopg.Connection, schema: str) -> None:
        # the append-only triggers refuse DELETE; replica mode skips them here only
        conn.execute("SET LOCAL session_replication_role = replica")
        for table in self.tables:
            conn.execute(SQL("DELETE FROM {}").format(Identifier(schema, table)))

    def _copy_rows(self, conn: psycopg.Connection, new: str) -> None:
        for table in self.tables:
            conn.execute(
                SQL("INSERT INTO {} SELECT * FROM {}").format(
                    Identifier(new, table), Identifier(self.schema, table)
                )
            )
        for sequence in self.sequences:
            conn.execute(
                SQL("SELECT setval(%s, last_value, is_called) FROM {}").format(
                    Identifier(self.schema, sequence)
                ),
                (f'"{new}"."{sequence}"',),
            )

    def _vacuum_now_and_then(self, schema: str) -> None:
        self.refills += 1
        if self.refills % VACUUM_EVERY:
            return
        tables = SQL(", ").join(Identifier(schema, table) for table in self.tables)
        with self.connect() as conn:
            conn.execute(SQL("VACUUM {}").format(tables))
        vacuum_catalogs(self.connect)

    def drop(self) -> None:
        drop_schema(self.connect, self.schema)


def vacuum_catalogs(connect: Callable[[], psycopg.Connection]) -> None:
    tables = SQL(", ").join(Identifier("pg_catalog", name) for name in CATALOGS)
    with connect() as conn:
        conn.execute(SQL("VACUUM {}").format(tables))


def drop_schema(connect: Callable[[], psycopg.Connection], schema: str) -> None:
    with connect() as conn:
        conn.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema)))


def _recreate_schema(conn: psycopg.Connection, schema: str) -> None:
    conn.execute(SQL("DROP SCHEMA {} CASCADE").format(Identifier(schema)))
    conn.execute(SQL("CREATE SCHEMA {}").format(Identifier(schema)))


TABLES = (
    "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
    "ORDER BY table_name"
)
SEQUENCES = (
    "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = %s "
    "ORDER BY sequence_name"
)
# What a test could change in a schema besides its rows: relations and their columns
# and privileges, the schema's privileges, triggers (and whether they are enabled),
# functions and their code.
LAYOUT = """
SELECT 'r:' || c.relname || ':' || c.relkind::text || ':' || COALESCE(c.relacl::text, '')
       || ':' || (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid,
                  a.atttypmod), ',' ORDER BY a.attnum) FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(s)s
UNION ALL
SELECT 't:' || c.relname || ':' || t.tgname || ':' || t.tgenabled::text
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(s)s
UNION ALL
SELECT 'n:' || COALESCE(nspacl::text, '') FROM pg_namespace WHERE nspname = %(s)s
UNION ALL
SELECT 'f:' || p.proname || ':' || p.prosrc
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %(s)s
"""


def _layout(conn: psycopg.Connection, schema: str) -> frozenset[str]:
    """The schema's layout with its own name taken out (a clone's differs only there)."""
    rows = conn.execute(LAYOUT, {"s": schema}).fetchall()
    return frozenset(row[0].replace(schema, "<schema>") for row in rows)


def _names(conn: psycopg.Connection, sql: str, schema: str) -> list[str]:
    return [row[0] for row in conn.execute(sql, (schema,)).fetchall()]


def _schema_ddl(settings: Settings) -> str:
    """The template schema's tables, sequences, functions, triggers (not itself)."""
    dumped = subprocess.run(
        [
            "pg_dump",
            "--schema-only",
            "--no-owner",
            "--no-privileges",
            "-n",
            settings.postgres_schema,
            "-h",
            str(settings.postgres_host),
            "-p",
            str(settings.postgres_port),
            "-U",
            settings.postgres_user,
            settings.postgres_dbname,
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": settings.postgres_password},
    ).stdout
    kept = [
        line
        for line in dumped.splitlines()
        if not line.startswith(("CREATE SCHEMA", "--", "\\"))
    ]
    return "\n".join(kept)
