"""The roster as staff keep it: a CSV or XLSX sheet of people (docs/registry-format.md §spreadsheets).

One row a person; the headers in Chinese or English:

| 编号 ref | 姓名 name | 电话 phone | 住址 address | 所属小组 home_group | 角色 roles |

`roles` is `role@unit` items separated by `;` or `；` (the role by its code or its Chinese
label, e.g. `社区工作人员@CX0101`). An XLSX may also hold a sheet named `单位` (or
`units`) with `编码 code | 层级 level | 名称 name | 上级 parent`; a CSV holds people only,
and the units they name must already exist. Importing the same sheet twice writes
nothing the second time, as with the YAML file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from application.registry.service import PersonSpec, UnitSpec
from domain.levels import Role
from domain.vocabulary import LABELS
from infra.registry_file import RegistryFileError, person_spec, unit_spec

PEOPLE_HEADERS = {
    "编号": "ref",
    "姓名": "name",
    "电话": "phone",
    "住址": "address",
    "所属小组": "home_group",
    "角色": "roles",
}
UNIT_HEADERS = {"编码": "code", "层级": "level", "名称": "name", "上级": "parent"}
UNIT_SHEETS = {"单位", "units"}
SPREADSHEETS = {".csv", ".xlsx"}
ROLE_BY_LABEL = {text: code for code, text in LABELS["role"].items()}
LEVEL_BY_LABEL = {text: code for code, text in LABELS["level"].items()}


def load_roster(path: Path) -> tuple[list[UnitSpec], list[PersonSpec]]:
    try:
        units: list[dict[str, Any]] = []
        if path.suffix.lower() == ".csv":
            people = _csv_rows(path)
        else:
            units, people = _xlsx_rows(path)
    except (OSError, ValueError, KeyError, csv.Error, BadZipFile) as error:
        raise RegistryFileError(f"cannot read {path}: {error}") from None
    return _units(path, units), _people(path, people)


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")  # Excel writes a BOM
    return _named(csv.reader(io.StringIO(text)), PEOPLE_HEADERS)


def _xlsx_rows(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
        unit_sheet = next((sheets[n] for n in UNIT_SHEETS if n in sheets), None)
        people_sheet = next(
            (s for s in book.worksheets if s.title.strip().lower() not in UNIT_SHEETS),
            None,
        )
        if people_sheet is None:
            raise ValueError("no sheet of people (人员)")
        people = _named(people_sheet.iter_rows(values_only=True), PEOPLE_HEADERS)
        if unit_sheet is None:
            return [], people
        return _named(unit_sheet.iter_rows(values_only=True), UNIT_HEADERS), people
    finally:
        book.close()


def _named(
    rows: Iterable[Iterable[Any]], headers: dict[str, str]
) -> list[dict[str, Any]]:
    """Rows as dicts keyed by the English name; blank rows skipped."""
    lines = iter(rows)
    head = next(lines, None) or []
    names = [_header(cell, headers) for cell in head]
    found = []
    for line in lines:
        cells = ["" if c is None else str(c).strip() for c in line]
        if any(cells):
            found.append({n: v for n, v in zip(names, cells, strict=False) if n})
    return found


def _header(cell: Any, headers: dict[str, str]) -> str:
    text = "" if cell is None else str(cell).strip()
    for chinese, english in headers.items():
        if text in {chinese, english} or text.startswith(f"{chinese} "):
            return english
    return ""


def _units(path: Path, rows: list[dict[str, Any]]) -> list[UnitSpec]:
    try:
        return [
            unit_spec(
                {
                    **row,
                    "level": LEVEL_BY_LABEL.get(row["level"], row["level"]),
                    "parent": row.get("parent") or None,
                }
            )
            for row in rows
        ]
    except (KeyError, ValueError) as error:
        raise RegistryFileError(f"{path}: bad unit row: {error!r}") from None


def _people(path: Path, rows: list[dict[str, Any]]) -> list[PersonSpec]:
    people = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            entry = {**row, "home_group": row.get("home_group") or None}
            people.append(person_spec({**entry, "roles": _roles(row.get("roles", ""))}))
        except (KeyError, ValueError) as error:
            raise RegistryFileError(f"{path}: row {number}: {error!r}") from None
    return people


def _roles(cell: str) -> list[dict[str, str]]:
    roles = []
    for item in cell.replace("；", ";").split(";"):
        if not item.strip():
            continue
        role, at, unit = item.strip().partition("@")
        if not at:
            raise ValueError(
                f"role {item.strip()!r} needs @unit (e.g. 社区工作人员@CX0101)"
            )
        code = ROLE_BY_LABEL.get(role.strip(), role.strip())
        roles.append({"role": Role(code).value, "unit": unit.strip()})
    return roles


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEETS
