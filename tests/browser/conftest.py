"""Browser tests: Debian's Chromium driven by Playwright, against a real server.

They fail (never skip) when the browser cannot run: `make test` installs Chromium first.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from infra.app import create_app
from infra.container import Container
from infra.settings import Settings
from tests.conftest import BACKENDS, _pg_execute, demo_container, pg_settings

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Live:
    container: Container
    url: str
    backend: str


def serve(container: Container) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(container=container),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def backend_settings(backend: str, tmp: Path, schema: str) -> Settings:
    if backend == "sqlite":
        return Settings(
            sqlite_path=tmp / "ledger.sqlite",
            catchup_interval_seconds=0.05,
            rate_limit_enabled=False,
        )
    _pg_execute(f'CREATE SCHEMA "{schema}"')
    return pg_settings(schema)


@pytest.fixture(scope="module", params=BACKENDS)
def live(request, tmp_path_factory) -> Iterator[Live]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    settings = backend_settings(
        request.param, tmp_path_factory.mktemp("browser"), schema
    )
    # the demo cloned from the run's template (tests/demo_template.py), not loaded again
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False})
    )
    server, thread, url = serve(container)
    try:
        yield Live(container, url, request.param)
    finally:
        server.should_exit = True
        thread.join(10)
        container.close()
        if request.param == "postgres":
            _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium; failing to launch it fails the run (.ci/ensure-chromium)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-zenhei"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium, live):
    """Each call: a browser context of its own (own cookies), like another's phone."""
    made = []

    def make(width: int = 375, height: int = 800):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            base_url=live.url,
            locale="zh-CN",
        )
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
