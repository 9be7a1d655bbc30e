"""Fixtures: every application, projection and API test runs on SQLite and on PostgreSQL.

PostgreSQL is required, not optional: if the server cannot be reached the
PostgreSQL-parametrised tests fail. Set GOV_TEST_BACKENDS=sqlite to run only
SQLite on purpose (never in CI).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.sql import SQL, Identifier

from domain.people import person_id_for
from infra.app import create_app
from infra.audit_keys import load_log_signer
from infra.container import Container
from infra.settings import Settings
from tests import fastapi_reuse
from tests.demo_postgres import vacuum_catalogs
from tests.demo_template import DemoTemplates, load_demo  # noqa: F401 (tests import it from here)

# GOV_TEST_PGDATABASE: the database the tests make their schemas in (.ci/ensure-postgres checks it).
# Each xdist worker works in a database of its own beside it (`test_gw0`, …): what PostgreSQL
# decides per database (VACUUM's horizon, pg_stat_activity's transactions) must not depend on
# what the other worker's test is doing at the same moment.
BASE_DATABASE = os.environ.get("GOV_TEST_PGDATABASE", "test")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG = {
    "host": "127.0.0.1",
    "port": 5432,
    "dbname": f"{BASE_DATABASE}_{WORKER}" if WORKER else BASE_DATABASE,
    "user": "postgres",
}
BACKENDS = [
    b for b in os.environ.get("GOV_TEST_BACKENDS", "sqlite,postgres").split(",") if b
]
# Turned on by the tests of each: tests/api/test_rate_limit.py, tests/integration/test_self_audit*.py
# (a self-audit finding a test's deliberate tampering would refuse that test's next checkpoint).
OFF_IN_TESTS = {"rate_limit_enabled": False, "self_audit_enabled": False}


def pg_settings(schema: str, **overrides) -> Settings:
    return Settings(
        postgres_host=PG["host"],
        postgres_port=PG["port"],
        postgres_dbname=PG["dbname"],
        postgres_user=PG["user"],
        postgres_schema=schema,
        **{**OFF_IN_TESTS, **overrides},  # the pools as deployed: 2 kept, up to 8 more
    )


def _pg_connect() -> psycopg.Connection:
    return psycopg.connect(**PG, autocommit=True)


def _pg_execute(sql: str) -> None:
    with _pg_connect() as conn:
        conn.execute(sql)


def _sqlite_settings(directory: Path) -> Settings:
    return Settings(
        sqlite_path=directory / "ledger.sqlite",
        catchup_interval_seconds=0.05,
        **OFF_IN_TESTS,
    )


# The demo loaded once per run (and xdist worker) and backend, cloned per test: tests/demo_template.py.
DEMO = DemoTemplates(_sqlite_settings, pg_settings, _pg_connect)


def demo_container(settings: Settings, **build) -> Container:
    """`build_container(settings, **build)` with the demo loaded (cloned when the settings allow)."""
    return DEMO.container(settings, **build)


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001
    """Each app a test builds reuses FastAPI's analysis of the routes: tests/fastapi_reuse.py."""
    fastapi_reuse.install()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Before xdist starts its workers: PostgreSQL containers share the generated audit key
    (var/audit-signing.key), and two workers must not race to write it. In a worker: its
    own database, made when missing; its catalogs vacuumed."""
    if "postgres" not in BACKENDS:
        return
    if not hasattr(session.config, "workerinput"):
        load_log_signer(pg_settings("public"))
    elif WORKER:
        _create_worker_database()
    _commit_without_waiting_for_the_disk()
    # the dead catalog rows earlier runs' schemas left (CI's server has no autovacuum)
    vacuum_catalogs(_pg_connect)


def _create_worker_database() -> None:
    with psycopg.connect(**{**PG, "dbname": BASE_DATABASE}, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (PG["dbname"],)
        ).fetchone()
        if not exists:
            conn.execute(SQL("CREATE DATABASE {}").format(Identifier(PG["dbname"])))


def _commit_without_waiting_for_the_disk() -> None:
    """The test database's sessions commit without waiting for the WAL to reach the disk.

    Every PostgreSQL test commits often, and on the shared machine the wait for fsync was
    much of a commit (the PostgreSQL access-matrix walk alone, alternated: median 46 s so
    against 58 s). What a commit makes visible, and in which order, is unchanged; only an
    operating-system crash could lose the last commits, and the tests that crash a server
    run their own cluster (tests/integration/own_postgres.py, fsync=off)."""
    with _pg_connect() as conn:
        conn.execute(
            SQL("ALTER DATABASE {} SET synchronous_commit = off").format(
                Identifier(PG["dbname"])
            )
        )


def pytest_sessionfinish(session: pytest.Session) -> None:  # noqa: ARG001
    DEMO.drop()


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite":
        yield _sqlite_settings(tmp_path)
        return
    if _takes_the_demo_container(request):  # the demo: rows replaced, DDL kept
        yield pg_settings(DEMO.warm_schema())
        DEMO.release_warm()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE SCHEMA "{schema}"')
    try:
        chosen = pg_settings(schema)
        assert chosen.backend == "postgres", "PostgreSQL settings fell back to SQLite"
        yield chosen
    finally:
        _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')


def _takes_the_demo_container(request: pytest.FixtureRequest) -> bool:
    """The test's `container` is this file's (a clone of the demo), not a module's own."""
    chosen = request._pyfuncitem._fixtureinfo.name2fixturedefs.get("container")
    return bool(chosen) and chosen[-1].func.__module__ == __name__


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points `gov …` at the same database as `settings`."""
    if settings.backend == "sqlite":
        return {"GOV_SQLITE_PATH": str(settings.sqlite_path)}
    return {
        "GOV_POSTGRES_HOST": settings.postgres_host,
        "GOV_POSTGRES_PORT": str(settings.postgres_port),
        "GOV_POSTGRES_DBNAME": settings.postgres_dbname,
        "GOV_POSTGRES_USER": settings.postgres_user,
        "GOV_POSTGRES_SCHEMA": settings.postgres_schema,
    }


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    built = demo_container(settings)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as test_client:
        yield test_client


@pytest.fixture
def auth(container: Container):
    """auth("P0038") → headers with a bearer token for that demo person."""

    def headers(ref: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {container.tokens.issue(str(person_id_for(ref)))}"
        }

    return headers


def log_size(container: Container) -> int:
    return container.ledger.position()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    """Say how many tests ran on each backend, so CI output shows both."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            backend = next(
                (
                    b
                    for b in ("sqlite", "postgres")
                    if f"[{b}" in report.nodeid
                    or f"-{b}]" in report.nodeid
                    or f"-{b}-" in report.nodeid
                ),
                "no database",
            )
            counts.setdefault(backend, {}).setdefault(outcome, 0)
            counts[backend][outcome] += 1
    for backend, by_outcome in sorted(counts.items()):
        line = ", ".join(f"{n} {outcome}" for outcome, n in sorted(by_outcome.items()))
        terminalreporter.write_line(f"backend {backend}: {line}")
