"""任务分派 pages: a holder's page (sign for it, fan it out, report progress, complete,
return) and a resident's notices; buttons for exactly the actions allowed now. Its
router also carries the issuer's task changes (api/web/pages_task_changes.py)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.access import grant_for
from api.context import ApiContext
from api.deps import see_position
from api.routes.assignment_actions import ASSIGNMENT_ACTIONS
from api.web import pages_task_changes
from api.web.errors import PageRoute, refusal
from api.web.pages_tasks import form_body, residents_named, tree_rows, unit_names
from api.web.session import ctx_of, render_for, require_session, see_other
from application.access.actions_now import actions_now
from application.access.grants import Reach
from application.principals import Principal
from application.signin.sessions import Session
from application.tasks.commands import assignment_command
from domain.assignments import Assignment
from domain.errors import DomainError, UnknownTask
from domain.levels import Level

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Text = Annotated[str, Form()]
Many = Annotated[list[str], Form()]
Csrf = Annotated[str | None, Form(max_length=200)]
NOTICES_SHOWN = 200
router.include_router(pages_task_changes.router)


def load(ctx: ApiContext, assignment_id: UUID) -> Assignment:
    found: Assignment = ctx.ledger.load(Assignment, assignment_id, UnknownTask)
    return found


def assignment_actions_now(
    principal: Principal, assignment: Assignment, registry: Any
) -> list[str]:
    """The state's actions whose `assignments.<action>` row reaches the caller."""
    reach = Reach.of_assignment(assignment)
    allowed = actions_now(
        principal, "assignments", assignment.allowed_actions(), reach, registry
    )
    return [action for action in ASSIGNMENT_ACTIONS if action in allowed]


def assignment_page(
    request: Request,
    session: Session,
    assignment_id: UUID,
    status: int = 200,
    **context: Any,
) -> Response:
    ctx = ctx_of(request)
    assignment = load(ctx, assignment_id)
    if assignment.is_notice:
        return see_other("/my/notices")
    task_id = UUID(assignment.task_id)
    grant = grant_for(
        "tasks.rollup", session.principal, ctx, task_id=task_id, unit=assignment.unit
    )
    below = ctx.task_queries.rollup(assignment.task_id, assignment.unit, 0, 500)
    ctx.access_log.record(grant, f"rollup:{task_id}", residents_named(below["items"]))
    registry, names = ctx.ledger.registry(), unit_names(ctx)
    return render_for(
        request,
        session,
        "assignment.html",
        status,
        item=assignment,
        task=below["task"],
        roll=below,
        rows=tree_rows(below["items"], assignment.unit or "", names),
        actions=assignment_actions_now(session.principal, assignment, registry),
        children=delegate_choices(ctx, assignment, names),
        units=names,
        form=context.pop("form", {}),
        **context,
    )


def delegate_choices(
    ctx: ApiContext, assignment: Assignment, names: dict[str, str]
) -> list[dict[str, str]]:
    """Units directly below to choose from; below a group, its residents all at once
    (a page lists no resident by name)."""
    if Level(assignment.level) is Level.GROUP:
        return []
    candidates = ctx.tasks.children_of(assignment, ctx.ledger.registry())
    return [{"code": key, "name": names.get(key, key)} for key in sorted(candidates)]


@router.get("/assignments/{assignment_id}")
def show_assignment(
    request: Request, assignment_id: UUID, seen: int | None = None
) -> Response:
    session = require_session(request)
    see_position(ctx_of(request), seen)
    return assignment_page(request, session, assignment_id)


@router.post("/assignments/{assignment_id}/{action}")
def act_on_assignment(
    request: Request,
    assignment_id: UUID,
    action: str,
    note: Text = "",
    reason: Text = "",
    on: Text = "",
    to: Many = [],  # noqa: B006 - FastAPI copies the default per request
    expected_version: Text = "",
    csrf: Csrf = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    typed = {
        "note": note,
        "reason": reason,
        "on": on,
        "to": to,
        "expected_version": expected_version,
    }
    notice = load(ctx, assignment_id).is_notice
    try:
        done = command(ctx, session.principal, assignment_id, action, typed)
    except DomainError as error:
        shown = refusal(error)
        kept = {**typed, "action": action}
        if notice:
            return notices_page(request, session, shown.status, refusal=shown)
        return assignment_page(
            request, session, assignment_id, shown.status, refusal=shown, form=kept
        )
    place = "/my/notices" if notice else f"/assignments/{assignment_id}"
    return see_other(f"{place}?seen={done['position']}")


def command(
    ctx: ApiContext,
    principal: Principal,
    assignment_id: UUID,
    action: str,
    typed: dict[str, Any],
) -> dict[str, Any]:
    """The API's command: its access row, its body model, the same service call."""
    if action not in ASSIGNMENT_ACTIONS:
        raise UnknownTask(f"unknown action {action}", zh=f"没有“{action}”这项操作")
    model = ASSIGNMENT_ACTIONS[action][0]
    given = {
        k: v for k, v in typed.items() if k in model.model_fields and v not in ("", [])
    }
    body = form_body(model, given)
    grant = grant_for(
        f"assignments.{action}", principal, ctx, assignment_id=assignment_id
    )
    fields = body.model_dump(exclude={"expected_version"})
    typed_command = assignment_command(
        action, assignment_id, fields, body.expected_version
    )
    return ctx.tasks.handle(principal, typed_command, grant=grant)


def notices_page(
    request: Request, session: Session, status: int = 200, **context: Any
) -> Response:
    ctx = ctx_of(request)
    grant_for("me.notices", session.principal, ctx)
    registry, rows = ctx.ledger.registry(), []
    for row in ctx.task_queries.notices(session.principal, 0, NOTICES_SHOWN):
        notice = load(ctx, UUID(row["assignment_id"]))
        actions = assignment_actions_now(session.principal, notice, registry)
        rows.append({**row, "actions": actions})
    return render_for(
        request,
        session,
        "my_notices.html",
        status,
        notices=list(reversed(rows)),
        units=unit_names(ctx),
        **context,
    )


@router.get("/my/notices")
def my_notices(request: Request, seen: int | None = None) -> Response:
    session = require_session(request)
    see_position(ctx_of(request), seen)
    return notices_page(request, session)
