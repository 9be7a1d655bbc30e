"""工作任务 Top-down tasks: issue, fan out, report back up, roll-up (BZ-D2)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel

from api.access import allow
from api.commands import add_command_route
from api.deps import (
    Ctx,
    CurrentPrincipal,
    Cursor,
    IdempotencyHeader,
    Limit,
    MinPosition,
    idempotency,
    see_position,
)
from api.reads.requests import UrgedRead
from api.reads.tasks import RollupItemRead, RollupRead
from api.schemas import Code, NoteBody, ReasonBody, Versioned
from api.task_schemas import (
    AssignmentCommandRead,
    DelegateTaskBody,
    TaskChangeRead,
    TaskCreate,
    TaskExtendBody,
    TaskIssuedRead,
)
from application.access import Grant
from domain.assignments import RESIDENT_LEVEL

router = APIRouter(tags=["tasks 工作任务"])

ASSIGNMENT_ACTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "acknowledge": (Versioned, "签收：本单位（或居民）收到并确认"),
    "delegate": (
        DelegateTaskBody,
        "下派：分派给部分或全部下级单位（小组下派给居民），子期限不晚于本级期限",
    ),
    "progress": (NoteBody, "报告进展"),
    "complete": (NoteBody, "报告完成"),
    "return": (ReasonBody, "退回：无法完成，说明理由"),
    "answer_urge": (NoteBody, "答复督办"),
}


@router.post(
    "/tasks",
    status_code=status.HTTP_201_CREATED,
    response_model=TaskIssuedRead,
    summary="下达任务：给本单位的下级（默认全部直属下级）",
    dependencies=[allow("tasks.issue")],
)
def issue_task(
    body: TaskCreate,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TaskIssuedRead:
    issued = ctx.tasks.issue(
        principal,
        body.issuer_unit,
        body.targets,
        body.title,
        body.instructions,
        body.deadline,
        body.working_days,
        body.acknowledge_required,
        idempotency(principal, idempotency_key, request, body),
    )
    return TaskIssuedRead.model_validate(issued)


@router.get(
    "/tasks/{task_id}/rollup",
    response_model=RollupRead,
    summary="任务汇总：各下级分派的状态、完成比例、逾期单位；items 分页（cursor 为已跳过条数）",
)
def rollup(
    task_id: UUID,
    grant: Annotated[Grant, allow("tasks.rollup")],
    ctx: Ctx,
    unit: Code | None = Query(None, description="从哪个单位看（默认下达单位）"),
    cursor: Cursor = 0,
    limit: Limit = 200,
    min_position: MinPosition = None,
) -> RollupRead:
    see_position(ctx, min_position)
    found = RollupRead.model_validate(
        ctx.task_queries.rollup(str(task_id), unit, cursor, limit)
    )
    ctx.access_log.record(grant, f"rollup:{task_id}", notified_residents(found.items))
    return found


def notified_residents(items: list[RollupItemRead]) -> dict[str, str | None]:
    """The residents a roll-up names (holders of notices), each with their group."""
    return {
        r.holder.removeprefix("resident:"): r.path.strip("/").split("/")[-2]
        for r in items
        if r.level == RESIDENT_LEVEL
    }


@router.post(
    "/tasks/{task_id}/cancel",
    response_model=TaskChangeRead,
    summary="撤销任务（下达单位，说明理由）",
    dependencies=[allow("tasks.cancel")],
)
def cancel_task(
    task_id: UUID,
    body: ReasonBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TaskChangeRead:
    changed = ctx.tasks.change_task(
        principal,
        task_id,
        "cancel",
        body.model_dump(),
        idempotency(principal, idempotency_key, request, body),
    )
    return TaskChangeRead.model_validate(changed)


@router.post(
    "/tasks/{task_id}/extend",
    response_model=TaskChangeRead,
    summary="延期（下达单位，说明理由）",
    dependencies=[allow("tasks.extend")],
)
def extend_task(
    task_id: UUID,
    body: TaskExtendBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TaskChangeRead:
    changed = ctx.tasks.change_task(
        principal,
        task_id,
        "extend",
        body.model_dump(),
        idempotency(principal, idempotency_key, request, body),
    )
    return TaskChangeRead.model_validate(changed)


assignments = APIRouter(prefix="/assignments", tags=["tasks 工作任务"])
for _action, (_model, _summary) in ASSIGNMENT_ACTIONS.items():
    add_command_route(
        assignments,
        operation=f"assignments.{_action}",
        id_name="assignment_id",
        id_type=UUID,
        action=_action,
        body_model=_model,
        summary=_summary,
        response_model=AssignmentCommandRead,
        call=lambda ctx, who, item, action, params, version, key: ctx.tasks.act(
            who, item, action, params, version, key
        ),
    )
router.include_router(assignments)


@router.post(
    "/assignments/{assignment_id}/urge",
    response_model=UrgedRead,
    dependencies=[allow("assignments.urge")],
    summary="督办逾期的任务分派（上级单位或监督委员会）",
)
def urge_assignment(
    assignment_id: UUID,
    body: NoteBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UrgedRead:
    urged = ctx.supervision.urge(
        principal,
        "assignment",
        assignment_id,
        body.note,
        idempotency(principal, idempotency_key, request, body),
    )
    return UrgedRead.model_validate(urged)
