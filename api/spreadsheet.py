"""A read's rows as a CSV or XLSX file for staff: the headers in Chinese, formulas defused.

The columns' headers are the read model's own Chinese field descriptions; status and
category codes are shown by their labels. A cell that a spreadsheet would run as a
formula (text from a resident starting with `=`, `+`, `-`, `@`) is written with a
leading `'`, so opening an export never runs what someone typed (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel

from domain.vocabulary import label

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LABELLED = {"status": "status", "category": "category", "channel": "channel"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetFormat(str, enum.Enum):
    csv = "csv"
    xlsx = "xlsx"


FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV（UTF-8，带 BOM，Excel 可直接打开）或 XLSX 文件",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sheet_rows(
    model: type[BaseModel], columns: Sequence[str], items: Iterable[BaseModel]
) -> list[list[Any]]:
    """The header row (Chinese descriptions), then one row an item."""
    fields = model.model_fields
    rows: list[list[Any]] = [[fields[c].description or c for c in columns]]
    for item in items:
        values = item.model_dump()
        rows.append([_shown(c, values.get(c)) for c in columns])
    return rows


def _shown(column: str, value: Any) -> Any:
    if column in LABELLED and isinstance(value, str):
        value = label(LABELLED[column], value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return safe_cell(value if value is not None else "")


def sheet_response(rows: list[list[Any]], fmt: SheetFormat, name: str) -> Response:
    if fmt is SheetFormat.csv:
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        body, media = ("\ufeff" + text.getvalue()).encode(), "text/csv; charset=utf-8"
    else:
        body, media = _xlsx(rows, name), XLSX
    disposition = f'attachment; filename="{name}.{fmt.value}"'
    return Response(
        body, media_type=media, headers={"Content-Disposition": disposition}
    )


def _xlsx(rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
