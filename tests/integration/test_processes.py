"""The service as separate OS processes on PostgreSQL: one `gov worker` projects, two uvicorn workers serve.

Client threads raise and escalate requests over HTTP as different people; every
unit inbox and every resident's `/me/requests` must then be exact. The worker is
killed (SIGKILL) mid-way, commands keep being accepted, and once the worker is
restarted the views become exact again: each event applied exactly once.
Only 127.0.0.1 is contacted; every wait is bounded; every process is ended.
"""

from __future__ import annotations

import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg
import pytest

from application.signin.tokens import TokenService
from domain.levels import Role
from domain.people import person_id_for
from infra.registry_file import demo_registry_path, load_registry_file
from tests.conftest import PG

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

GOV = (
    str(Path(sys.executable).with_name("gov"))
    if Path(sys.executable).with_name("gov").exists()
    else "gov"
)
GROUPS = ["CX010101", "CX010102", "CX010103", "CX010201", "CX010202"]
STAFF = {"CX0101": "P0010", "CX0102": "P0012", "CX01": "P0004"}
WAITING = {"new", "accepted", "delegated", "reopened"}
THREADS = 6


@pytest.fixture
def schema():
    """A fresh PostgreSQL schema; PostgreSQL being down is a failure, not a skip."""
    name = f"proc_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**PG, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**PG, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """Processes started here, each in its own session so its children end with it."""

    def __init__(self, tmp_path: Path, schema: str):
        self.dir, self.port, self.procs = tmp_path, free_port(), {}
        self.secret = secrets.token_hex(16)
        master_key = tmp_path / "master.key"
        master_key.write_text(
            base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        )
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GOV_", "POSTGRES_", "DATABASE_"))
        }
        self.env.update(
            GOV_DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{PG['dbname']}",
            GOV_POSTGRES_SCHEMA=schema,
            GOV_TOKEN_SECRET=self.secret,
            GOV_MODE="production",
            PGAPPNAME=f"gov-{schema}",
            GOV_MASTER_KEY_FILE=str(master_key),
            GOV_RATE_LIMIT_ENABLED="false",  # many writes, one address
            NO_PROXY="127.0.0.1",
            GOV_AUDIT_SIGNING_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        )

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [GOV, *args],
            env=self.env,
            cwd=self.dir,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, f"gov {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def start(self, name: str, argv: list[str], **env: str) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(
            argv,
            env={**self.env, **env},
            cwd=self.dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self.procs[name]

    def start_worker(self) -> None:
        self.start("worker", [GOV, "worker"])

    def start_api(self) -> None:
        self.start(
            "api",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "infra.asgi:app",
                "--workers",
                "2",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            GOV_PROJECTIONS_IN_PROCESS="false",
        )

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc = self.procs.pop(name)
        for signum, wait in ((sig, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(proc.pid, signum)
            except ProcessLookupError:
                break
            try:
                proc.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def log(self, name: str) -> str:
        return (self.dir / f"{name}.log").read_text(errors="replace")[-3000:]

    def wait_healthy(self, name: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.procs[name].poll() is None, f"{name} exited:\n{self.log(name)}"
            try:
                if (
                    httpx.get(
                        f"{self.url}/health", timeout=2, trust_env=False
                    ).status_code
                    == 200
                ):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{name} not healthy after {timeout}s:\n{self.log(name)}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"


class Clients:
    """HTTP callers as demo people, and the state the views must show, computed here."""

    def __init__(self, service: Service):
        self.url, self.tokens = service.url, TokenService(service.secret)
        self.expected: dict[
            str, list[str]
        ] = {}  # request id -> [resident id, holding unit, status]
        self.position, self.lock = 0, threading.Lock()
        _, people = load_registry_file(demo_registry_path())
        self.residents = [p.ref for p in people if p.home_group in GROUPS]
        self.leaders = {
            u: p.ref
            for p in people
            for r, u in p.roles
            if r is Role.GROUP_LEADER and u in GROUPS
        }
        self.readers = {**self.leaders, **STAFF}

    def headers(self, ref: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.issue(str(person_id_for(ref)))}"}

    def post(
        self, client: httpx.Client, ref: str, path: str, body: dict, status: int = 200
    ) -> dict:
        response = client.post(path, headers=self.headers(ref), json=body)
        assert response.status_code == status, response.text
        answer = response.json()
        with self.lock:
            self.position = max(self.position, answer["position"])
        return answer

    def raise_(self, client: httpx.Client, n: int) -> None:
        ref = self.residents[n % len(self.residents)]
        answer = self.post(
            client,
            ref,
            "/requests",
            {"title": f"诉求{n}", "description": "路灯不亮", "category": "facilities"},
            status=201,
        )
        with self.lock:
            self.expected[answer["request_id"]] = [
                str(person_id_for(ref)),
                answer["holding_unit"],
                "new",
            ]

    def act(self, client: httpx.Client, rid: str, action: str, body: dict) -> None:
        unit = self.expected[rid][1]
        answer = self.post(
            client, self.readers[unit], f"/requests/{rid}/{action}", body
        )
        new_unit = (
            unit[:-2] if action == "escalate" else unit
        )  # one level up: the parent's code
        status = {"escalate": "new", "resolve": "resolved", "accept": "accepted"}[
            action
        ]
        assert (answer["holding_unit"], answer["status"]) == (new_unit, status)
        with self.lock:
            self.expected[rid][1:] = [new_unit, status]

    def parallel(self, task, items: list) -> None:
        """`task(client, item)` for every item, in THREADS threads, each with its own client."""

        def work(chunk: list) -> None:
            with httpx.Client(base_url=self.url, timeout=30, trust_env=False) as client:
                for item in chunk:
                    task(client, item)

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(work, [items[i::THREADS] for i in range(THREADS)]))

    def held_at(self, level_digits: int, status: str = "new") -> list[str]:
        return sorted(
            rid
            for rid, (_, unit, st) in self.expected.items()
            if len(unit) == level_digits and st == status
        )


# ---- reading through the API ----------------------------------------------
def read_all(
    client: httpx.Client, path: str, headers: dict, position: int, deadline: float
) -> list[dict]:
    """Every page, waiting (bounded) for the views to reach `position`; 503 means not yet."""
    items, cursor = [], 0
    while cursor is not None:
        response = client.get(
            path,
            headers=headers,
            params={"min_position": position, "cursor": cursor, "limit": 200},
        )
        if response.status_code == 503 and time.monotonic() < deadline:
            continue
        assert response.status_code == 200, f"{path}: {response.text}"
        items += response.json()["items"]
        cursor = response.json()["next_cursor"]
    return items


def assert_views_exact(clients: Clients, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=clients.url, timeout=30, trust_env=False) as client:
        for unit, reader in clients.readers.items():
            rows = read_all(
                client,
                f"/units/{unit}/inbox",
                clients.headers(reader),
                clients.position,
                deadline,
            )
            expected = {
                rid: st
                for rid, (_, u, st) in clients.expected.items()
                if u == unit and st in WAITING
            }
            assert {r["request_id"]: r["status"] for r in rows} == expected, (
                f"inbox of {unit}"
            )
        for ref in clients.residents:
            rows = read_all(
                client, "/me/requests", clients.headers(ref), clients.position, deadline
            )
            pid = str(person_id_for(ref))
            expected = {
                rid: (st, u)
                for rid, (res, u, st) in clients.expected.items()
                if res == pid
            }
            assert {
                r["request_id"]: (r["status"], r["holding_unit"]) for r in rows
            } == expected, ref


def lag(service: Service) -> int:
    body = httpx.get(f"{service.url}/ready", timeout=10, trust_env=False).json()
    return body["lag"]


# ---- the test ----------------------------------------------------------------
def first_round(clients: Clients) -> None:
    """60 requests by 31 residents of five groups, a third escalated and a fifth resolved, in parallel."""
    clients.parallel(clients.raise_, list(range(60)))
    rids = sorted(clients.expected)
    clients.parallel(
        lambda c, rid: clients.act(c, rid, "escalate", {"reason": "小组无法解决"}),
        rids[::3],
    )
    clients.parallel(
        lambda c, rid: clients.act(c, rid, "resolve", {"resolution": "已修好"}),
        rids[1::5],
    )


def second_round(clients: Clients) -> None:
    """While the worker is down: 12 more requests, community staff escalate, resolve and accept."""
    clients.parallel(clients.raise_, list(range(60, 72)))
    at_communities = clients.held_at(6)
    clients.parallel(
        lambda c, rid: clients.act(c, rid, "escalate", {"reason": "需街道协调"}),
        at_communities[::3],
    )
    clients.parallel(
        lambda c, rid: clients.act(c, rid, "resolve", {"resolution": "社区已办结"}),
        at_communities[1::3],
    )
    clients.parallel(
        lambda c, rid: clients.act(c, rid, "accept", {}), clients.held_at(8)[::4]
    )


def test_separate_worker_and_two_api_processes_keep_every_inbox_exact_across_a_worker_crash(
    tmp_path: Path, schema: str
) -> None:
    """Every acknowledged command reaches each inbox and resident list exactly once, through two API
    processes and one projection process, including the commands accepted while the worker was dead."""
    service = Service(tmp_path, schema)
    try:
        assert "demo data loaded" in service.run("demo", "load")
        service.start_worker()
        service.start_api()
        service.wait_healthy("api")
        clients = Clients(service)
        first_round(clients)
        assert_views_exact(clients)
        service.stop("worker", signal.SIGKILL)  # a crash: no clean shutdown
        second_round(clients)
        assert lag(service) > 0, "the views moved with no worker running"
        service.start_worker()
        assert_views_exact(clients)
        assert lag(service) == 0
    finally:
        service.stop_all()


def test_gov_serve_with_two_workers_starts_its_projector_and_ends_every_child_process(
    tmp_path: Path, schema: str
) -> None:
    """`gov serve --workers 2 --no-demo` projects in its own child process; a raised request shows up
    exactly once, and SIGTERM ends the server, its workers and its projector."""
    service = Service(tmp_path, schema)
    try:
        service.run("demo", "load")
        serve = service.start(
            "serve",
            [GOV, "serve", "--workers", "2", "--no-demo", "--port", str(service.port)],
        )
        service.wait_healthy("serve")
        assert connections(service) <= 40, (
            "three processes idle at about a dozen connections each (default pools)"
        )
        clients = Clients(service)
        clients.parallel(clients.raise_, list(range(12)))
        assert_views_exact(clients)
        os.kill(serve.pid, signal.SIGTERM)
        serve.wait(30)
        assert group_ended(serve.pid, timeout=15), "children of `gov serve` outlived it"
    finally:
        service.stop_all()


def connections(service: Service) -> int:
    """Connections the service's processes hold to PostgreSQL (libpq names them with PGAPPNAME)."""
    with psycopg.connect(**PG) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            (service.env["PGAPPNAME"],),
        ).fetchone()
    return int(row[0])


def group_ended(pgid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False
