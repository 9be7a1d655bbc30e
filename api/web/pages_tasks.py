"""工作任务 pages (BZ-D2, the top-down half): a unit's tasks, issuing one, and the
roll-up tree of a task with each unit's status and late units marked."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from api.access import grant_for
from api.context import ApiContext
from api.deps import see_position
from api.reads.tasks import RollupItemRead
from api.routes.tasks import notified_residents
from api.task_schemas import TaskCreate
from api.web.errors import PageRoute, refusal
from api.web.session import ctx_of, render_for, require_session, see_other
from application.principals import Principal
from application.signin.sessions import Session
from domain.assignments import RESIDENT_LEVEL
from domain.errors import DomainError, InvalidValue

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Text = Annotated[str, Form()]
Many = Annotated[list[str], Form()]
Csrf = Annotated[str | None, Form(max_length=200)]
ROLLUP_ROWS = 500
# Field names the body models leave undescribed, as a person reads them on the form.
FIELD_NAMES = {"title": "标题", "to": "下派单位", "targets": "接收单位"}
ONE_DEADLINE = "截止日期或工作日数（只填一项）"


def may(operation: str, principal: Principal, ctx: ApiContext, **target: Any) -> bool:
    """Whether the access-matrix row of `operation` reaches the caller at `target`."""
    try:
        grant_for(operation, principal, ctx, **target)
    except DomainError:
        return False
    return True


def form_body(model: type[BaseModel], form: dict[str, object]) -> Any:
    """The form read by the API's own body model; each failing field named in Chinese."""
    try:
        return model.model_validate(form)
    except ValidationError as error:
        names = [field_name(model, e["loc"]) for e in error.errors()]
        raise InvalidValue(
            f"check: {', '.join(dict.fromkeys(names))}",
            rule_id="FORM",
            zh=f"请检查：{'、'.join(dict.fromkeys(names))}",
        ) from None


def field_name(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    if not loc:  # a check across fields: the one deadline of TaskCreate
        return ONE_DEADLINE
    name = str(loc[0])
    described = (
        model.model_fields[name].description if name in model.model_fields else None
    )
    return FIELD_NAMES.get(name) or str(described or name)


def issuer_target(code: str) -> TaskCreate:
    """A task body naming only its issuer: where `tasks.issue` is checked before the form."""
    return TaskCreate.model_construct(issuer_unit=code, title="", instructions="")


def residents_named(items: list[dict[str, Any]]) -> dict[str, str | None]:
    """The residents a roll-up names, each with their group (for the access log)."""
    return notified_residents([RollupItemRead.model_validate(i) for i in items])


def unit_names(ctx: ApiContext) -> dict[str, str]:
    return {code: unit.name for code, unit in ctx.ledger.registry().units.items()}


def may_issue(principal: Principal, ctx: ApiContext, code: str) -> bool:
    """Staff of the unit (or above it), and only from a unit with units below it."""
    if not ctx.ledger.registry().children(code):
        return False
    issuer = issuer_target(code)
    return may("tasks.issue", principal, ctx, body=issuer)


@router.get("/units/{code}/tasks")
def unit_tasks(request: Request, code: str, seen: int | None = None) -> Response:
    """The open assignments the unit holds, and the door to issuing one."""
    session, ctx = require_session(request), ctx_of(request)
    grant_for("units.inbox", session.principal, ctx, code=code)
    see_position(ctx, seen)
    return render_for(
        request,
        session,
        "unit_tasks.html",
        unit=ctx.ledger.registry().unit(code),
        items=ctx.task_queries.unit_tasks(code),
        issued=issued_here(session.principal, ctx, code),
        may_issue=may_issue(session.principal, ctx, code),
    )


def issued_here(
    principal: Principal, ctx: ApiContext, code: str
) -> list[dict[str, Any]]:
    """The tasks the unit issued, for a caller who may read their roll-ups from it."""
    if not may("tasks.rollup", principal, ctx, task_id=None, unit=code):
        return []
    return ctx.task_queries.issued(code)


def issue_form(
    request: Request, session: Session, code: str, status: int = 200, **context: Any
) -> Response:
    ctx = ctx_of(request)
    grant_for(
        "tasks.issue",
        session.principal,
        ctx,
        body=issuer_target(code),
    )
    registry = ctx.ledger.registry()
    return render_for(
        request,
        session,
        "task_new.html",
        status,
        unit=registry.unit(code),
        children=[registry.unit(child) for child in registry.children(code)],
        form=context.pop("form", {}),
        **context,
    )


@router.get("/units/{code}/tasks/new")
def new_task(request: Request, code: str) -> Response:
    return issue_form(request, require_session(request), code)


@router.post("/units/{code}/tasks/new")
def issue_task(
    request: Request,
    code: str,
    title: Text = "",
    instructions: Text = "",
    deadline: Text = "",
    working_days: Text = "",
    targets: Many = [],  # noqa: B006 - FastAPI copies the default per request
    acknowledge_required: Text = "",
    csrf: Csrf = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    form = {
        "title": title,
        "instructions": instructions,
        "deadline": deadline,
        "working_days": working_days,
        "targets": targets,
        "acknowledge_required": acknowledge_required,
    }
    try:
        done = issue(ctx, session.principal, code, form)
    except DomainError as error:
        shown = refusal(error)
        return issue_form(
            request, session, code, shown.status, form=form, refusal=shown
        )
    return see_other(f"/tasks/{done['task_id']}?seen={done['position']}")


def issue(
    ctx: ApiContext, principal: Principal, code: str, form: dict[str, Any]
) -> dict[str, Any]:
    """The API's POST /tasks: its body model, its access row, the same service call."""
    given = {k: v for k, v in form.items() if v not in ("", [])}
    given["acknowledge_required"] = bool(form["acknowledge_required"])
    body = form_body(TaskCreate, {**given, "issuer_unit": code})
    grant = grant_for("tasks.issue", principal, ctx, body=body)
    return ctx.tasks.issue(
        principal,
        body.issuer_unit,
        body.targets,
        body.title,
        body.instructions,
        body.deadline,
        body.working_days,
        body.acknowledge_required,
        grant=grant,
    )


@router.get("/tasks/{task_id}")
def task_rollup(
    request: Request, task_id: UUID, unit: str = "", seen: int | None = None
) -> Response:
    session = require_session(request)
    see_position(ctx_of(request), seen)
    return rollup_page(request, session, task_id, unit)


def rollup_page(
    request: Request,
    session: Session,
    task_id: UUID,
    unit: str = "",
    status: int = 200,
    **context: Any,
) -> Response:
    """The roll-up from `unit` (the issuing unit by default): a tree of assignments,
    and the issuer's cancel and extend forms when the caller may use them now."""
    ctx = ctx_of(request)
    grant = grant_for(
        "tasks.rollup", session.principal, ctx, task_id=task_id, unit=unit or None
    )
    found = ctx.task_queries.rollup(str(task_id), unit or None, 0, ROLLUP_ROWS)
    ctx.access_log.record(grant, f"rollup:{task_id}", residents_named(found["items"]))
    is_open = found["task"]["status"] == "open"
    changes = [
        action
        for action in ("extend", "cancel")
        if is_open and may(f"tasks.{action}", session.principal, ctx, task_id=task_id)
    ]
    names = unit_names(ctx)
    return render_for(
        request,
        session,
        "task_rollup.html",
        status,
        roll=found,
        rows=tree_rows(found["items"], found["unit"], names),
        units=names,
        changes=changes,
        form=context.pop("form", {}),
        **context,
    )


def tree_rows(
    items: list[dict[str, Any]], viewpoint: str, names: dict[str, str]
) -> list[dict[str, Any]]:
    """Each assignment with its depth below the viewpoint and the name shown for it."""
    rows = []
    for item in items:
        path = item["path"].strip("/").split("/")
        below = path[path.index(viewpoint) + 1 :] if viewpoint in path else path
        resident = item["level"] == RESIDENT_LEVEL
        rows.append(
            {
                **item,
                "depth": max(len(below) - 1, 0),
                "name": "居民"
                if resident
                else names.get(item["holder"], item["holder"]),
                "resident": resident,
            }
        )
    return rows
