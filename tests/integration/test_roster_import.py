"""`gov registry import` reads the roster as CSV or XLSX; imported twice, it writes once (BZ-L1).

The demo district's people written as a sheet import to nothing new (the same data as
the YAML file); a sheet with new and changed people writes their events the first
time and nothing the second, on both backends.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from domain.people import person_id_for
from infra.cli import cli
from infra.registry_file import demo_registry_path
from tests.conftest import cli_env

HEADERS = ["编号", "姓名", "电话", "住址", "所属小组", "角色"]
NEW_PEOPLE = [
    ["P9001", "林晓", "19900009001", "青桐社区3栋101室", "CX010101", ""],
    [
        "P9002",
        "周岚",
        "19900009002",
        "",
        "",
        "社区工作人员@CX0101；group_leader@CX010102",
    ],
]


def demo_rows() -> list[list[str]]:
    people = yaml.safe_load(demo_registry_path().read_text(encoding="utf-8"))["people"]
    return [
        [
            p["ref"],
            p["name"],
            p.get("phone", ""),
            p.get("address", ""),
            p.get("home_group") or "",
            ";".join(f"{r['role']}@{r['unit']}" for r in p.get("roles") or []),
        ]
        for p in people
    ]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, *rows])
    return path


def write_xlsx(path: Path, rows: list[list[str]], units: list[list[str]]) -> Path:
    book = Workbook()
    people = book.active
    people.title = "人员"
    for row in [HEADERS, *rows]:
        people.append(row)
    sheet = book.create_sheet("单位")
    for row in [["编码", "层级", "名称", "上级"], *units]:
        sheet.append(row)
    book.save(path)
    return path


def imported(container, path: Path) -> int:
    done = CliRunner().invoke(
        cli, ["registry", "import", str(path)], env=cli_env(container.settings)
    )
    assert done.exit_code == 0, done.output
    return int(done.stdout.split(": ")[1].split()[0])


def changed_rows() -> list[list[str]]:
    rows = demo_rows()
    rows[37][2] = "19900000999"  # P0038's new phone
    return rows + NEW_PEOPLE


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_demo_roster_as_a_sheet_is_already_imported_BZ_L1(
    container, tmp_path, kind
):
    path = tmp_path / f"roster.{kind}"
    if kind == "csv":
        write_csv(path, demo_rows())
    else:
        write_xlsx(path, demo_rows(), [])
    before = container.ledger.position()
    assert imported(container, path) == 0
    assert container.ledger.position() == before


def test_a_csv_roster_imported_twice_writes_its_events_once_BZ_L1(container, tmp_path):
    path = write_csv(tmp_path / "roster.csv", changed_rows())
    first = imported(container, path)
    after_first = container.ledger.position()
    assert first > 0 and imported(container, path) == 0
    assert container.ledger.position() == after_first
    new = container.ledger.person(person_id_for("P9002"))
    assert {(r.value, u) for r, u in new.roles} == {
        ("community_staff", "CX0101"),
        ("group_leader", "CX010102"),
    }
    assert container.ledger.person(person_id_for("P0038")).phone == "19900000999"


def test_an_xlsx_roster_with_a_new_group_imported_twice_writes_once_BZ_L1(
    container, tmp_path
):
    units = [["CX010199", "居民小组", "新建小组", "CX0101"]]
    rows = [*changed_rows(), ["P9003", "高远", "19900009003", "", "CX010199", ""]]
    path = write_xlsx(tmp_path / "roster.xlsx", rows, units)
    first = imported(container, path)
    after_first = container.ledger.position()
    assert first > 0 and imported(container, path) == 0
    assert container.ledger.position() == after_first
    assert container.ledger.registry().unit("CX010199").name == "新建小组"
    assert container.ledger.person(person_id_for("P9003")).home_group == "CX010199"


def test_a_bad_role_cell_names_its_row_and_writes_nothing(container, tmp_path):
    path = write_csv(tmp_path / "roster.csv", [["P9004", "赵一", "", "", "", "组长"]])
    before = container.ledger.position()
    done = CliRunner().invoke(
        cli, ["registry", "import", str(path)], env=cli_env(container.settings)
    )
    assert done.exit_code == 2 and "row 2" in done.stderr and "@unit" in done.stderr
    assert container.ledger.position() == before
