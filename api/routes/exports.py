"""导出 The inbox and a task's roll-up as CSV or XLSX, with the same access as their JSON reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.access import allow
from api.deps import Ctx, MinPosition, see_position
from api.one_hop import OneHopRoute
from api.reads.requests import InboxRowRead
from api.reads.tasks import RollupItemRead, RollupRead
from api.routes.tasks import notified_residents
from api.schemas import Code
from api.spreadsheet import FILE_RESPONSES, SheetFormat, sheet_response, sheet_rows
from application.access.grants import Grant

router = APIRouter(tags=["exports 导出"], route_class=OneHopRoute)
T = TypeVar("T")
EXPORT_ROWS = 10_000  # at most this many rows in one file
PAGE = 200
Format = Annotated[SheetFormat, Query(alias="format", description="csv 或 xlsx")]
INBOX_COLUMNS = (
    "request_id", "title", "category", "status", "origin_group", "resident_name",
    "arrived_at", "arrived_by", "accept_due", "resolve_due", "overdue", "open_urges",
)  # fmt: skip
ROLLUP_COLUMNS = (
    "holder", "level", "unit", "assigned_by", "status", "deadline", "passed",
    "open_urges", "note", "path",
)  # fmt: skip


def all_pages(page: Callable[[int], tuple[list[T], int | None]]) -> list[T]:
    """Every page of a read from the first, up to EXPORT_ROWS rows."""
    items: list[T] = []
    cursor: int | None = 0
    while cursor is not None and len(items) < EXPORT_ROWS:
        rows, cursor = page(cursor)
        items += rows
    return items


@router.get(
    "/units/{code}/inbox/export",
    response_model=None,
    response_class=Response,
    responses=FILE_RESPONSES,
    summary="导出单位待办（CSV 或 XLSX，与待办同样的权限与访问记录）",
)
def export_inbox(
    code: Code,
    grant: Annotated[Grant, allow("units.inbox_export")],
    ctx: Ctx,
    fmt: Format = SheetFormat.xlsx,
    min_position: MinPosition = None,
) -> Response:
    see_position(ctx, min_position)

    def page(cursor: int) -> tuple[list[InboxRowRead], int | None]:
        found = ctx.queries.inbox(code, [], [], cursor, PAGE)
        rows = [InboxRowRead.model_validate(row) for row in found["items"]]
        return rows, found["next_cursor"]

    items = all_pages(page)
    ctx.access_log.record(
        grant, f"inbox:{code}", {r.resident_id: r.origin_group for r in items}
    )
    rows = sheet_rows(InboxRowRead, INBOX_COLUMNS, items)
    return sheet_response(rows, fmt, f"inbox-{code}")


@router.get(
    "/tasks/{task_id}/rollup/export",
    response_model=None,
    response_class=Response,
    responses=FILE_RESPONSES,
    summary="导出任务汇总（CSV 或 XLSX，与汇总同样的权限与访问记录）",
)
def export_rollup(
    task_id: UUID,
    grant: Annotated[Grant, allow("tasks.rollup_export")],
    ctx: Ctx,
    unit: Code | None = Query(None, description="从哪个单位看（默认下达单位）"),
    fmt: Format = SheetFormat.xlsx,
    min_position: MinPosition = None,
) -> Response:
    see_position(ctx, min_position)

    def page(cursor: int) -> tuple[list[RollupItemRead], int | None]:
        found = ctx.task_queries.rollup(str(task_id), unit, cursor, PAGE)
        read = RollupRead.model_validate(found)
        return read.items, read.next_cursor

    items = all_pages(page)
    ctx.access_log.record(grant, f"rollup:{task_id}", notified_residents(items))
    rows = sheet_rows(RollupItemRead, ROLLUP_COLUMNS, items)
    return sheet_response(rows, fmt, f"rollup-{task_id}")
