"""Defence in depth: the application log's table and the sealed log's tables (leaves, tree nodes, checkpoints)
refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE).

This is not the proof of integrity — whoever owns the database can drop a trigger.
The proof is the sealed Merkle tree and its signed, witnessed checkpoints
(docs/audit.md); the triggers stop accidents and casual edits, and make a
deliberate one leave a trace (the DDL to drop them).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import psycopg
from psycopg.sql import SQL, Identifier

from infra.schema_setup import connection_args
from infra.settings import Settings

MESSAGE = "append-only: the application log and the sealed log are never rewritten"
SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
)

PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION {schema}.gov_refuse_log_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$"
)
PG_TRIGGERS = [
    (
        "gov_log_no_update_delete",
        "BEFORE UPDATE OR DELETE ON {schema}.{table} FOR EACH ROW",
    ),
    ("gov_log_no_truncate", "BEFORE TRUNCATE ON {schema}.{table} FOR EACH STATEMENT"),
]


def refuse_rewrites(settings: Settings, tables: tuple[str, ...]) -> None:
    """Install the triggers on the tables, which must exist (idempotent)."""
    if settings.backend == "sqlite":
        with (
            closing(
                sqlite3.connect(
                    settings.sqlite_path, timeout=settings.sqlite_busy_timeout_seconds
                )
            ) as conn,
            conn,
        ):
            for table in tables:
                for verb in ("UPDATE", "DELETE"):
                    conn.execute(SQLITE_TRIGGER.format(table=table, verb=verb))
        return
    _refuse_on_postgres(settings, tables)


def _refuse_on_postgres(settings: Settings, tables: tuple[str, ...]) -> None:
    schema = Identifier(settings.postgres_schema)
    # Racing services: build_container holds the schema-setup lock (infra/schema_setup.py).
    with psycopg.connect(**connection_args(settings), autocommit=True) as conn:
        conn.execute(SQL(PG_FUNCTION).format(schema=schema))
        for table in tables:
            for name, when in PG_TRIGGERS:
                conn.execute(
                    SQL(
                        "CREATE OR REPLACE TRIGGER {name} "
                        + when
                        + " EXECUTE FUNCTION {schema}.gov_refuse_log_rewrite()"
                    ).format(
                        name=Identifier(name), schema=schema, table=Identifier(table)
                    )
                )
