"""`gov serve` as an operator starts it: a refused start is one line, proxy headers work.

A production start without secrets prints one line in Chinese naming what to set and
exits 2, with no traceback; `--proxy-headers --forwarded-allow-ips` (docs/security.md,
docs/deploy/) are accepted, and the forwarded client address is the one the service
judges (here by the /metrics network guard).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.integration.test_processes import free_port

pytestmark = [pytest.mark.slow]
GOV = [sys.executable, "-m", "infra.cli"]


def run_gov(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GOV_")}
    return subprocess.run(
        [*GOV, *args],
        env={**clean, "GOV_SQLITE_PATH": str(tmp_path / "ledger.sqlite"), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_production_without_secrets_refuses_in_one_line(tmp_path, command):
    refused = run_gov(tmp_path, command, GOV_MODE="production")
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "拒绝启动" in lines[0] and "请设置 GOV_TOKEN_SECRET" in lines[0]
    assert not (tmp_path / "ledger.sqlite").exists(), "nothing was created"


def test_each_missing_secret_is_named(tmp_path):
    refused = run_gov(
        tmp_path, "serve", GOV_MODE="production", GOV_TOKEN_SECRET="s" * 40
    )
    assert refused.returncode == 2 and "GOV_MASTER_KEY" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_an_invalid_setting_is_named_without_a_traceback(tmp_path):
    refused = run_gov(tmp_path, "serve", GOV_POSTGRES_PORT="not-a-port")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "GOV_POSTGRES_PORT" in refused.stderr and "GOV_GOV_" not in refused.stderr


def serve(tmp_path: Path, port: int, *options: str) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GOV_")}
    return subprocess.Popen(
        [*GOV, "serve", "--port", str(port), *options],
        env={**clean, "GOV_SQLITE_PATH": str(tmp_path / "ledger.sqlite")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def metrics_status(port: int, forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    deadline = time.monotonic() + 120
    while True:
        try:
            url = f"http://127.0.0.1:{port}/metrics"
            return httpx.get(url, headers=headers, timeout=5).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.parametrize(
    ("options", "outsider_status"),
    [
        (["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"], 403),
        (["--no-proxy-headers"], 200),
    ],
)
def test_proxy_headers_are_accepted_and_decide_the_client_address(
    tmp_path, options, outsider_status
):
    port = free_port()
    process = serve(tmp_path, port, "--no-demo", *options)
    try:
        assert metrics_status(port, None) == 200  # from 127.0.0.1 itself
        assert metrics_status(port, "10.20.30.40") == outsider_status
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
