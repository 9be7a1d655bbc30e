"""`gov audit export --topic`, `gov audit dossier` and `gov audit witness` through the real command path,
on both backends (the CLI builds its own container from GOV_* settings pointing at the test's database)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from application.audit.verify import verify_bundle
from domain.people import person_id_for
from infra.app import create_app
from infra.cli import cli
from tests.api.deliberation_helpers import settled_deliberation
from tests.conftest import cli_env
from tests.integration.audit_helpers import (
    handled_request,
    raise_one,
    sealed_and_signed,
)


def gov(container, *args: str, **env: str):
    return CliRunner().invoke(
        cli, ["audit", *args], env={**cli_env(container.settings), **env}
    )


@pytest.fixture
def deliberated(container) -> dict:
    client = TestClient(
        create_app(container=container)
    )  # no lifespan: the app would close the container

    def auth(ref: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {container.tokens.issue(str(person_id_for(ref)))}"
        }

    settled = settled_deliberation(client, auth)
    container.runner.wait_for(container.ledger.position(), 10)
    return {
        "topic_id": settled["topic"].topic_id,
        "sitting_id": settled["topic"].sitting_id,
    }


def test_export_of_a_topic_verifies_and_an_unknown_topic_exits_1(
    container, deliberated, tmp_path
):
    """WZ-6: a deliberation's bundle from the operator's command line."""
    out = tmp_path / "topic.json"
    exported = gov(
        container, "export", "--topic", deliberated["topic_id"], "-o", str(out)
    )
    assert exported.exit_code == 0, exported.output
    bundle = json.loads(out.read_text())
    assert {e["event"]["aggregate_id"] for e in bundle["entries"]} == set(
        deliberated.values()
    )
    key = gov(container, "key").output.strip()
    checked = gov(container, "verify", "--key", key, str(out))
    assert checked.exit_code == 0 and checked.output.startswith("OK"), checked.output
    unknown = gov(
        container,
        "export",
        "--topic",
        "00000000-0000-0000-0000-000000000000",
        "-o",
        str(out),
    )
    assert unknown.exit_code == 1 and "找不到议题" in unknown.output


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_dossier_of_a_request_is_written_for_a_reader_of_it(container, tmp_path, fmt):
    request_id = handled_request(container)
    out = tmp_path / f"dossier.{fmt}"
    written = gov(
        container,
        "dossier",
        request_id,
        "--as",
        "P0028",
        "--format",
        fmt,
        "-o",
        str(out),
    )
    assert written.exit_code == 0, written.output
    text = out.read_text()
    assert request_id in text and "RequestEscalated" in text
    if fmt == "json":
        assert [e["proof"] is not None for e in json.loads(text)["timeline"]] == [
            True
        ] * 4  # signed by the CLI
    refused = gov(
        container, "dossier", request_id, "--as", "P0029", "-o", str(tmp_path / "no.md")
    )
    assert (
        refused.exit_code == 1
        and "error:" in refused.output
        and not (tmp_path / "no.md").exists()
    )


def test_dossier_in_an_unknown_format_is_a_usage_error_and_writes_nothing(
    container, tmp_path
):
    request_id = handled_request(container)
    out = tmp_path / "dossier.pdf"
    refused = gov(
        container,
        "dossier",
        request_id,
        "--as",
        "P0028",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert refused.exit_code == 2 and "pdf" in refused.output and not out.exists()


def test_dossier_of_a_topic_has_its_votes(container, deliberated, tmp_path):
    out = tmp_path / "topic.md"
    written = gov(
        container,
        "dossier",
        deliberated["topic_id"],
        "--topic",
        "--as",
        "P0028",
        "-o",
        str(out),
    )
    assert written.exit_code == 0, written.output
    assert (
        "## 表决（门槛与结果）" in out.read_text() and "VoteClosed" in out.read_text()
    )


@pytest.fixture
def served(container) -> Iterator[str]:
    """The app on a loopback port, so the witness client talks HTTP as it would to the real service."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(container=container),
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_witness_registers_cosigns_and_catches_a_fork(container, served, tmp_path):
    """WZ-5.6-e: a supervision member's client cosigns only a checkpoint consistent with the one it holds."""
    sealed_and_signed(container)
    key_file, state = tmp_path / "witness.key", tmp_path / "state.json"
    assert (
        gov(
            container, "witness-key", "--name", "witness.P0028", "-o", str(key_file)
        ).exit_code
        == 0
    )
    log_key = gov(container, "key").output.strip()
    args = [
        "witness",
        "--api",
        served,
        "--key-file",
        str(key_file),
        "--log-key",
        log_key,
        "--state",
        str(state),
    ]
    token = container.tokens.issue(str(person_id_for("P0028")))
    first = gov(container, *args, "--register", GOV_TOKEN=token)
    assert first.exit_code == 0 and "cosigned the checkpoint" in first.output, (
        first.output
    )
    first_size = json.loads(state.read_text())["size"]
    raise_one(container)
    sealed_and_signed(container)
    second = gov(container, *args, GOV_TOKEN=token)
    assert second.exit_code == 0, second.output
    assert json.loads(state.read_text())["size"] > first_size
    container.runner.wait_for(container.ledger.position(), 10)
    head = container.audit.head()
    assert [c["person_id"] for c in head["cosignatures"]] == [
        str(person_id_for("P0028"))
    ]
    state.write_text(
        json.dumps({**json.loads(state.read_text()), "root": "00" * 32})
    )  # a root it never saw
    raise_one(container)
    sealed_and_signed(container)
    forked = gov(container, *args, GOV_TOKEN=token)
    assert forked.exit_code == 1 and "FORK" in forked.output


def test_a_bundle_from_the_witnessed_log_names_the_witness(container, served, tmp_path):
    sealed_and_signed(container)
    key_file = tmp_path / "witness.key"
    gov(container, "witness-key", "--name", "witness.P0028", "-o", str(key_file))
    token = container.tokens.issue(str(person_id_for("P0028")))
    gov(
        container,
        "witness",
        "--api",
        served,
        "--key-file",
        str(key_file),
        "--log-key",
        gov(container, "key").output.strip(),
        "--state",
        str(tmp_path / "s.json"),
        "--register",
        GOV_TOKEN=token,
    )
    container.runner.wait_for(container.ledger.position(), 10)
    bundle = container.audit_parts.exports.window(*_whole_time())
    report = verify_bundle(bundle)
    assert report.ok and "witness.P0028" in report.text(), report.text()


def _whole_time():
    from datetime import datetime

    return datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
