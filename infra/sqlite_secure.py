"""SQLite connections that overwrite deleted content (`PRAGMA secure_delete=ON`).

Without it, whether a deleted or updated row's old bytes stay in the file's free space
depends on how the SQLite library was compiled. Every connection of the ledger, its
views and the key store is made here (the persistence module topic in
`Settings.persistence_env` names `SecureSQLiteFactory`), so a destroyed key is
overwritten in the page; `checkpoint_truncate` then empties the write-ahead log, which
still holds the page as it was before.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
    SQLiteFactory,
)

SECURE_DELETE = "PRAGMA secure_delete=ON"
FACTORY_TOPIC = "infra.sqlite_secure:SecureSQLiteFactory"


class SecureSQLiteConnectionPool(SQLiteConnectionPool):
    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection._sqlite_conn.execute(SECURE_DELETE)
        return connection


class SecureSQLiteDatastore(SQLiteDatastore):
    def __init__(self, db_name: str, **kwargs: Any):
        super().__init__(db_name, **kwargs)
        pool = self.pool
        self.pool = SecureSQLiteConnectionPool(
            db_name=db_name,
            lock_timeout=pool.lock_timeout,
            pool_size=pool.pool_size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.pool_timeout,
            max_age=pool.max_age,
            pre_ping=pool.pre_ping,
        )
        pool.close()


class SecureSQLiteFactory(SQLiteFactory):
    def __init__(self, env: Any):
        super().__init__(env)
        plain = self.datastore
        self.datastore = SecureSQLiteDatastore(
            plain.pool.db_name,
            lock_timeout=plain.pool.lock_timeout,
            single_row_tracking=plain.single_row_tracking,
            originator_id_type=plain.originator_id_type,
        )
        plain.close()


def checkpoint_truncate(path: Path) -> tuple[int, int, int]:
    """Copy the write-ahead log into the file and truncate it to nothing.

    Returns SQLite's (busy, log frames, checkpointed frames); busy is 1 when a reader
    still used an older snapshot, and the log was then not emptied."""
    with closing(sqlite3.connect(path, timeout=30)) as conn:
        conn.execute(SECURE_DELETE)
        return tuple(conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
