"""Processes started together on an empty database all come up; `gov token` opens few
connections.

Start-up DDL runs under one advisory lock per schema on PostgreSQL
(infra/schema_setup.py): unlocked, "tuple concurrently updated" killed an API
worker and failed a concurrent `gov token`. Every process is ended; every wait
is bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.settings import Settings
from tests.conftest import _pg_execute, cli_env
from tests.integration.own_postgres import OwnCluster, running_cluster
from tests.integration.test_processes import GOV, Service, free_port

pytestmark = [pytest.mark.slow]
ROUNDS = 3
# one per store (events, views, sealed log, keys), the setup lock, the trigger check
TOKEN_CONNECTIONS = 6


def fresh_database(
    settings: Settings, tmp_path: Path, round_: int
) -> Iterator[dict[str, str]]:
    """The environment of an empty database: a new SQLite file or PostgreSQL schema."""
    if settings.backend == "sqlite":
        yield cli_env(
            settings.model_copy(
                update={"sqlite_path": tmp_path / f"round{round_}" / "ledger.sqlite"}
            )
        )
        return
    schema = f"race_{uuid.uuid4().hex[:10]}"
    _pg_execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield cli_env(settings.model_copy(update={"postgres_schema": schema}))
    finally:
        _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')


def start_together(
    env: dict[str, str], where: Path, port: int
) -> dict[str, subprocess.Popen]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOV_", "POSTGRES_", "DATABASE_"))
    }
    argvs = {
        "serve": [GOV, "serve", "--no-demo", "--port", str(port)],
        "worker": [GOV, "worker"],
        "token": [GOV, "token", "P0038"],
    }
    where.mkdir(parents=True, exist_ok=True)
    procs = {}
    for name, argv in argvs.items():
        log = open(where / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        procs[name] = subprocess.Popen(
            argv,
            env={**base, **env, "NO_PROXY": "127.0.0.1"},
            cwd=where,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
    return procs


def ready(
    port: int, procs: dict[str, subprocess.Popen], where: Path, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert procs["serve"].poll() is None, (where / "serve.log").read_text(
            errors="replace"
        )[-3000:]
        try:
            if (
                httpx.get(
                    f"http://127.0.0.1:{port}/api/v1/ready", timeout=2, trust_env=False
                ).status_code
                == 200
            ):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(
        "gov serve never became ready:\n"
        + (where / "serve.log").read_text(errors="replace")
    )


def end(procs: dict[str, subprocess.Popen]) -> None:
    for proc in procs.values():
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, signum)
                proc.wait(20)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue


def test_serve_worker_and_token_started_at_once_on_an_empty_database_all_come_up(
    settings: Settings, tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):
        where, port = tmp_path / f"round{round_}", free_port()
        for env in fresh_database(settings, tmp_path, round_):
            procs = start_together(env, where, port)
            try:
                assert procs["token"].wait(120) == 2, (
                    where / "token.log"
                ).read_text()  # nobody to issue to yet
                ready(port, procs, where)
                time.sleep(1)
                assert procs["worker"].poll() is None, (
                    where / "worker.log"
                ).read_text()
            finally:
                end(procs)
            logs = "".join(
                (where / f"{name}.log").read_text(errors="replace") for name in procs
            )
            assert "no person with ref 'P0038'" in logs
            assert "Traceback" not in logs and "concurrently" not in logs, logs[-3000:]


@pytest.fixture
def own_cluster() -> Iterator[OwnCluster]:
    with running_cluster() as cluster:
        yield cluster


@pytest.mark.postgres
def test_gov_token_opens_at_most_six_postgres_connections(
    tmp_path: Path, own_cluster: OwnCluster
) -> None:
    """Counted by the server (log_connections): every connection it ever opened."""
    schema = f"tok_{uuid.uuid4().hex[:8]}"
    own_cluster.execute(f'CREATE SCHEMA "{schema}"')
    service = Service(tmp_path, schema)
    service.env["GOV_DATABASE_URL"] = own_cluster.url
    service.run("demo", "load")
    service.env["PGAPPNAME"] = name = f"gov-token-{uuid.uuid4().hex[:8]}"
    token = service.run("token", "P0038").strip()
    assert token.count(".") >= 1, token
    opened = own_cluster.connections_logged(name)
    print(f"gov token opened {opened} PostgreSQL connections")
    assert 1 <= opened <= TOKEN_CONNECTIONS
