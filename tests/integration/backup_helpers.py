"""Shared parts of the backup tests: where a restore goes, and running `gov` on it."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from infra.settings import Settings
from tests.conftest import PG, cli_env


@contextmanager
def fresh_target(settings: Settings, where: Path) -> Iterator[Settings]:
    """Settings for an empty place to restore into: a new folder, or a new database
    (same schema name) on the same server; the audit key is the original's."""
    if settings.backend == "sqlite":
        yield settings.model_copy(
            update={
                "sqlite_path": where / "ledger.sqlite",
                "audit_key_file": settings.audit_dev_key_path(),
            }
        )
        return
    database = f"{PG['dbname']}_r{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        yield settings.model_copy(update={"postgres_dbname": database})
    finally:
        with psycopg.connect(**PG, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def env_of(settings: Settings) -> dict[str, str]:
    env = cli_env(settings)
    if settings.backend == "postgres":
        env["GOV_POSTGRES_DBNAME"] = settings.postgres_dbname
    if settings.audit_key_file is not None:
        env["GOV_AUDIT_KEY_FILE"] = str(settings.audit_key_file)
    return env


def gov(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """`gov …` in its own process, pointed at `settings`' database."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "infra.cli", *args],
        env={**os.environ, **env_of(settings)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
