"""工作任务 Top-down tasks: issue, fan out, report back up, roll-up (BZ-D2)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status

from api.access import allow
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
from api.one_hop import OneHopRoute
from api.reads.requests import UrgedRead
from api.reads.tasks import RollupItemRead, RollupRead
from api.routes.assignment_actions import (  # the pages, tests
    ASSIGNMENT_ACTIONS as ASSIGNMENT_ACTIONS,
)
from api.schemas import Code, NoteBody, ReasonBody
from api.task_schemas import (
    TaskChangeRead,
    TaskCreate,
    TaskExtendBody,
    TaskIssuedRead,
)
from application.access.grants import Grant
from application.tasks.commands import CancelTask, ExtendTask
from domain.assignments import RESIDENT_LEVEL

router = APIRouter(tags=["tasks 工作任务"], route_class=OneHopRoute)


@router.post(
    "/tasks",
    status_code=status.HTTP_201_CREATED,
    response_model=TaskIssuedRead,
    summary="下达任务：给本单位的下级（默认全部直属下级）",
)
def issue_task(
    body: TaskCreate,
    grant: Annotated[Grant, allow("tasks.issue")],
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
        grant,
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
)
def cancel_task(
    task_id: UUID,
    body: ReasonBody,
    grant: Annotated[Grant, allow("tasks.cancel")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TaskChangeRead:
    command = CancelTask(task_id=task_id, reason=body.reason)
    key = idempotency(principal, idempotency_key, request, body)
    changed = ctx.tasks.change(principal, command, key, grant)
    return TaskChangeRead.model_validate(changed)


@router.post(
    "/tasks/{task_id}/extend",
    response_model=TaskChangeRead,
    summary="延期（下达单位，说明理由）",
)
def extend_task(
    task_id: UUID,
    body: TaskExtendBody,
    grant: Annotated[Grant, allow("tasks.extend")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TaskChangeRead:
    command = ExtendTask(
        task_id=task_id,
        reason=body.reason,
        on=body.on,
        working_days=body.working_days,
    )
    key = idempotency(principal, idempotency_key, request, body)
    changed = ctx.tasks.change(principal, command, key, grant)
    return TaskChangeRead.model_validate(changed)


@router.post(
    "/assignments/{assignment_id}/urge",
    response_model=UrgedRead,
    summary="督办逾期的任务分派（上级单位或监督委员会）",
)
def urge_assignment(
    assignment_id: UUID,
    body: NoteBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    grant: Annotated[Grant, allow("assignments.urge")],
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UrgedRead:
    urged = ctx.supervision.urge(
        principal,
        "assignment",
        assignment_id,
        body.note,
        idempotency(principal, idempotency_key, request, body),
        grant,
    )
    return UrgedRead.model_validate(urged)
