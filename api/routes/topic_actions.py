"""协商议题的会前命令 The commands on a topic before it sits (WZ-5.1-c … WZ-5.6-f): one
route each, building its typed command (application/deliberation/topic_commands.py) for
`DeliberationService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.deliberation_schemas import (
    AnnounceBody,
    ChannelBody,
    ConsultBody,
    PlanBody,
    RegisterBody,
    ReviewBody,
    RulesBody,
    TopicCommandRead,
)
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from application.access.grants import Grant
from application.deliberation.topic_commands import (
    AnnounceTopic,
    CheckAnswer,
    ConsultResidents,
    DraftRules,
    NotifyProposer,
    PlanTopic,
    RegisterTopic,
    ReviewTopic,
)

router = APIRouter(prefix="/topics", tags=["topics 协商议题"], route_class=OneHopRoute)


@router.post(
    "/{topic_id}/register",
    response_model=TopicCommandRead,
    summary="登记议题并分类（WZ-5.1-c、SX-T1）",
)
def register_topic(
    topic_id: UUID,
    body: RegisterBody,
    grant: Annotated[Grant, allow("topics.register")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = RegisterTopic(
        topic_id=topic_id,
        number=body.number,
        topic_class=body.topic_class,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/review",
    response_model=TopicCommandRead,
    summary="两委联席会议审核：三项要点、六必议五不议、确定召集人记录人指导人（WZ-5.2）",
)
def review_topic(
    topic_id: UUID,
    body: ReviewBody,
    grant: Annotated[Grant, allow("topics.review")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ReviewTopic(
        topic_id=topic_id,
        meeting=body.meeting,
        attendees=body.attendees,
        checks=[
            CheckAnswer(check=c.check, passed=c.passed, reason=c.reason)
            for c in body.checks
        ],
        must=body.must,
        must_not=body.must_not,
        convenor=body.convenor,
        recorder=body.recorder,
        guide=body.guide,
        topic_class=body.topic_class,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/notify_proposer",
    response_model=TopicCommandRead,
    summary="告知提出人审核结果（WZ-5.2-c）",
)
def notify_proposer_topic(
    topic_id: UUID,
    body: ChannelBody,
    grant: Annotated[Grant, allow("topics.notify_proposer")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = NotifyProposer(
        topic_id=topic_id,
        channel=body.channel,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/plan",
    response_model=TopicCommandRead,
    summary="确定协商事宜：时间、地点、形式、参与人员、主持人（WZ-5.3）",
)
def plan_topic(
    topic_id: UUID,
    body: PlanBody,
    grant: Annotated[Grant, allow("topics.plan")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = PlanTopic(
        topic_id=topic_id,
        when=body.when,
        place=body.place,
        form=body.form,
        host=body.host,
        participants=body.participants,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/draft_rules",
    response_model=TopicCommandRead,
    summary="拟订议事规则草案（WZ-5.5）",
)
def draft_rules_topic(
    topic_id: UUID,
    body: RulesBody,
    grant: Annotated[Grant, allow("topics.draft_rules")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = DraftRules(
        topic_id=topic_id,
        speech_minutes=body.speech_minutes,
        speeches_per_person=body.speeches_per_person,
        passing=body.passing.passing() if body.passing else None,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/announce",
    response_model=TopicCommandRead,
    summary="公告协商事宜，附审核表（WZ-5.4）",
)
def announce_topic(
    topic_id: UUID,
    body: AnnounceBody,
    grant: Annotated[Grant, allow("topics.announce")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = AnnounceTopic(
        topic_id=topic_id,
        channels=body.channels,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )


@router.post(
    "/{topic_id}/consult",
    response_model=TopicCommandRead,
    summary="会前入户走访、书面征求意见，或会后回访、跟踪（WZ-5.6-f）",
)
def consult_topic(
    topic_id: UUID,
    body: ConsultBody,
    grant: Annotated[Grant, allow("topics.consult")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    command = ConsultResidents(
        topic_id=topic_id,
        phase=body.phase,
        form=body.form,
        summary=body.summary,
        households=body.households,
        people=body.people,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return TopicCommandRead.model_validate(
        ctx.deliberation.handle(principal, command, key, grant)
    )
