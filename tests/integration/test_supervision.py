"""A killed projection/sealing/scheduler worker is restarted, and readiness says so meanwhile.

Real processes: `gov worker` under the supervisor `gov serve` uses (both backends),
and `gov serve --workers 2` itself on PostgreSQL (see test_processes.py for how
processes are started and bounded). Only 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from infra.app import create_app
from infra.cli import _mark_down
from infra.container import Container, build_container
from infra.settings import Settings
from infra.supervisor import Supervisor
from tests.api.test_readiness import problems_until, ready_within
from tests.conftest import cli_env, load_demo
from tests.integration.audit_helpers import raise_over_http
from tests.integration.test_processes import (
    Clients,
    Service,
    assert_views_exact,
    schema,  # noqa: F401 - a fixture
)

GOV = str(Path(sys.executable).with_name("gov"))


@pytest.fixture
def api(settings: Settings) -> Iterator[tuple[Container, TestClient]]:
    """An API process of its own: no runners here, the supervised worker runs them."""
    only_api = settings.model_copy(
        update={"projections_in_process": False, "scheduler_in_process": False}
    )
    built = build_container(only_api, start=False)
    load_demo(built)
    try:
        yield built, TestClient(create_app(container=built))
    finally:
        built.close()


def worker_env(settings: Settings) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOV_", "POSTGRES_", "DATABASE_"))
    }
    return {**env, **cli_env(settings), "GOV_HEARTBEAT_INTERVAL_SECONDS": "0.2"}


@pytest.fixture
def supervisor(settings: Settings, tmp_path: Path) -> Iterator[Supervisor]:
    """`gov worker` under the supervisor `gov serve` uses, marking a dead worker down as it does."""
    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115 - closed below
    supervising = Supervisor(
        [GOV, "worker"],
        initial=0.5,
        cap=4.0,
        env=worker_env(settings),
        cwd=tmp_path,
        on_exit=lambda pid, code: _mark_down(settings, pid, code),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    supervising.start()
    try:
        yield supervising
    finally:
        supervising.stop()
        log.close()


def test_a_killed_worker_is_restarted_within_10_s_with_readiness_not_ready_meanwhile(
    api, supervisor: Supervisor, caplog
) -> None:
    """SIGKILL of `gov worker`: the supervisor logs it, readiness turns 503 (runner down), a new
    worker starts within 10 s, readiness is 200 again and the command acknowledged meanwhile
    reaches the inbox."""
    container, client = api
    caplog.set_level(logging.WARNING, logger="infra.supervisor")
    ready_within(
        client, timeout=60
    )  # the worker has projected and sealed the demo load
    killed_pid = supervisor.child.pid
    os.kill(killed_pid, signal.SIGKILL)
    killed = time.monotonic()
    _, down = problems_until(client, "runner_down", timeout=8)
    assert {p["runner"] for p in down} >= {"catch-up", "sealing"}
    assert any("signal 9" in p["detail"] for p in down)
    position = raise_over_http(container, client)[
        "position"
    ]  # acknowledged while no worker runs
    ready_within(client, timeout=max(10 - (time.monotonic() - killed), 0.5))
    assert supervisor.restarts == 1 and supervisor.child.pid != killed_pid
    assert container.view.wait_for(position, 10), "the new worker did not project it"
    inbox = container.view.inbox("CX010101", [], [], 0, 1000)
    assert inbox[-1]["raised_position"] == position
    assert_restart_logged("\n".join(r.getMessage() for r in caplog.records), killed_pid)


def assert_restart_logged(log: str, killed_pid: int) -> None:
    assert f"worker process {killed_pid} ended (signal 9)" in log, log
    assert "worker restarted (restart 1)" in log, log


def worker_of(parent: int) -> int | None:
    """The pid of `gov serve`'s worker child (`python -m infra.cli worker`), from /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat, cmdline = (
                (entry / "stat").read_text(),
                (entry / "cmdline").read_bytes(),
            )
        except OSError:
            continue
        if (
            int(stat.rsplit(")", 1)[1].split()[1]) == parent
            and b"infra.cli\x00worker" in cmdline
        ):
            return int(entry.name)
    return None


def ended(pid: int, timeout: float) -> bool:
    """`pid` is gone (or a zombie waiting to be reaped) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.2)
    return False


def ready_status(service: Service) -> tuple[int, dict]:
    response = httpx.get(f"{service.url}/ready", timeout=5, trust_env=False)
    return response.status_code, response.json()


def poll_ready(service: Service, until, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status, body = ready_status(service)
        if until(status, body) or time.monotonic() > deadline:
            assert until(status, body), body
            return body
        time.sleep(0.1)


def runner_down(status: int, body: dict) -> bool:
    checks = [p["check"] for p in body.get("problems", [])]
    return status == 503 and "runner_down" in checks


def serving_with_two_workers(service: Service) -> tuple[subprocess.Popen, Clients]:
    service.run("demo", "load")
    argv = [GOV, "serve", "--workers", "2", "--no-demo", "--port", str(service.port)]
    serve = service.start("serve", argv)
    service.wait_healthy("serve")
    poll_ready(service, lambda status, _: status == 200, timeout=60)
    return serve, Clients(service)


@pytest.mark.slow
@pytest.mark.postgres
def test_gov_serve_with_two_workers_restarts_its_killed_worker_within_10_s(
    tmp_path: Path,
    schema: str,  # noqa: F811 - the fixture
) -> None:
    """The operator's case: `gov serve --workers 2`, `kill -9` of its `gov worker`; /ready was 200 with a
    growing lag and inboxes froze until someone restarted it by hand."""
    service = Service(tmp_path, schema)  # the default restart pause, 0.5 s
    try:
        serve, clients = serving_with_two_workers(service)
        clients.parallel(clients.raise_, list(range(12)))
        killed_pid = worker_of(serve.pid)
        assert killed_pid, "gov serve --workers 2 runs no worker child"
        os.kill(killed_pid, signal.SIGKILL)
        killed = time.monotonic()
        body = poll_ready(service, runner_down, timeout=8)
        assert "catch-up" in body["detail"] and "signal 9" in body["detail"]
        clients.parallel(
            clients.raise_, list(range(12, 24))
        )  # while it is down or starting
        within_10_s = max(10 - (time.monotonic() - killed), 0.5)
        poll_ready(service, lambda status, _: status == 200, timeout=within_10_s)
        assert worker_of(serve.pid) not in (None, killed_pid)
        assert_views_exact(clients)  # every inbox and resident list, each event once
        log = (tmp_path / "serve.log").read_text(errors="replace")
        assert_restart_logged(log, killed_pid)
        restarted = worker_of(serve.pid)
        os.kill(
            serve.pid, signal.SIGKILL
        )  # gov serve itself dies: its worker is no orphan
        assert ended(restarted, timeout=15), "the worker outlived gov serve"
    finally:
        service.stop_all()
