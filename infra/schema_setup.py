"""One process at a time creates the tables, views, triggers and functions of a schema.

`CREATE TABLE IF NOT EXISTS` and `CREATE OR REPLACE FUNCTION/TRIGGER` are not safe
against each other on PostgreSQL: two processes starting together on an empty
schema failed with "tuple concurrently updated" or a duplicate-key error on the
catalogue. Every start-up DDL (events, views, sealed log, access log, key table,
triggers) runs while this session-level advisory lock is held, in a connection of
its own (the pools are not involved); the key is fixed per schema, so services in
other schemas of the same database do not wait for each other. On SQLite the
same is an exclusive lock on a file beside the ledger: concurrent first opens
failed with "database is locked" at once (a read turned write, where the busy
timeout does not help).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import psycopg

from infra.settings import Settings

LOCK_KEY = "gov-ledger schema setup: {schema}"  # hashed by PostgreSQL's hashtext()


def schema_setup_lock(settings: Settings) -> AbstractContextManager[None]:
    return schema_lock(settings, LOCK_KEY, ".setup-lock")


@contextmanager
def schema_lock(settings: Settings, key_format: str, suffix: str) -> Iterator[None]:
    """A lock per schema: session-level advisory (PostgreSQL), a file beside the ledger (SQLite)."""
    if settings.backend == "sqlite":
        with file_lock(
            settings.sqlite_path.with_name(settings.sqlite_path.name + suffix)
        ):
            yield
        return
    key = key_format.format(schema=settings.postgres_schema)
    with psycopg.connect(**connection_args(settings), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (key,))


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def connection_args(settings: Settings) -> dict[str, Any]:
    """A single connection outside the pools, with the same bounds as pooled ones."""
    timeout_ms = int(settings.postgres_statement_timeout_seconds * 1000)
    return {
        "host": settings.postgres_host,
        "port": settings.postgres_port,
        "dbname": settings.postgres_dbname,
        "user": settings.postgres_user,
        "password": settings.postgres_password,
        "connect_timeout": max(2, round(settings.postgres_connect_timeout_seconds)),
        "options": f"-c statement_timeout={timeout_ms}",
    }
