"""协商结果之后的步骤 The steps after a topic's outcome in the Wenzhou standard (WZ-5.7 …
WZ-5.8): one route each, building its typed step (application/deliberation/topic_steps.py) for
`DeliberationService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.deliberation_schemas import StepBody, TopicCommandRead
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.report_schemas import ReportBody
from application.access.grants import Grant
from application.deliberation.topic_report import ReportImplementation
from application.deliberation.topic_steps import (
    CommunicateOutcome,
    ExplainToDissenters,
    FileOutcome,
    ImplementOutcome,
)

router = APIRouter(prefix="/topics", tags=["topics 协商议题"], route_class=OneHopRoute)


@router.post(
    "/{topic_id}/file",
    response_model=TopicCommandRead,
    summary="向监督委员会备案（当日或次日，WZ-5.7-a）",
)
def file_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.file")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = FileOutcome(
        topic_id=topic_id,
        note=body.note,
        details=body.details,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/communicate",
    response_model=TopicCommandRead,
    summary="向利益相关方传达结果（两日内，WZ-5.7-c）",
)
def communicate_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.communicate")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = CommunicateOutcome(
        topic_id=topic_id,
        note=body.note,
        details=body.details,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/implement",
    response_model=TopicCommandRead,
    summary="落实：社区、其他利益相关方或政府部门（WZ-5.8-a/c）",
)
def implement_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.implement")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ImplementOutcome(
        topic_id=topic_id,
        note=body.note,
        details=body.details,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/explain_dissent",
    response_model=TopicCommandRead,
    summary="向持不同意见者解释说明（WZ-5.8-b）",
)
def explain_dissent_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.explain_dissent")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ExplainToDissenters(
        topic_id=topic_id,
        note=body.note,
        details=body.details,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/report",
    response_model=TopicCommandRead,
    summary="监督委员会的落实情况报告：进度、问题、影响、筹资筹劳，向社会公布（WZ-5.8-d）",
)
def report_topic(
    topic_id: UUID,
    body: ReportBody,
    grant: Annotated[Grant, allow("topics.report")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ReportImplementation(
        topic_id=topic_id,
        progress=body.progress,
        problems=body.problems,
        effects=body.effects,
        involves_funds_labour=body.involves_funds_labour,
        funds_labour=body.funds_labour,
        complete=body.complete,
        note=body.note,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )
