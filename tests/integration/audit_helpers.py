"""Shared helpers of the audit tests: raw access to the log table, gaps in positions, leaf recomputation."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import psycopg

from application.audit.envelope import StoredRecord, leaf_of
from infra.container import Container
from tests.conftest import PG


def log_table(container: Container) -> str:
    return getattr(container.ledger.recorder, "events_table_name", "stored_events")


def raw_sql(container: Container, sql: str) -> None:
    """Run SQL straight on the log's database, as a database owner could; `{log}` names the log table."""
    settings, sql = container.settings, sql.replace("{log}", log_table(container))
    if settings.backend == "sqlite":
        with closing(sqlite3.connect(settings.sqlite_path)) as conn, conn:
            conn.execute(sql)
        return
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{settings.postgres_schema}"')
        conn.execute(sql)


def make_gap(container: Container, width: int = 3) -> None:
    """Leave `width` unused log positions, as rolled-back PostgreSQL transactions do (PostgreSQL only:
    SQLite's positions are rowids, which have no gaps unless rows are deleted)."""
    raw_sql(container, f"SELECT setval(pg_get_serial_sequence('{{log}}', 'notification_id'), "
                       f"(SELECT MAX(notification_id) FROM {{log}}) + {width})")


def all_records(container: Container) -> list[StoredRecord]:
    notes = container.ledger.recorder.select_notifications(start=1, limit=10**9)
    return [StoredRecord.of(n) for n in notes]


def recomputed_leaves(container: Container) -> list[bytes]:
    return [leaf_of(r)[1] for r in all_records(container)]
