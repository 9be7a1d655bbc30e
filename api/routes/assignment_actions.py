"""任务分派的办理命令 The commands on an assignment: one route each, building its typed
command (application/tasks/commands.py) for `TaskService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.action_bodies import action_bodies
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import NoteBody, ReasonBody, Versioned
from api.task_schemas import AssignmentCommandRead, DelegateTaskBody
from application.access.grants import Grant
from application.tasks.commands import (
    AcknowledgeAssignment,
    AnswerAssignmentUrge,
    CompleteAssignment,
    DelegateAssignment,
    ReportProgress,
    ReturnAssignment,
)

router = APIRouter(
    prefix="/assignments", tags=["tasks 工作任务"], route_class=OneHopRoute
)


@router.post(
    "/{assignment_id}/acknowledge",
    response_model=AssignmentCommandRead,
    summary="签收：本单位（或居民）收到并确认",
)
def acknowledge_assignment(
    assignment_id: UUID,
    body: Versioned,
    grant: Annotated[Grant, allow("assignments.acknowledge")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> AssignmentCommandRead:
    command = AcknowledgeAssignment(
        assignment_id=assignment_id,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return AssignmentCommandRead.model_validate(
        ctx.tasks.handle(principal, command, key, grant)
    )


@router.post(
    "/{assignment_id}/delegate",
    response_model=AssignmentCommandRead,
    summary="下派：分派给部分或全部下级单位（小组下派给居民），子期限不晚于本级期限",
)
def delegate_assignment(
    assignment_id: UUID,
    body: DelegateTaskBody,
    grant: Annotated[Grant, allow("assignments.delegate")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> AssignmentCommandRead:
    command = DelegateAssignment(
        assignment_id=assignment_id,
        to=body.to,
        on=body.on,
        working_days=body.working_days,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return AssignmentCommandRead.model_validate(
        ctx.tasks.handle(principal, command, key, grant)
    )


@router.post(
    "/{assignment_id}/progress",
    response_model=AssignmentCommandRead,
    summary="报告进展",
)
def progress_assignment(
    assignment_id: UUID,
    body: NoteBody,
    grant: Annotated[Grant, allow("assignments.progress")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> AssignmentCommandRead:
    command = ReportProgress(
        assignment_id=assignment_id,
        note=body.note,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return AssignmentCommandRead.model_validate(
        ctx.tasks.handle(principal, command, key, grant)
    )


@router.post(
    "/{assignment_id}/complete",
    response_model=AssignmentCommandRead,
    summary="报告完成",
)
def complete_assignment(
    assignment_id: UUID,
    body: NoteBody,
    grant: Annotated[Grant, allow("assignments.complete")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> AssignmentCommandRead:
    command = CompleteAssignment(
        assignment_id=assignment_id,
        note=body.note,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return AssignmentCommandRead.model_validate(
        ctx.tasks.handle(principal, command, key, grant)
    )


@router.post(
    "/{assignment_id}/return",
    response_model=AssignmentCommandRead,
    summary="退回：无法完成，说明理由",
)
def return_assignment(
    assignment_id: UUID,
    body: ReasonBody,
    grant: Annotated[Grant, allow("assignments.return")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> AssignmentCommandRead:
    command = ReturnAssignment(
        assignment_id=assignment_id,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return AssignmentCommandRead.model_validate(
        ctx.tasks.handle(principal, command, key, grant)
    )


@router.post(
    "/{assignment_id}/answer_urge",
    response_model=AssignmentCommandRead,
    summary="答复督办",
)
def answer_urge_assignment(
    assignment_id: UUID,
    body: NoteBody,
    grant: Annotated[Grant, allow("assignments.answer_urge")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> AssignmentCommandRead:
    command = AnswerAssignmentUrge(
        assignment_id=assignment_id,
        note=body.note,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return AssignmentCommandRead.model_validate(
        ctx.tasks.handle(principal, command, key, grant)
    )


# each action's body model and summary, read off the routes above (the pages' forms)
ASSIGNMENT_ACTIONS = action_bodies(router)
