"""`gov clock advance` moves the training clock in development (TRAINING-CLOCK), on both backends."""

from __future__ import annotations

from typer.testing import CliRunner

from domain.clock import TrainingClock
from domain.people import person_id_for
from infra.cli import cli
from tests.conftest import cli_env, log_size


def test_gov_clock_advance_records_the_administrator_and_moves_the_service_clock(
    container,
):
    done = CliRunner().invoke(
        cli,
        ["clock", "advance", "3d", "--reason", "培训演示", "--by", "P0001"],
        env=cli_env(container.settings),
    )
    assert done.exit_code == 0, done.output
    assert "累计偏移 259200 秒" in done.output
    clock = container.ledger.training_clock()
    assert clock.offset_seconds == 3 * 86400
    events = list(container.ledger.repository.event_store.get(clock.id))
    assert isinstance(events[-1], TrainingClock.ClockAdvanced)
    assert events[-1].actor_id == str(person_id_for("P0001"))
    shown = CliRunner().invoke(cli, ["clock", "show"], env=cli_env(container.settings))
    assert shown.exit_code == 0 and "offset 259200 s" in shown.output


def test_gov_clock_advance_by_someone_not_an_administrator_exits_2_and_writes_nothing(
    container,
):
    before = log_size(container)
    done = CliRunner().invoke(
        cli,
        ["clock", "advance", "3d", "--by", "P0002"],
        env=cli_env(container.settings),
    )
    assert done.exit_code == 2 and "拒绝" in done.output
    assert log_size(container) == before
