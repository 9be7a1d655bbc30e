"""`gov backup DIR`: one consistent snapshot of the log, views, audit tables and key store.

SQLite: the online backup API, in one step (a copy of the running file in WAL mode
misses what is still in the write-ahead log), first the ledger file (events, views,
sealed log), then the key store: a key store newer than the ledger holds every key the
ledger needs; an erasure made in between is in the erasure journal the backup writes
last, which a restore re-applies. PostgreSQL: `pg_dump` of the service's schema (keys
included) from a snapshot exported by a transaction that also reads the head and the
checkpoint, so the manifest describes exactly what was dumped.

The manifest (manifest.json) names the log head, the newest signed checkpoint, the time,
and each file's size and sha256 (docs/operations.md §backups).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.sql import SQL, Identifier

from application.people.erasure_journal import journal_entries, to_lines
from infra.keystore import keys_path
from infra.schema_setup import connection_args
from infra.settings import Settings

FORMAT = "gov-backup/1"
MANIFEST = "manifest.json"
JOURNAL = "erasures.jsonl"
DUMP = "schema.dump"
LATEST_CHECKPOINT = "SELECT size, root, at, note FROM {} ORDER BY size DESC LIMIT 1"
Step = Callable[[str], None]


class BackupRefused(Exception):
    """A backup or restore that cannot go on; the message says why and what to do (Chinese)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path: Path) -> dict[str, Any]:
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


def sqlite_snapshot(source: Path, target: Path, busy_seconds: float) -> None:
    """One step of the online backup API: a consistent copy while writers go on."""
    if not source.exists():
        raise BackupRefused(f"找不到数据库文件 {source}（GOV_SQLITE_PATH）")
    src = sqlite3.connect(source, timeout=busy_seconds)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def sqlite_figures(ledger_copy: Path, events_table: str) -> dict[str, Any]:
    conn = sqlite3.connect(ledger_copy)
    conn.row_factory = sqlite3.Row
    try:
        head = conn.execute(f"SELECT MAX(rowid) FROM {events_table}").fetchone()[0]
        row = conn.execute(LATEST_CHECKPOINT.format("gov_audit_checkpoints")).fetchone()
        return {"log_head": head or 0, "checkpoint": _checkpoint(row)}
    finally:
        conn.close()


def _checkpoint(row: Any) -> dict[str, Any] | None:
    if row is None:
        return None
    root = row["root"]
    return {
        "size": row["size"],
        "root": root.hex() if isinstance(root, bytes | memoryview) else str(root),
        "at": str(row["at"]),
        "note": row["note"],
    }


def backup_sqlite(
    settings: Settings, out: Path, events_table: str, step: Step
) -> dict[str, Any]:
    ledger = settings.sqlite_path
    copies = [
        (ledger, out / ledger.name),
        (keys_path(ledger), out / keys_path(ledger).name),
    ]
    for source, target in copies:
        step(f"SQLite 在线备份 {source.name}")
        sqlite_snapshot(source, target, settings.sqlite_busy_timeout_seconds)
    return sqlite_figures(copies[0][1], events_table)


def pg_connect(settings: Settings, **options: Any) -> Any:
    args: dict[str, Any] = {**connection_args(settings), **options}
    return psycopg.connect(**args)


def pg_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "PGHOST": str(settings.postgres_host),
        "PGPORT": str(settings.postgres_port),
        "PGUSER": settings.postgres_user,
        "PGPASSWORD": settings.postgres_password,
        "PGDATABASE": settings.postgres_dbname,
    }


def backup_postgres(
    settings: Settings, out: Path, events_table: str, step: Step
) -> dict[str, Any]:
    schema = settings.postgres_schema
    with pg_connect(settings, row_factory=dict_row) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot() AS id").fetchone()
        figures = _pg_figures(conn, schema, events_table)
        step(f"pg_dump 模式 {schema}")
        dumped = subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                "-n",
                f'"{schema}"',
                f"--snapshot={snapshot['id']}",
                "-f",
                str(out / DUMP),
            ],  # fmt: skip
            env=pg_env(settings),
            capture_output=True,
            text=True,
            check=False,
        )
    if dumped.returncode != 0:
        raise BackupRefused(f"pg_dump 失败：{dumped.stderr.strip()[:500]}")
    return figures


def _pg_figures(conn: Any, schema: str, events_table: str) -> dict[str, Any]:
    head = conn.execute(
        SQL("SELECT MAX(notification_id) AS head FROM {}.{}").format(
            Identifier(schema), Identifier(events_table)
        )
    ).fetchone()["head"]
    table = SQL("{}.{}").format(Identifier(schema), Identifier("gov_audit_checkpoints"))
    row = conn.execute(SQL(LATEST_CHECKPOINT).format(table)).fetchone()
    return {"log_head": head or 0, "checkpoint": _checkpoint(row)}


def seal_and_sign(container: Any) -> None:
    """Seal up to the head and sign a checkpoint of it, so the backup is covered by one."""
    parts = container.audit_parts
    parts.sealing.catch_up()
    head = parts.store.latest_checkpoint()
    if head is None or head["size"] < parts.store.size():
        parts.sealing.checkpointer.checkpoint(parts.store.size())


def take_backup(
    container: Any, out: Path, step: Step = lambda _: None
) -> dict[str, Any]:
    """Write the snapshot, the erasure journal and the manifest into the empty `out`."""
    settings: Settings = container.settings
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise BackupRefused(f"备份目录 {out} 不是空的：请指定一个新目录")
    step("封存并签署检查点")
    seal_and_sign(container)
    table = container.ledger.recorder.events_table_name
    take = backup_sqlite if settings.backend == "sqlite" else backup_postgres
    figures = take(settings, out, table, step)
    step("导出删除日志（erasure journal）")
    erased = container.ledger.keyring.table.erased() if container.ledger.keyring else []
    (out / JOURNAL).write_text(
        to_lines(journal_entries(container.ledger, erased)), encoding="utf-8"
    )
    step("计算哈希，写清单")
    manifest = {
        "format": FORMAT,
        "backend": settings.backend,
        "taken_at": datetime.now(UTC).isoformat(),
        "schema": settings.postgres_schema if settings.backend == "postgres" else None,
        **figures,
        "files": [file_entry(p) for p in sorted(out.iterdir()) if p.name != MANIFEST],
    }
    (out / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest
