"""其他规范的后续步骤 The steps after the outcome that the Lishui and Jinhua standards add
(LS-2.4.9, LS-2.4.11, LS-3.2.4, JH-5.4): one route each, building its typed step
(application/deliberation/topic_steps.py) for `DeliberationService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.deliberation_schemas import ReopenBody, StepBody, TopicCommandRead
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from application.access.grants import Grant
from application.deliberation.topic_steps import (
    AppraiseOutcome,
    ArchiveTopic,
    PostOutcome,
    ReferOutcome,
    ReopenTopic,
)

router = APIRouter(prefix="/topics", tags=["topics 协商议题"], route_class=OneHopRoute)


@router.post(
    "/{topic_id}/refer",
    response_model=TopicCommandRead,
    summary="提交居民会议表决或报街道（LS-2.4.9）",
)
def refer_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.refer")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ReferOutcome(
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
    "/{topic_id}/appraise",
    response_model=TopicCommandRead,
    summary="民主评议，评分0–100（LS-3.2.4）",
)
def appraise_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.appraise")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = AppraiseOutcome(
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
    "/{topic_id}/post",
    response_model=TopicCommandRead,
    summary="公开张贴协商结果（JH-5.4）",
)
def post_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.post")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = PostOutcome(
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
    "/{topic_id}/archive",
    response_model=TopicCommandRead,
    summary="备案、传达、公开后归档，附档案编号（JH-5.4）",
)
def archive_topic(
    topic_id: UUID,
    body: StepBody,
    grant: Annotated[Grant, allow("topics.archive")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ArchiveTopic(
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
    "/{topic_id}/reopen",
    response_model=TopicCommandRead,
    summary="落实中发现问题，重新协商（LS-2.4.11）",
)
def reopen_topic(
    topic_id: UUID,
    body: ReopenBody,
    grant: Annotated[Grant, allow("topics.reopen")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ReopenTopic(
        topic_id=topic_id,
        problem=body.problem,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )
