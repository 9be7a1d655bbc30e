"""A database outage under a real `gov serve`: 503 + Retry-After in bounded time.

Never a 500, never a hang.

PostgreSQL: a cluster of the test's own is stopped (immediate: no clean
shutdown) while clients write and read, kept down a few seconds, and started
again, then restarted with `pg_ctl restart -m immediate`; the service is not
restarted and must write again by itself each time.
SQLite: a write that finds the file locked past the busy timeout gets 503 too.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from infra.app import create_app
from infra.settings import Settings
from tests.api.problem_helpers import API, RAISE, assert_problem, log_unchanged, person
from tests.conftest import load_demo
from tests.integration.own_postgres import OwnCluster, running_cluster
from tests.integration.test_processes import GOV, Clients, Service

pytestmark = [pytest.mark.slow]
# The pool timeout (3 s) and room for a loaded machine; the library's ten retries
# would add about 3 s more to the first answers of an outage.
ANSWER_BOUND = 5.0
READY_BOUND = 1.0
DOWN_SECONDS = 4.0


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[OwnCluster]:
    with running_cluster() as cluster:
        yield cluster


@dataclass
class Answer:
    kind: str
    at: float
    seconds: float
    status: int
    retry_after: str | None = None
    problem: dict = field(default_factory=dict)


class Load:
    """A writer, a reader and a readiness poller against the service, until stopped."""

    def __init__(self, service: Service, clients: Clients):
        self.url, self.clients, self.answers = service.url, clients, []
        self.stopping, self.lock = threading.Event(), threading.Lock()
        self.resident = clients.residents[0]

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._loop, args=(kind,), daemon=True)
            for kind in ("write", "read", "ready")
        ]
        for thread in threads:
            thread.start()
        return threads

    def _loop(self, kind: str) -> None:
        with httpx.Client(base_url=self.url, timeout=30, trust_env=False) as client:
            while not self.stopping.is_set():
                self._one(client, kind)
                time.sleep(0.05)

    def _one(self, client: httpx.Client, kind: str) -> None:
        headers = self.clients.headers(self.resident)
        start = time.monotonic()
        if kind == "write":
            response = client.post(
                "/requests",
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                json={
                    "title": "路灯不亮",
                    "description": "三号楼前",
                    "category": "facilities",
                },
            )
        elif kind == "read":
            response = client.get("/me/requests", headers=headers)
        else:
            response = client.get("/ready")
        seconds = time.monotonic() - start
        body = (
            response.json()
            if response.headers.get("content-type", "").endswith("json")
            else {}
        )
        with self.lock:
            self.answers.append(
                Answer(
                    kind,
                    start,
                    seconds,
                    response.status_code,
                    response.headers.get("retry-after"),
                    body if response.status_code >= 400 else {},
                )
            )

    def wait_for(self, kind: str, status: int, after: float, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if any(
                    a.kind == kind and a.status == status and a.at > after
                    for a in self.answers
                ):
                    return
            time.sleep(0.1)
        raise AssertionError(
            f"no {kind} answered {status} within {timeout}s: {self.answers[-5:]}"
        )


@pytest.mark.postgres
def test_a_postgres_outage_gives_only_2xx_or_503_in_bounded_time_and_writes_resume(
    tmp_path: Path, own_cluster: OwnCluster
) -> None:
    schema = f"outage_{uuid.uuid4().hex[:8]}"
    own_cluster.execute(f'CREATE SCHEMA "{schema}"')
    service = Service(tmp_path, schema)
    service.env["GOV_DATABASE_URL"] = own_cluster.url
    load = None
    try:
        service.run("demo", "load")
        service.start("serve", [GOV, "serve", "--no-demo", "--port", str(service.port)])
        service.wait_healthy("serve")
        load = Load(service, Clients(service))
        load.start()
        load.wait_for("write", 201, after=0, timeout=60)
        down_at = time.monotonic()
        own_cluster.stop("immediate")
        time.sleep(DOWN_SECONDS)
        up_at = time.monotonic()
        own_cluster.start()
        load.wait_for("write", 201, after=time.monotonic(), timeout=60)
        own_cluster.restart(
            "immediate"
        )  # pg_ctl restart -m immediate: a crash and a quick return
        load.wait_for("write", 201, after=time.monotonic(), timeout=60)
        assert service.procs["serve"].poll() is None, "the service had to be restarted"
    finally:
        if load is not None:
            load.stopping.set()
        service.stop_all()
    print(
        summary(load.answers, down_at, up_at)
    )  # shown with -s: what the outage looked like
    assert_outage_answers(load.answers, down_at, up_at)


def summary(answers: list[Answer], down_at: float, up_at: float) -> str:
    lines = []
    for kind in ("write", "read", "ready"):
        mine = [a for a in answers if a.kind == kind]
        resumed = min(
            (a.at for a in mine if a.at > up_at and a.status < 300),
            default=float("nan"),
        )
        lines.append(
            f"{kind}: {len(mine)} answers, {sum(a.status == 503 for a in mine)} x 503, "
            f"slowest {max(a.seconds for a in mine):.2f}s, "
            f"2xx again {resumed - up_at:.1f}s after start"
        )
    return "\n".join(lines)


def assert_outage_answers(answers: list[Answer], down_at: float, up_at: float) -> None:
    statuses = {a.status for a in answers}
    assert statuses <= {200, 201, 503}, [
        a for a in answers if a.status not in (200, 201, 503)
    ]
    unavailable = [a for a in answers if a.status == 503]
    assert all(a.retry_after and a.problem.get("status") == 503 for a in unavailable), (
        unavailable
    )
    slow = [a for a in answers if a.kind != "ready" and a.seconds > ANSWER_BOUND]
    assert not slow, f"answers slower than {ANSWER_BOUND}s: {slow}"
    while_down = [a for a in answers if down_at + 0.5 < a.at < up_at]
    assert {a.kind for a in while_down if a.status == 503} == {
        "write",
        "read",
        "ready",
    }, while_down
    assert all(a.seconds <= READY_BOUND for a in answers if a.kind == "ready"), [
        a for a in answers if a.kind == "ready" and a.seconds > READY_BOUND
    ]
    assert any(
        a.kind == "write" and "数据库暂时不可用" in a.problem.get("detail", "")
        for a in unavailable
    )


def test_a_sqlite_write_locked_out_past_the_busy_timeout_gets_503_and_writes_nothing(
    tmp_path: Path,
) -> None:
    settings = Settings(
        sqlite_path=tmp_path / "ledger.sqlite",
        rate_limit_enabled=False,
        sqlite_busy_timeout_seconds=1,
    )
    app = create_app(settings)
    container = app.state.container
    load_demo(container)
    headers = {"Authorization": f"Bearer {container.tokens.issue(person('P0038'))}"}
    with TestClient(app) as client:
        with (
            log_unchanged(container),
            closing(
                sqlite3.connect(settings.sqlite_path, isolation_level=None)
            ) as holder,
        ):
            holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
            refused = client.post(f"{API}/requests", headers=headers, json=RAISE)
            holder.execute("ROLLBACK")
        assert_problem(refused, 503)
        assert refused.headers["retry-after"]
        assert "数据库暂时不可用" in refused.json()["detail"]
        again = client.post(f"{API}/requests", headers=headers, json=RAISE)
    assert again.status_code == 201, again.text
