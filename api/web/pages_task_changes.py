"""The issuing unit's changes to a task from its roll-up page: extend its deadline or
cancel it, each with a reason (BZ-D2), through the API's body models and service."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.access import grant_for
from api.context import ApiContext
from api.schemas import ReasonBody
from api.task_schemas import TaskExtendBody
from api.web.errors import PageRoute, refusal
from api.web.pages_tasks import form_body, rollup_page
from api.web.session import ctx_of, require_session, see_other
from application.principals import Principal
from application.tasks.commands import task_change
from domain.errors import DomainError, UnknownTask

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Text = Annotated[str, Form()]
Csrf = Annotated[str | None, Form(max_length=200)]
BODIES: dict[str, type[BaseModel]] = {"cancel": ReasonBody, "extend": TaskExtendBody}


@router.post("/tasks/{task_id}/{action}")
def change_task(
    request: Request,
    task_id: UUID,
    action: str,
    reason: Text = "",
    on: Text = "",
    working_days: Text = "",
    csrf: Csrf = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    typed = {"reason": reason, "on": on, "working_days": working_days}
    try:
        done = command(ctx, session.principal, task_id, action, typed)
    except DomainError as error:
        shown = refusal(error)
        kept = {**typed, "action": action}
        return rollup_page(
            request, session, task_id, "", shown.status, refusal=shown, form=kept
        )
    return see_other(f"/tasks/{task_id}?seen={done['position']}")


def command(
    ctx: ApiContext,
    principal: Principal,
    task_id: UUID,
    action: str,
    typed: dict[str, Any],
) -> dict[str, Any]:
    """The API's POST /tasks/{id}/cancel or /extend: its row, its body, its service call."""
    if action not in BODIES:
        raise UnknownTask(f"unknown action {action}", zh=f"没有“{action}”这项操作")
    model = BODIES[action]
    given = {k: v for k, v in typed.items() if k in model.model_fields and v != ""}
    body = form_body(model, given)
    grant = grant_for(f"tasks.{action}", principal, ctx, task_id=task_id)
    fields = body.model_dump(exclude={"expected_version"})
    command = task_change(action, task_id, fields)
    return ctx.tasks.change(principal, command, grant=grant)
