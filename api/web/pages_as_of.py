"""回看: the community's inbox, or a request, as it was at a chosen past moment — the
same `as_of` reads the API answers `?as_of=` with (a replay of the log)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.web.errors import PageRoute, refusal
from api.web.grants import needed
from api.web.names import Names, unit_names
from api.web.render import BEIJING
from api.web.session import ctx_of, render_for, require_session
from domain.errors import DomainError, InvalidValue
from domain.vocabulary import Status

router = APIRouter(include_in_schema=False, route_class=PageRoute)
PAGE_SIZE = 50


def moment(typed: str) -> str:
    """A datetime-local value (Beijing wall-clock time) as the ISO time `as_of` takes."""
    try:
        chosen = datetime.fromisoformat(typed.strip())
    except ValueError:
        raise InvalidValue(
            f"unknown time: {typed} (choose a date and a time)",
            rule_id="FORM",
            zh=f"无法识别的时间：{typed}（请选择日期和时间）",
        ) from None
    if chosen.tzinfo is None:
        chosen = chosen.replace(tzinfo=BEIJING)
    return chosen.isoformat()


@router.get("/units/{code}/inbox/as-of")
def inbox_as_of(request: Request, code: str, at: str = "") -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("units.inbox", session.principal, ctx, code=code)
    unit, page, shown = ctx.ledger.registry().unit(code), None, None
    if at:
        try:
            page = needed(ctx.as_of, "回看").inbox(
                code, [], [], 0, PAGE_SIZE, moment(at)
            )
        except DomainError as error:
            shown = refusal(error)
    if page is not None:
        subjects = {r["resident_id"]: r["origin_group"] for r in page["items"]}
        ctx.access_log.record(grant, f"inbox:{code}", subjects)
    return render_for(
        request,
        session,
        "inbox_as_of.html",
        422 if shown else 200,
        unit=unit,
        at=at,
        page=page,
        refusal=shown,
        statuses=list(Status),
    )


@router.get("/requests/{request_id}/as-of")
def request_as_of(request: Request, request_id: UUID, at: str = "") -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("requests.read", session.principal, ctx, request_id=request_id)
    item, shown = None, None
    if at:
        try:
            item = needed(ctx.as_of, "回看").request(str(request_id), moment(at))
        except DomainError as error:
            shown = refusal(error)
    if item is not None:
        subjects = {item["resident_id"]: item["origin_group"]}
        ctx.access_log.record(grant, f"request:{request_id}", subjects)
    return render_for(
        request,
        session,
        "request_as_of.html",
        422 if shown else 200,
        request_id=request_id,
        at=at,
        item=item,
        refusal=shown,
        who=Names(ctx),
        units=unit_names(ctx),
    )
