"""`gov audit export` then `gov audit verify` on a copy with the database gone; tampering exits 1."""

from __future__ import annotations

import base64
import json

from typer.testing import CliRunner

from infra.cli import cli


def test_export_then_verify_offline_and_tampering_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("GOV_SQLITE_PATH", str(tmp_path / "var" / "ledger.sqlite"))
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "load"]).exit_code == 0
    bundle = tmp_path / "window.json"
    window = ["--since", "2000-01-01", "--until", "2100-01-01"]
    exported = runner.invoke(cli, ["audit", "export", *window, "-o", str(bundle)])
    assert exported.exit_code == 0, exported.output
    key = runner.invoke(cli, ["audit", "key"]).output.strip()
    (tmp_path / "var" / "ledger.sqlite").unlink()  # the verifier needs no database
    checked = runner.invoke(cli, ["audit", "verify", "--key", key, str(bundle)])
    assert checked.exit_code == 0 and checked.output.startswith("OK"), checked.output
    data = json.loads(bundle.read_text())
    state = bytearray(base64.b64decode(data["entries"][10]["event"]["state"]))
    state[5] ^= 1
    data["entries"][10]["event"]["state"] = base64.b64encode(bytes(state)).decode()
    bundle.write_text(json.dumps(data))
    tampered = runner.invoke(
        cli, ["audit", "verify", "--key", key, "--json", str(bundle)]
    )
    assert tampered.exit_code == 1
    assert [
        (p["kind"], p["leaf_index"]) for p in json.loads(tampered.output)["problems"]
    ] == [("altered", 10)]


def test_export_needs_exactly_one_scope(tmp_path, monkeypatch):
    monkeypatch.setenv("GOV_SQLITE_PATH", str(tmp_path / "ledger.sqlite"))
    both = ["--unit", "CX", "--request", "x"]
    result = CliRunner().invoke(
        cli, ["audit", "export", "-o", str(tmp_path / "b.json"), *both]
    )
    assert result.exit_code == 2
