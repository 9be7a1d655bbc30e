"""A fresh database for one run: a temporary SQLite file or a `bench_<random>` PostgreSQL schema."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from infra.settings import Settings

# The same database as the tests' (GOV_TEST_PGDATABASE, tests/conftest.py), `test` by default.
PG: dict[str, Any] = {
    "host": "127.0.0.1",
    "port": 5432,
    "dbname": os.environ.get("GOV_TEST_PGDATABASE", "test"),
    "user": "postgres",
}
PG_URL = f"postgresql://postgres@127.0.0.1:5432/{PG['dbname']}"


def pg_execute(sql: str) -> list[tuple]:
    with psycopg.connect(**PG, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


@dataclass
class Backend:
    """Settings for the bench process and environment for the service, on one fresh database."""

    name: str
    tmp: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="gov-bench-"))
    )
    schema: str = field(default_factory=lambda: f"bench_{secrets.token_hex(6)}")
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    master_key: str = field(
        default_factory=lambda: base64.urlsafe_b64encode(
            secrets.token_bytes(32)
        ).decode()
    )
    audit_key: str = field(
        default_factory=lambda: base64.b64encode(secrets.token_bytes(32)).decode()
    )

    extra_schemas: list[str] = field(default_factory=list)
    mode: str = (
        "production"  # bench/assessment.py moves the training clock: development
    )

    def pg_schema(self, name: str) -> None:
        """Another fresh schema, dropped with this one (e.g. a rebuild's fresh tables)."""
        pg_execute(f'CREATE SCHEMA "{name}"')
        self.extra_schemas.append(name)

    def create(self) -> None:
        if self.name == "postgres":
            pg_execute(f'CREATE SCHEMA "{self.schema}"')

    def drop(self) -> None:
        if self.name == "postgres":
            for schema in [self.schema, *self.extra_schemas]:
                pg_execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        shutil.rmtree(self.tmp, ignore_errors=True)

    def settle(self) -> str:
        """After a bulk load: on PostgreSQL, what autovacuum does soon after (VACUUM ANALYZE the schema's tables)."""
        if self.name != "postgres":
            return ""
        tables = pg_execute(
            f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{self.schema}'"
        )
        for (table,) in tables:
            pg_execute(f'VACUUM ANALYZE "{self.schema}"."{table}"')
        return f"VACUUM ANALYZE of the schema's {len(tables)} tables"

    @property
    def sqlite_path(self) -> Path:
        return self.tmp / "ledger.sqlite"

    def settings(self) -> Settings:
        common: dict[str, Any] = {
            "token_secret": self.secret,
            "mode": self.mode,
            "master_key": self.master_key,
            "rate_limit_enabled": False,
            "audit_signing_key": self.audit_key,
        }
        if self.name == "sqlite":
            return Settings(sqlite_path=self.sqlite_path, **common)
        return Settings(database_url=PG_URL, postgres_schema=self.schema, **common)

    def server_env(self) -> dict[str, str]:
        """What `gov serve` reads (GOV_*), for the service subprocess."""
        env = {
            "GOV_TOKEN_SECRET": self.secret,
            "GOV_MODE": self.mode,
            "GOV_MASTER_KEY": self.master_key,
            "GOV_RATE_LIMIT_ENABLED": "false",  # the load comes from one address on purpose
            "GOV_AUDIT_SIGNING_KEY": self.audit_key,
        }
        if self.name == "sqlite":
            return {**env, "GOV_SQLITE_PATH": str(self.sqlite_path)}
        return {**env, "GOV_DATABASE_URL": PG_URL, "GOV_POSTGRES_SCHEMA": self.schema}

    def describe(self) -> str:
        if self.name == "sqlite":
            return "SQLite file in a fresh temporary directory"
        return f"PostgreSQL database `{PG['dbname']}` on 127.0.0.1:5432, fresh schema `{self.schema}` (dropped afterwards)"
