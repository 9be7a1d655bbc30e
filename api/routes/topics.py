"""协商议题 Deliberation topics: propose, review, plan, announce, sit, and the steps after the outcome."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response, status

from api.access import allow
from api.action_bodies import action_bodies
from api.deliberation_schemas import (
    OpenSittingBody,
    SittingCommandRead,
    StageBody,
    TopicCommandRead,
    TopicCreate,
)
from api.deps import (
    AsOf,
    Ctx,
    CurrentPrincipal,
    IdempotencyHeader,
    MinPosition,
    idempotency,
    see_position,
)
from api.one_hop import OneHopRoute
from api.reads.records import TraceRecordRead
from api.reads.topics import MajorDecisionStageRead, TopicRead
from api.records_render import render
from api.routes import topic_actions, topic_local_steps, topic_steps
from api.routes.services import present
from api.schemas import document_responses
from api.strict import WholeNumber
from application.access.grants import Grant
from application.deliberation.queries import topic_subjects
from application.records.trace import record_for

router = APIRouter(prefix="/topics", tags=["topics 协商议题"], route_class=OneHopRoute)

StageKey = Annotated[
    str,
    Path(pattern=r"^[a-z0-9_]{1,64}$", description="阶段（如 proposal、committees）"),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TopicCommandRead,
    summary="提出协商议题（WZ-5.1）；可由诉求转为议题",
    dependencies=[allow("topics.propose")],
)
def propose(
    body: TopicCreate,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    proposed = ctx.deliberation.propose(
        principal,
        body.community,
        body.category,
        body.proposer_kind,
        body.channel.value,
        body.title,
        body.description,
        body.linked_requests,
        idempotency(principal, idempotency_key, request, body),
    )
    return TopicCommandRead.model_validate(proposed)


@router.get(
    "/{topic_id}",
    response_model=TopicRead,
    response_model_exclude_unset=True,
    dependencies=[allow("topics.read")],
    summary="议题：状态、期限、各次协商会议",
)
def read_topic(
    topic_id: UUID, ctx: Ctx, min_position: MinPosition = None, as_of: AsOf = None
) -> TopicRead:
    if as_of is not None:
        return TopicRead.model_validate(
            present(ctx.as_of, "as_of").topic(str(topic_id), as_of)
        )
    see_position(ctx, min_position)
    return TopicRead.model_validate(ctx.deliberation_queries.topic(str(topic_id)))


@router.get(
    "/{topic_id}/records/{number}",
    response_class=Response,
    responses=document_responses(TraceRecordRead),
    summary="五项追溯记录（WZ-6）：1 议题建议和审核表 2 议事方案确定记录 3 协商事宜公告 "
    "4 协商活动记录表 5 落实情况报告；完全由日志生成",
)
def trace_record(
    topic_id: UUID,
    number: Annotated[WholeNumber, Path(ge=1, le=5)],
    grant: Annotated[Grant, allow("topics.records")],
    ctx: Ctx,
    format: Annotated[
        Literal["html", "md", "json"], Query(description="html、md 或 json")
    ] = "html",
    min_position: MinPosition = None,
) -> Response:
    see_position(ctx, min_position)
    body, media_type = render(record_for(ctx.ledger, topic_id, number), format)
    ctx.access_log.record(
        grant,
        f"record:{number}:topic:{topic_id}",
        topic_subjects(ctx.ledger, str(topic_id)),
    )
    return Response(body, media_type=media_type)


@router.post(
    "/{topic_id}/sittings",
    status_code=status.HTTP_201_CREATED,
    response_model=SittingCommandRead,
    summary="召开协商会议（现场或线上）；须已公告（WZ-5.4）",
)
def open_sitting(
    topic_id: UUID,
    body: OpenSittingBody,
    grant: Annotated[Grant, allow("topics.open_sitting")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    opened = ctx.sittings.open(
        principal,
        topic_id,
        body.mode,
        body.expected_version,
        idempotency(principal, idempotency_key, request, body),
        grant,
    )
    return SittingCommandRead.model_validate(opened)


@router.post(
    "/{topic_id}/major-decision/{stage}",
    response_model=MajorDecisionStageRead,
    summary="“五议两公开”的一个阶段：会议、到会、表决（LS-2.4.12）",
)
def major_decision_stage(
    topic_id: UUID,
    stage: StageKey,
    body: StageBody,
    grant: Annotated[Grant, allow("topics.major_decision")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> MajorDecisionStageRead:
    recorded = ctx.sittings.major_decision(
        principal,
        topic_id,
        stage,
        body.meeting,
        body.counts.model_dump() if body.counts else None,
        body.skip_reason,
        idempotency(principal, idempotency_key, request, body),
        body.content,
        grant,
    )
    return MajorDecisionStageRead.model_validate(recorded)


# each action's body model and summary, read off the command routes (the pages' forms)
ACTIONS = [
    (action, model, summary)
    for commands in (topic_actions.router, topic_steps.router, topic_local_steps.router)
    for action, (model, summary) in action_bodies(commands).items()
]
