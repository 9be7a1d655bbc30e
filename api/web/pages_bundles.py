"""审计包: download a request's, a unit's or a time window's audit bundle as a file,
with the exact command that verifies it offline; and the witnesses and checkpoints."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.context import ApiContext
from api.routes.audit import _covers_every_district as covers_every_district
from api.routes.audit import _subjects as request_subjects
from api.web.errors import PageRoute
from api.web.grants import grant_untargeted, needed
from api.web.names import Names, unit_names
from api.web.pages_as_of import moment
from api.web.session import ctx_of, render_for, require_session
from application.access.grants import AccessRefused
from application.audit.errors import NoCheckpoint
from application.principals import Principal

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def as_file(bundle: dict[str, Any], name: str) -> Response:
    """The bundle as `gov audit export` writes it, offered as a download."""
    return Response(
        json.dumps(bundle, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def verify_command(ctx: ApiContext, file_name: str) -> str:
    """The command that checks a downloaded bundle offline, pinned to this log's key."""
    key = needed(ctx.audit, "审计日志").log_key.text()
    return f"gov audit verify --key '{key}' {file_name}"


@router.get("/bundles/requests/{request_id}")
def request_bundle(request: Request, request_id: UUID) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("audit.bundles", session.principal, ctx, request_id=request_id)
    found = needed(ctx.audit_exports, "审计包导出").request(str(request_id))
    ctx.access_log.record(
        grant, f"bundle:request:{request_id}", request_subjects(grant)
    )
    return as_file(found, f"bundle-request-{request_id}.json")


@router.get("/bundles/units/{code}")
def unit_bundle(request: Request, code: str) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_for("audit.bundles", session.principal, ctx, unit=code)
    return as_file(
        needed(ctx.audit_exports, "审计包导出").unit(code), f"bundle-unit-{code}.json"
    )


@router.get("/bundles/window")
def window_bundle(request: Request, since: str = "", until: str = "") -> Response:
    session, ctx = require_session(request), ctx_of(request)
    start, end = (datetime.fromisoformat(moment(t)) for t in (since, until))
    grant = grant_for("audit.bundles", session.principal, ctx, since=start, until=end)
    covers_every_district(grant, ctx)
    found = needed(ctx.audit_exports, "审计包导出").window(start, end)
    stamp = f"{start:%Y%m%d%H%M}-{end:%Y%m%d%H%M}"
    return as_file(found, f"bundle-window-{stamp}.json")


def may_export_window(ctx: ApiContext, principal: Principal) -> bool:
    """Whether the caller's role reaches every district, as a window's export needs."""
    now = datetime.now().astimezone()
    try:
        grant = grant_for("audit.bundles", principal, ctx, since=now, until=now)
        covers_every_district(grant, ctx)
    except AccessRefused:
        return False
    return True


@router.get("/supervision/{code}/bundles")
def bundles_page(request: Request, code: str) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_for("audit.bundles", session.principal, ctx, unit=code)
    return render_for(
        request,
        session,
        "bundles.html",
        unit=ctx.ledger.registry().unit(code),
        unit_command=verify_command(ctx, f"bundle-unit-{code}.json"),
        window_command=verify_command(ctx, "bundle-window-….json"),
        may_window=may_export_window(ctx, session.principal),
        log_key=needed(ctx.audit, "审计日志").log_key.text(),
    )


@router.get("/witnesses")
def witnesses_page(request: Request) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_untargeted("audit.checkpoints", session.principal, ctx)
    audit = needed(ctx.audit, "审计日志")
    try:
        head = audit.head()
    except NoCheckpoint:
        head = None
    return render_for(
        request,
        session,
        "witnesses.html",
        head=head,
        witness_keys=audit.witnesses.keys(),
        log_key=audit.log_key.text(),
        who=Names(ctx),
        units=unit_names(ctx),
    )
