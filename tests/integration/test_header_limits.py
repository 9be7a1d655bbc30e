"""A real `gov serve` refuses an oversized request head (431) and a half-sent one (408).

No database is involved in these refusals (they happen before the app), so the
service runs on SQLite. Raw sockets, because an HTTP client would not send half
a request. Every wait is bounded; the process is ended.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.integration.test_processes import GOV, free_port

pytestmark = [pytest.mark.slow]
HEADER_TIMEOUT = 2.0


@pytest.fixture
def served(tmp_path: Path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOV_", "POSTGRES_", "DATABASE_"))
    }
    env.update(
        GOV_SQLITE_PATH=str(tmp_path / "ledger.sqlite"),
        GOV_HEADER_TIMEOUT_SECONDS=str(HEADER_TIMEOUT),
        NO_PROXY="127.0.0.1",
    )
    log = open(tmp_path / "serve.log", "ab")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [GOV, "serve", "--no-demo", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    try:
        wait_healthy(port, proc, tmp_path)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def wait_healthy(port: int, proc: subprocess.Popen, where: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, (where / "serve.log").read_text()
        try:
            if httpx.get(
                f"http://127.0.0.1:{port}/api/v1/health", timeout=2, trust_env=False
            ).is_success:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("gov serve did not come up")


def read_answer(sock: socket.socket, timeout: float) -> tuple[bytes, float]:
    """All the server sends until it closes the connection, and when it closed."""
    sock.settimeout(timeout)
    start, received = time.monotonic(), b""
    while chunk := sock.recv(65536):
        received += chunk
    return received, time.monotonic() - start


def status_and_problem(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"application/problem+json" in head.lower(), head
    return int(head.split(b" ", 2)[1]), json.loads(body)


def test_a_request_head_over_64_kb_is_refused_431_and_the_connection_closed(
    served: int,
) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=10) as sock:
        sock.sendall(
            b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: "
            + b"a" * 70_000
            + b"\r\n\r\n"
        )
        answer, _ = read_answer(sock, 10)
    status, problem = status_and_problem(answer)
    assert (status, problem["status"]) == (431, 431)
    assert "请求头过大" in problem["detail"]


def test_headers_sent_a_little_at_a_time_are_refused_once_past_the_limit(
    served: int,
) -> None:
    """8 MB of headers used to be accepted: refused before the head is complete."""
    with socket.create_connection(("127.0.0.1", served), timeout=10) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        refused = False
        for n in range(200):  # up to 200 x 4 KB, never ending the head
            try:
                sock.sendall(b"X-H%d: %s\r\n" % (n, b"b" * 4000))
            except (BrokenPipeError, ConnectionResetError):
                refused = True
                break
            time.sleep(0.005)
        answer, _ = read_answer(sock, 10)
    assert refused or answer, "the server kept reading an endless head"
    assert status_and_problem(answer)[0] == 431


def test_a_half_sent_request_is_answered_408_and_closed_within_the_header_timeout(
    served: int,
) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=10) as sock:
        sock.sendall(
            b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
        )  # no blank line: the head never ends
        answer, waited = read_answer(sock, HEADER_TIMEOUT + 8)
    status, problem = status_and_problem(answer)
    assert status == 408 and problem["status"] == 408
    assert waited >= HEADER_TIMEOUT - 0.5, "closed before the client had its time"


def test_a_normal_request_with_large_but_allowed_headers_and_keep_alive_still_works(
    served: int,
) -> None:
    with httpx.Client(
        base_url=f"http://127.0.0.1:{served}/api/v1", trust_env=False, timeout=10
    ) as client:
        for _ in range(3):  # the same connection, past one header timeout in all
            assert (
                client.get("/health", headers={"X-Padding": "c" * 20_000}).status_code
                == 200
            )
            time.sleep(HEADER_TIMEOUT / 3)
