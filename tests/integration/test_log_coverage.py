"""Every row of the log is accounted for, and damage is located (docs/audit.md §6), on both backends.

Each test tampers with the log's table with raw SQL, as its owner could, then
reads what `gov audit verify-log`, the request bundle and the window bundle say.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from typer.testing import CliRunner

from application.audit.verify import verify_bundle
from application.audit.verify_log import leaf_batches, log_batches, verify_log_coverage
from infra.cli import cli
from tests.conftest import cli_env
from tests.integration.audit_helpers import (
    handled_request,
    raise_one,
    sealed_and_signed,
)
from tests.integration.tamper_helpers import delete_rows, forge_copy


def verify_log_of(container):
    parts = container.audit_parts
    return verify_log_coverage(
        lambda: log_batches(container.ledger.recorder, 50),
        lambda: leaf_batches(parts.store, 50),
        container.audit.head()["note"],
        parts.signer.verifier_key(),
    )


def found(report) -> list[tuple[str, int | None, int | None]]:
    return [(p.kind, p.leaf_index, p.position) for p in report.problems]


def request_events(container, request_id: str) -> list:
    return container.ledger.recorder.logged_events(UUID(request_id))


def forge_next_version(container, request_id: str, position: int) -> None:
    """A copy of the request's second event (its acceptance) as its next version, at `position`."""
    events = request_events(container, request_id)
    forge_copy(
        container, events[1].position, position, events[-1].originator_version + 1
    )


def test_a_forged_row_at_position_0_is_reported_by_verify_log_and_the_request_bundle(
    container,
):
    request_id = handled_request(container)
    sealed_and_signed(container)
    assert verify_log_of(container).ok
    forge_next_version(container, request_id, 0)
    report = verify_log_of(container)
    assert found(report) == [("uncovered", None, 0)]
    assert request_id.replace("-", "") in report.text().replace("-", "")
    bundle = container.audit_parts.exports.request(
        request_id
    )  # no crash, though it does not load
    checked = verify_bundle(bundle)
    assert found(checked) == [("uncovered", None, 0)], checked.text()
    assert "UNCOVERED [position 0]" in checked.text()


def test_rows_at_a_negative_position_and_beyond_the_head_are_reported(container):
    request_id = handled_request(container)
    sealed_and_signed(container)
    head = container.ledger.position()
    forge_next_version(container, request_id, -7)
    other = handled_request(container)  # to a position no checkpoint covers yet
    forge_next_version(container, other, head + 1000)
    report = verify_log_of(container)
    assert found(report) == [("uncovered", None, -7)]
    assert f"position {head + 1000}, aggregate {other}" in report.text()
    assert "not covered by it yet" in report.text()
    assert found(verify_bundle(container.audit_parts.exports.request(request_id))) == [
        ("uncovered", None, -7)
    ]


def window_of(container, start: datetime) -> dict:
    until = datetime.now(UTC) + timedelta(seconds=1)
    return container.audit_parts.exports.window(start, until)


def leaf_at(container, position: int) -> int:
    return container.audit_parts.store.leaf_at(position)["leaf_index"]


def test_a_deleted_middle_event_is_located_by_leaf_and_position_everywhere(container):
    start = datetime.now(UTC) - timedelta(seconds=1)
    request_id = handled_request(container)
    raise_one(container)
    sealed_and_signed(container)
    gone = request_events(container, request_id)[1].position
    delete_rows(container, f"{{pos}} = {gone}")
    where = ("missing", leaf_at(container, gone), gone)
    assert found(verify_log_of(container)) == [where]
    request = container.audit_parts.exports.request(
        request_id
    )  # no OriginatorVersionError
    assert where in found(verify_bundle(request))
    assert found(verify_bundle(window_of(container, start))) == [where]


def test_a_truncated_tail_is_located_by_leaf_and_position_everywhere(container):
    start = datetime.now(UTC) - timedelta(seconds=1)
    request_id = handled_request(container)
    sealed_and_signed(container)
    tail = [e.position for e in request_events(container, request_id)][-2:]
    delete_rows(container, f"{{pos}} >= {tail[0]}")
    wheres = [("missing", leaf_at(container, p), p) for p in tail]
    assert found(verify_log_of(container)) == wheres
    request = found(verify_bundle(container.audit_parts.exports.request(request_id)))
    assert all(where in request for where in wheres)
    assert found(verify_bundle(window_of(container, start))) == wheres


def test_verify_log_and_export_name_the_damage_from_the_command_line(
    container, tmp_path
):
    request_id = handled_request(container)
    sealed_and_signed(container)
    gone = request_events(container, request_id)[2].position
    forge_next_version(container, request_id, 0)
    delete_rows(container, f"{{pos}} = {gone}")
    env, runner = cli_env(container.settings), CliRunner()
    key = runner.invoke(cli, ["audit", "key"], env=env).output.strip()
    checked = runner.invoke(cli, ["audit", "verify-log", "--key", key], env=env)
    assert checked.exit_code == 1, checked.output
    assert (
        f"MISSING [leaf {leaf_at(container, gone)}, position {gone}]" in checked.output
    )
    assert "UNCOVERED [position 0]" in checked.output
    out = tmp_path / "request.json"
    exported = runner.invoke(
        cli, ["audit", "export", "--request", request_id, "-o", str(out)], env=env
    )
    assert exported.exit_code == 0, exported.output + exported.stderr
    assert f"position {gone}" in exported.stderr and "[position 0]" in exported.stderr
