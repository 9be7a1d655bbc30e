"""`gov report UNIT --period …` prints or writes the assessment pack (BZ-A2), on both backends."""

from __future__ import annotations

import csv
from datetime import datetime

from openpyxl import load_workbook
from typer.testing import CliRunner

from application.principals import Principal
from domain.calendar import CHINA
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.cli import cli
from tests.conftest import cli_env


def raise_one(container) -> None:
    resident = Principal.of(container.ledger.person(person_id_for("P0038")))
    container.requests.raise_request(
        resident,
        title="路灯不亮",
        description="门口路灯坏了",
        category=Category.FACILITIES,
    )


def test_gov_report_writes_the_streets_pack_as_csv_and_xlsx(container, tmp_path):
    raise_one(container)
    month = datetime.now(CHINA).strftime("%Y-%m")
    env, runner = cli_env(container.settings), CliRunner()
    shown = runner.invoke(cli, ["report", "CX01", "--period", month], env=env)
    assert shown.exit_code == 0, shown.output
    assert f"考核期 {month}" in shown.output and "CX0101\t青桐社区" in shown.output
    written = runner.invoke(
        cli,
        [
            "report",
            "CX01",
            "--period",
            month,
            "--format",
            "csv",
            "--out",
            str(tmp_path / "a.csv"),
        ],
        env=env,
    )
    assert written.exit_code == 0, written.output
    lines = list(csv.reader((tmp_path / "a.csv").read_text("utf-8-sig").splitlines()))
    assert lines[2][:5] == ["CX01", "望川街道", "street", "", "1"]
    runner.invoke(
        cli,
        [
            "report",
            "CX01",
            "--period",
            month,
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "a.xlsx"),
        ],
        env=env,
    )
    rows = list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))
    assert rows[1][0] == "CX01" and rows[1][4] == 1


def test_gov_report_of_an_unreadable_period_exits_2(container):
    done = CliRunner().invoke(
        cli, ["report", "CX01", "--period", "2026-13"], env=cli_env(container.settings)
    )
    assert done.exit_code == 2 and "考核期" in done.output
