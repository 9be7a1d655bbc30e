"""The real service (`gov serve`) in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _log_tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-2000:] if log_path.exists() else ""


def _wait_healthy(
    base_url: str, process: subprocess.Popen, log_path: Path, attempts: int = 300
) -> None:
    for _ in range(attempts):
        if process.poll() is not None:
            raise RuntimeError(
                f"the service exited with code {process.returncode}:\n{_log_tail(log_path)}"
            )
        try:
            if httpx.get(f"{base_url}/api/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"the service did not become healthy within 30 s:\n{_log_tail(log_path)}"
    )


def positions(base_url: str) -> tuple[int, int]:
    """(log position, view position) as the service reports them on `/ready`."""
    ready = httpx.get(f"{base_url}/api/v1/ready", timeout=10.0).json()
    return ready["log_position"], ready["view_position"]


def wait_caught_up(base_url: str, attempts: int = 3000) -> int:
    """Poll `/ready` until the service's views have applied the whole log; returns the remaining lag."""
    lag = -1
    for _ in range(attempts):
        lag = httpx.get(f"{base_url}/api/v1/ready", timeout=10.0).json().get("lag", -1)
        if lag == 0:
            return 0
        time.sleep(0.2)
    return lag


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@dataclass(frozen=True)
class Service:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time of the service process so far (from /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running_service(env: dict[str, str], log_path: Path) -> Iterator[Service]:
    """`gov serve --host 127.0.0.1 --port P` with the given GOV_* settings."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "infra.cli",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
    ]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )
    base_url = f"http://{HOST}:{port}"
    try:
        _wait_healthy(base_url, process, log_path)
        yield Service(base_url, process.pid)
    finally:
        _stop(process)
