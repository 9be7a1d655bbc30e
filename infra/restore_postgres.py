"""The PostgreSQL side of `gov restore`: an empty target schema, pg_restore into it.

A fresh database already has an empty `public` schema: a schema that exists but
holds no table is restored into (the dump's own CREATE SCHEMA left out), one that
holds tables is refused. A refused restore empties the schema again.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from psycopg.sql import SQL, Identifier

from infra.backup import BackupRefused, pg_connect, pg_env
from infra.settings import Settings

TABLES_IN = (
    "SELECT COUNT(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
)
SCHEMA_EXISTS = "SELECT 1 FROM pg_namespace WHERE nspname = %s"


def schema_state(settings: Settings) -> str:
    """`absent`, `empty` or `used`."""
    schema = settings.postgres_schema
    with pg_connect(settings, autocommit=True) as conn:
        if conn.execute(SCHEMA_EXISTS, (schema,)).fetchone() is None:
            return "absent"
        tables = conn.execute(TABLES_IN, (schema,)).fetchone()[0]
    return "used" if tables else "empty"


def refuse_used_schema(settings: Settings) -> None:
    if schema_state(settings) == "used":
        raise BackupRefused(
            f"目标模式 {settings.postgres_schema} 已有表：请恢复到新的数据库（或空的模式）"
        )


def pg_restore(dump: Path, settings: Settings, manifest: dict[str, Any]) -> None:
    schema = settings.postgres_schema
    if manifest.get("schema") != schema:
        raise BackupRefused(
            f"备份的模式是 {manifest.get('schema')}，而 GOV_POSTGRES_SCHEMA 是 "
            f"{schema}：请设为相同的模式名，恢复到新的数据库"
        )
    exists = schema_state(settings) != "absent"
    with tempfile.NamedTemporaryFile("w", suffix=".list") as listing:
        listing.write(_entries(dump, settings, leave_out_schema=exists))
        listing.flush()
        restored = _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-L",
                listing.name,
                "-d",
                settings.postgres_dbname,
                str(dump),
            ],  # fmt: skip
            settings,
        )
    if restored.returncode != 0:
        empty_schema(settings)
        raise BackupRefused(f"pg_restore 失败：{restored.stderr.strip()[:500]}")


def _entries(dump: Path, settings: Settings, *, leave_out_schema: bool) -> str:
    listed = _run(["pg_restore", "-l", str(dump)], settings)
    if listed.returncode != 0:
        raise BackupRefused(f"pg_restore 读不了备份：{listed.stderr.strip()[:500]}")
    own_schema = f" SCHEMA - {settings.postgres_schema} "
    return "".join(
        line + "\n"
        for line in listed.stdout.splitlines()
        if not (leave_out_schema and own_schema in line + " ")
    )


def _run(argv: list[str], settings: Settings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=pg_env(settings), capture_output=True, text=True, check=False
    )


def empty_schema(settings: Settings) -> None:
    """Drop what a refused restore put in the schema (the schema itself too)."""
    with pg_connect(settings, autocommit=True) as conn:
        conn.execute(
            SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                Identifier(settings.postgres_schema)
            )
        )
