"""One request's page: where it is, time at each level, its timeline, and buttons
for exactly the actions this person may take now (application/access/actions_now.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.access import grant_for
from api.deps import see_position
from api.routes.request_actions import ACTIONS
from api.schemas import ReassignBody
from api.web.errors import PageRoute, refusal
from api.web.pages_dossier import dossier_page
from api.web.pages_requests import validated
from api.web.session import ctx_of, render_for, require_session, see_other
from application.access.actions_now import request_actions_now
from application.requests.commands import request_command
from application.requests.reassign import ReassignRequest
from application.requests.return_visits import return_visit_outcomes
from domain.errors import DomainError, NotFound, UnknownRequest

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Field = Annotated[str, Form()]
Csrf = Annotated[str | None, Form(max_length=200)]


def request_page(
    request: Request, session, request_id: UUID, status: int = 200, **context
) -> Response:
    ctx = ctx_of(request)
    grant = grant_for("requests.read", session.principal, ctx, request_id=request_id)
    found = ctx.queries.request(str(request_id))
    ctx.access_log.record(
        grant, f"request:{request_id}", {found["resident_id"]: found["origin_group"]}
    )
    registry = ctx.ledger.registry()
    aggregate = ctx.ledger.request(request_id)
    actions = request_actions_now(session.principal, aggregate, registry)
    children, siblings = _units_below_and_beside(registry, aggregate.holding_unit)
    names = {code: unit.name for code, unit in registry.units.items()}
    return render_for(
        request,
        session,
        "request.html",
        status,
        item=found,
        actions=actions,
        visit_outcomes=return_visit_outcomes(session.principal, aggregate, registry),
        children=children,
        siblings=siblings,
        units=names,
        form=context.pop("form", {}),
        **context,
    )


def _units_below_and_beside(registry, holding: str) -> tuple[list, list]:
    """Where the request can go: the holder's children (交办) and siblings (改派)."""
    live = [u for u in registry.units.values() if not u.retired]
    holder = registry.unit(holding)
    children = [u for u in live if u.parent == holding]
    siblings = [
        u
        for u in live
        if u.parent == holder.parent and u.parent is not None and u.code != holding
    ]
    return children, siblings


@router.get("/requests/{request_id}")
def show_request(
    request: Request, request_id: UUID, seen: int | None = None
) -> Response:
    session = require_session(request)
    see_position(ctx_of(request), seen)
    return request_page(request, session, request_id)


@router.get("/requests/{request_id}/dossier")
def printable_dossier(request: Request, request_id: UUID) -> Response:
    """The request's dossier as a readable page: names, Beijing time, printable."""
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for(
        "audit.dossier_request", session.principal, ctx, request_id=request_id
    )
    if ctx.dossiers is None:
        raise NotFound("this service runs without dossiers", zh="本服务未启用卷宗")
    found = ctx.dossiers.request(str(request_id))
    ctx.access_log.record(grant, f"dossier:request:{request_id}", subjects(grant))
    return dossier_page(request, session, found)


def subjects(grant) -> dict[str, str | None]:
    """The resident the request belongs to and the group it entered at (access log)."""
    reach = grant.reach
    return {reach.owner: reach.units[0] if reach.units else None} if reach.owner else {}


@router.post("/requests/{request_id}/{action}")
def act_on_request(
    request: Request,
    request_id: UUID,
    action: str,
    reason: Field = "",
    to_unit: Field = "",
    instructions: Field = "",
    resolution: Field = "",
    note: Field = "",
    score: Field = "",
    expected_version: Field = "",
    csrf: Csrf = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    typed = {
        "reason": reason,
        "to_unit": to_unit,
        "instructions": instructions,
        "resolution": resolution,
        "note": note,
        "score": score,
        "expected_version": expected_version,
    }
    return pressed(
        request,
        request_id,
        action,
        typed,
        lambda: command(ctx, session.principal, request_id, action, typed),
    )


def pressed(
    request: Request,
    request_id: UUID,
    action: str,
    typed: dict[str, str],
    call: Callable[[], dict],
) -> Response:
    """After a form's command: on to the request page at its position, or this page again
    with the refusal and what was typed."""
    session = require_session(request)
    try:
        done = call()
    except DomainError as error:
        shown = refusal(error)
        return request_page(
            request,
            session,
            request_id,
            shown.status,
            refusal=shown,
            form={**typed, "action": action},
        )
    return see_other(f"/requests/{request_id}?seen={done['position']}")


def command(ctx, principal, request_id: UUID, action: str, typed: dict) -> dict:
    """The API's command: its access row, its body model, the same service call."""
    if action == "reassign":
        return reassign(ctx, principal, request_id, typed)
    if action not in ACTIONS:
        raise UnknownRequest(f"unknown action {action}", zh=f"没有“{action}”这项操作")
    model = ACTIONS[action][0]
    given = {k: v for k, v in typed.items() if k in model.model_fields and v != ""}
    body = validated(model, given)
    grant = grant_for(f"requests.{action}", principal, ctx, request_id=request_id)
    fields = body.model_dump(exclude={"expected_version"})
    version = getattr(body, "expected_version", None)
    typed_command = request_command(action, request_id, fields, version)
    return ctx.requests.handle(principal, typed_command, grant=grant)


def reassign(ctx, principal, request_id: UUID, typed: dict) -> dict:
    """As `POST /requests/{id}/reassign`: the grant found once, handed to the use case."""
    fields = ReassignBody.model_fields
    body = validated(
        ReassignBody, {k: v for k, v in typed.items() if k in fields and v != ""}
    )
    grant = grant_for("requests.reassign", principal, ctx, request_id=request_id)
    command = ReassignRequest(
        request_id, body.to_unit, body.reason, body.expected_version
    )
    return ctx.requests.reassign(grant, command)
