"""The table of wrapped per-person keys, kept apart from the events, on either backend.

On SQLite it is a file of its own next to the ledger (a copy of the event file carries no
keys); on PostgreSQL a table beside the event table with its own small connection pool,
so the service's role can be given rights on it separately.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import psycopg
from psycopg.sql import SQL, Identifier

from application.privacy.keyring import KeyRing, KeyRow, MasterKeys
from infra.pg_datastore import GovPostgresDatastore
from infra.settings import InsecureSettings, Settings
from infra.sqlite_secure import SecureSQLiteDatastore, checkpoint_truncate
from projections.schema import qualify, to_pyformat

LOG = logging.getLogger("gov.keys")

CREATE = [
    "CREATE TABLE IF NOT EXISTS gov_person_keys (subject TEXT PRIMARY KEY, wrapped {blob}, "
    "master_id TEXT NOT NULL, created_at TEXT NOT NULL, erased_at TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_gov_person_keys_erased ON gov_person_keys (erased_at) WHERE erased_at IS NOT NULL",
]
GET = "SELECT subject, wrapped, master_id FROM gov_person_keys WHERE subject = :subject"
INSERT = (
    "INSERT INTO gov_person_keys (subject, wrapped, master_id, created_at) "
    "VALUES (:subject, :wrapped, :master_id, :now) ON CONFLICT (subject) DO NOTHING"
)
# The row holding the key is deleted, not updated, and a row without key marks the erasure
# (so no new key is ever made for the person); then `purge` clears the old row off the files.
DESTROY = [
    "DELETE FROM gov_person_keys WHERE subject = :subject AND erased_at IS NULL",
    "INSERT INTO gov_person_keys (subject, wrapped, master_id, created_at, erased_at) "
    "VALUES (:subject, NULL, '', :now, :now) ON CONFLICT (subject) DO NOTHING",
]
ERASURES = "SELECT COUNT(*) AS n FROM gov_person_keys WHERE erased_at IS NOT NULL"
ERASED = "SELECT subject, erased_at FROM gov_person_keys WHERE erased_at IS NOT NULL"
OTHERS = "SELECT subject, wrapped, master_id FROM gov_person_keys WHERE wrapped IS NOT NULL AND master_id <> :master_id"
REWRAP = "UPDATE gov_person_keys SET wrapped = :wrapped, master_id = :master_id WHERE subject = :subject"


class SqlKeyTable:
    def __init__(
        self, datastore: Any, dialect: Any, blob: str, purge: Callable[[], None]
    ):
        self.datastore, self.dialect, self.purge = datastore, dialect, purge
        with datastore.transaction(commit=True) as cursor:
            for statement in CREATE:
                cursor.execute(dialect(statement.format(blob=blob)))

    def _run(self, sql: str, **params: Any) -> list[Any]:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(self.dialect(sql), params)
            return list(cursor.fetchall()) if sql.startswith("SELECT") else []

    def get(self, subject: str) -> KeyRow | None:
        rows = self._run(GET, subject=subject)
        return _row(rows[0]) if rows else None

    def insert_if_absent(self, subject: str, wrapped: bytes, master_id: str) -> None:
        self._run(
            INSERT, subject=subject, wrapped=wrapped, master_id=master_id, now=_now()
        )

    def destroy(self, subject: str) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for sql in DESTROY:
                cursor.execute(self.dialect(sql), {"subject": subject, "now": _now()})
        self.purge()

    def erasures(self) -> int:
        return int(self._run(ERASURES)[0]["n"])

    def erased(self) -> list[tuple[str, str]]:
        """(subject, erased at) of every destroyed key: the source of the erasure journal."""
        return [(r["subject"], r["erased_at"]) for r in self._run(ERASED)]

    def wrapped_under_other_than(self, master_id: str) -> list[KeyRow]:
        return [_row(r) for r in self._run(OTHERS, master_id=master_id)]

    def rewrap(self, subject: str, wrapped: bytes, master_id: str) -> None:
        self._run(REWRAP, subject=subject, wrapped=wrapped, master_id=master_id)

    def close(self) -> None:
        self.datastore.close()


def build_keyring(settings: Settings) -> KeyRing | None:
    if not settings.personal_data_encryption:
        return None
    return KeyRing(build_key_table(settings), master_keys(settings))


def key_table(keyring: KeyRing) -> SqlKeyTable:
    """The key ring's table as built here (the application knows it by its protocol)."""
    return cast(SqlKeyTable, keyring.table)


def build_key_table(settings: Settings) -> SqlKeyTable:
    if settings.backend == "sqlite":
        path = keys_path(settings.sqlite_path)
        return SqlKeyTable(
            SecureSQLiteDatastore(
                str(path), lock_timeout=settings.sqlite_busy_timeout_seconds
            ),
            lambda sql: sql,
            "BLOB",
            lambda: _checkpoint(path),
        )
    datastore = GovPostgresDatastore(
        dbname=settings.postgres_dbname,
        host=str(settings.postgres_host),
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password,
        schema=settings.postgres_schema,
        pool_size=1,
        max_overflow=min(2, settings.postgres_max_overflow),
        connect_timeout=settings.postgres_pool_timeout_seconds,
        pre_ping=settings.postgres_pre_ping,
        statement_timeout=settings.postgres_statement_timeout_seconds,
        socket_connect_timeout=settings.postgres_connect_timeout_seconds,
        outage_wait=settings.postgres_outage_wait_seconds,
    )
    return SqlKeyTable(
        datastore,
        lambda sql: to_pyformat(qualify(sql, settings.postgres_schema)),
        "BYTEA",
        lambda: vacuum_key_table(settings),
    )


def _checkpoint(path: Path) -> None:
    """The destroyed key's page, as it was, is still in the write-ahead log: empty it."""
    busy, _, _ = checkpoint_truncate(path)
    if busy:
        LOG.warning(
            "the key store's write-ahead log was not emptied (a reader held it); "
            "the next erasure or `gov privacy purge` empties it"
        )


# Transactions begun before the deletion (holding a snapshot or an older transaction id):
# while one runs, VACUUM must keep the deleted row.
OLDER_TRANSACTIONS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND xact_start < %s "
    "AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)"
)


def vacuum_key_table(settings: Settings) -> None:
    """Rewrite the key table without the deleted row (VACUUM FULL: new files, the old ones removed).

    VACUUM cannot run in a transaction, so on a connection of its own in autocommit mode. It
    copies a deleted row that a transaction begun before the deletion might still see, so
    this waits (up to `key_purge_wait_seconds`) until no such transaction is left, and
    vacuums again while VACUUM itself reports a dead row it could not remove yet (a snapshot
    taken while an older transaction ran). The destroyed key stays in PostgreSQL's
    write-ahead log until its segments are recycled, and in backups (docs/privacy.md,
    Backups)."""
    table = SQL("{}.gov_person_keys").format(Identifier(settings.postgres_schema))
    # (message, detail), copied in the handler: a notice lives only while it runs
    notices: list[tuple[str, str]] = []
    with psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        dbname=settings.postgres_dbname,
        user=settings.postgres_user,
        password=settings.postgres_password,
        autocommit=True,
    ) as conn:
        # A role that does not own the table gets a warning, not an error, and nothing is vacuumed.
        conn.add_notice_handler(
            lambda n: notices.append((n.message_primary or "", n.message_detail or ""))
        )
        deadline = time.monotonic() + settings.key_purge_wait_seconds
        held = _wait_for_older_transactions(conn, settings.key_purge_wait_seconds)
        while _vacuum_left_dead_rows(conn, table, notices) and not held:
            held = int(time.monotonic() >= deadline)
            time.sleep(0.1)
    _report(held, notices)


def _vacuum_left_dead_rows(
    conn: Any, table: Any, notices: list[tuple[str, str]]
) -> bool:
    """VACUUM FULL VERBOSE; whether it said a dead row could not be removed yet."""
    notices.clear()
    conn.execute(SQL("VACUUM (FULL, VERBOSE) {}").format(table))
    kept = (_KEPT_DEAD.search(detail) for _, detail in notices)
    return any(match and int(match.group(1)) > 0 for match in kept)


# PostgreSQL's English text (lc_messages other than English: one VACUUM, as before)
_KEPT_DEAD = re.compile(r"(\d+) dead row versions cannot be removed yet")


def _report(held: int, notices: list[tuple[str, str]]) -> None:
    if held:
        LOG.error(
            "a transaction older than the erasure was still open: the destroyed key may still "
            "be in gov_person_keys' files; run `gov privacy purge` when it has ended"
        )
    if any("skipping" in message for message, _ in notices):
        LOG.error(
            "the destroyed key is still in gov_person_keys' files: this role may not vacuum it; "
            "run `gov privacy purge` as the table's owner"
        )


def _wait_for_older_transactions(conn: Any, seconds: float) -> int:
    """How many transactions begun before now are still open after waiting up to `seconds`."""
    since = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    deadline = time.monotonic() + seconds
    while (
        held := conn.execute(OLDER_TRANSACTIONS, (since,)).fetchone()[0]
    ) and time.monotonic() < deadline:
        time.sleep(0.05)
    return int(held)


def keys_path(ledger_path: Path) -> Path:
    return ledger_path.with_name(ledger_path.stem + ".keys" + ledger_path.suffix)


def master_keys(settings: Settings) -> MasterKeys:
    return MasterKeys(
        _key_bytes(settings.current_master_key()),
        tuple(_key_bytes(k) for k in settings.previous_master_keys),
    )


def _key_bytes(text: str) -> bytes:
    """A master key is 32 random bytes in url-safe base64 (`gov keys generate` prints one)."""
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise InsecureSettings(
            "a master key must be 32 bytes in url-safe base64; `gov keys generate` prints one"
        )
    return raw


def new_master_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _row(row: Any) -> KeyRow:
    wrapped = row["wrapped"]
    return KeyRow(
        row["subject"],
        bytes(wrapped) if wrapped is not None else None,
        row["master_id"],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()
