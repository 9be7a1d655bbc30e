"""单位待办: the unit's inbox with counts by status, filters and paging."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.context import ApiContext
from api.deps import see_position
from api.web.errors import PageRoute
from api.web.pages_residents import may_search
from api.web.session import ctx_of, render_for, require_session
from domain.errors import InvalidValue
from domain.vocabulary import Category, Status

router = APIRouter(include_in_schema=False, route_class=PageRoute)
PAGE_SIZE = 20
OVERDUE_SCANS = 50  # pages read for one page of overdue requests


def chosen(value: str, vocabulary: type) -> list[str]:
    if not value:
        return []
    try:
        return [vocabulary(value).value]
    except ValueError:
        raise InvalidValue(
            f"invalid filter: {value}", rule_id="FORM", zh=f"无效的筛选条件：{value}"
        ) from None


@router.get("/units/{code}/inbox")
def inbox(
    request: Request,
    code: str,
    status: str = "",
    category: str = "",
    overdue: str = "",
    after: int = 0,
    seen: int | None = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("units.inbox", session.principal, ctx, code=code)
    see_position(ctx, seen)
    statuses, categories = chosen(status, Status), chosen(category, Category)
    found = ctx.queries.inbox(code, statuses, categories, max(after, 0), PAGE_SIZE)
    if overdue:
        found = overdue_only(ctx, found, code, statuses, categories)
    items = found["items"]
    subjects = {row["resident_id"]: row["origin_group"] for row in items}
    ctx.access_log.record(grant, f"inbox:{code}", subjects)
    unit = ctx.ledger.registry().unit(code)
    filters = {"status": status, "category": category, "overdue": overdue}
    return render_for(
        request,
        session,
        "inbox.html",
        unit=unit,
        page=found,
        items=items,
        filters=filters,
        statuses=list(Status),
        categories=list(Category),
        may_search=may_search(ctx, session.principal, code),
    )


def overdue_only(
    ctx: ApiContext,
    found: dict[str, Any],
    code: str,
    statuses: list[str],
    categories: list[str],
) -> dict[str, Any]:
    """A page of overdue requests only, read on through the pages after `found` (at
    most OVERDUE_SCANS of them) so a page is not empty while overdue ones follow."""
    kept: list[dict[str, Any]] = []
    for _ in range(OVERDUE_SCANS):
        for index, row in enumerate(found["items"], 1):
            kept += [row] if row["overdue"] else []
            if len(kept) == PAGE_SIZE:
                more = index < len(found["items"]) or found["next_cursor"] is not None
                after = row["arrived_position"] if more else None
                return {**found, "items": kept, "next_cursor": after}
        if found["next_cursor"] is None:
            break
        found = ctx.queries.inbox(
            code, statuses, categories, found["next_cursor"], PAGE_SIZE
        )
    return {**found, "items": kept}
