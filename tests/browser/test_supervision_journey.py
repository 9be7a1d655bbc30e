"""In a real browser, from sign-in by phone code: a supervision committee member opens
a request's dossier, looks at the community's inbox as of a past moment, and downloads
the request's audit bundle, which `gov audit verify` accepts offline (WZ-5.6-e, WZ-6)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from api.web.render import BEIJING
from application.principals import Principal
from application.requests.commands import EscalateRequest
from domain.people import person_id_for
from domain.vocabulary import Category
from tests.browser.steps import sign_in_by_code
from tests.conftest import cli_env
from tests.integration.audit_helpers import sealed_and_signed

TITLE = "健身器材松动"
GOV = Path(sys.executable).parent / "gov"


def person(container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


@pytest.fixture(scope="module")
def escalated(live) -> dict:
    """A request raised at the group, then a moment, then escalated to the community."""
    container = live.container
    raised = container.requests.raise_request(
        person(container, "P0038"),
        title=TITLE,
        description="小区广场的单杠晃动",
        category=Category.FACILITIES,
        location="小区广场",
    )
    container.runner.wait_for(raised["position"], 5)
    time.sleep(
        1.1
    )  # the moment shown has whole seconds: keep it apart from both events
    before = datetime.now(BEIJING).strftime("%Y-%m-%dT%H:%M:%S")
    time.sleep(1.1)
    done = container.requests.handle(
        person(container, "P0037"),
        EscalateRequest(request_id=raised["request_id"], reason="需社区协调维修"),
    )
    container.runner.wait_for(done["position"], 5)
    sealed_and_signed(container)
    return {"request_id": raised["request_id"], "before": before}


def test_the_committee_reads_a_dossier_looks_back_and_verifies_a_bundle_WZ_6(
    live, new_context, escalated, tmp_path
):
    page = new_context().new_page()
    sign_in_by_code(page, live, "P0028")
    page.click("main >> text=监督事项")
    page.wait_for_selector("h1:has-text('监督委员会')")
    assert page.is_visible("#access-log") and page.is_visible("#filings")

    page.click("main >> text=本辖区待办")
    page.click(f"text={TITLE}")
    page.click("text=打印卷宗")
    page.wait_for_selector(f"h1:has-text('诉求卷宗：{TITLE}')")
    timeline = page.inner_text("#timeline")
    assert "（P0038）" in timeline and "（P0037）" in timeline and "上报" in timeline
    assert str(person_id_for("P0037")) not in page.content()
    command = page.inner_text("#verify-command")

    with page.expect_download() as download:
        page.click("text=下载审计包")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert command.endswith(saved.name)
    verified = run_gov(live, command, tmp_path)
    assert verified.returncode == 0 and verified.stdout.startswith("OK"), (
        verified.stdout + verified.stderr
    )

    page.goto("/units/CX0101/inbox/as-of")
    page.fill("#as-of-at", escalated["before"])
    page.click("form >> text=查看当时的状态")
    page.wait_for_selector("#as-of-banner")
    assert TITLE not in page.inner_text("#as-of-items")  # still at the group then
    page.click("#as-of-banner >> text=查看现在的待办")
    page.wait_for_selector(f"text={TITLE}")


def run_gov(live, command: str, folder: Path) -> subprocess.CompletedProcess:
    """The command the page shows, run as shown, against the live server's settings."""
    words = command.split()
    assert words[:3] == ["gov", "audit", "verify"]
    key = command.split("'")[1]
    env = {**os.environ, **cli_env(live.container.settings)}
    return subprocess.run(
        [str(GOV), "audit", "verify", "--key", key, words[-1]],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
