"""协商会议的表决与结果 The votes of a sitting and its outcome (WZ-5.5-a, WZ-5.5-d, WZ-5.6-b,
WZ-5.6-c): one route each, building its typed command (application/deliberation/sitting_commands.py)
for `SittingService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.deliberation_schemas import (
    CastBody,
    CountsBody,
    ItemBody,
    RulesBody,
    SettleBody,
    SittingCommandRead,
    VoteBody,
)
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import Versioned
from application.access.grants import Grant
from application.deliberation.sitting_commands import (
    CastBallot,
    CloseVote,
    CloseWithoutResult,
    OpenVote,
    RecordCounts,
    RedraftRules,
    SettleSitting,
)

router = APIRouter(
    prefix="/sittings", tags=["sittings 协商会议"], route_class=OneHopRoute
)


@router.post(
    "/{sitting_id}/open_vote",
    response_model=SittingCommandRead,
    summary="发起表决：先表决议事规则（item=rules，WZ-5.6-b），再逐项表决",
)
def open_vote_sitting(
    sitting_id: UUID,
    body: VoteBody,
    grant: Annotated[Grant, allow("sittings.open_vote")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = OpenVote(
        sitting_id=sitting_id,
        item=body.item,
        text=body.text,
        amends=body.amends,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/cast",
    response_model=SittingCommandRead,
    summary="线上表决：本人投票（赞成、反对、弃权），每人一次（WZ-5.5-d）",
)
def cast_sitting(
    sitting_id: UUID,
    body: CastBody,
    grant: Annotated[Grant, allow("sittings.cast")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = CastBallot(
        sitting_id=sitting_id,
        item=body.item,
        choice=body.choice,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/record_counts",
    response_model=SittingCommandRead,
    summary="现场表决：记录人录入票数",
)
def record_counts_sitting(
    sitting_id: UUID,
    body: CountsBody,
    grant: Annotated[Grant, allow("sittings.record_counts")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = RecordCounts(
        sitting_id=sitting_id,
        item=body.item,
        yes=body.yes,
        no=body.no,
        abstain=body.abstain,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/close_vote",
    response_model=SittingCommandRead,
    summary="结束表决并封存结果",
)
def close_vote_sitting(
    sitting_id: UUID,
    body: ItemBody,
    grant: Annotated[Grant, allow("sittings.close_vote")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = CloseVote(
        sitting_id=sitting_id,
        item=body.item,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/settle",
    response_model=SittingCommandRead,
    summary="宣布协商结果：达成一致（附落实意见）、终止、再次协商或转入“五议两公开”（WZ-5.6-c）",
)
def settle_sitting(
    sitting_id: UUID,
    body: SettleBody,
    grant: Annotated[Grant, allow("sittings.settle")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = SettleSitting(
        sitting_id=sitting_id,
        implementation_plan=body.implementation_plan,
        major_decision=body.major_decision,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/redraft_rules",
    response_model=SittingCommandRead,
    summary="议事规则草案未获通过：重新拟订后再次表决（WZ-5.5-a）",
)
def redraft_rules_sitting(
    sitting_id: UUID,
    body: RulesBody,
    grant: Annotated[Grant, allow("sittings.redraft_rules")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = RedraftRules(
        sitting_id=sitting_id,
        speech_minutes=body.speech_minutes,
        speeches_per_person=body.speeches_per_person,
        passing=body.passing.passing() if body.passing else None,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/close_without_result",
    response_model=SittingCommandRead,
    summary="议事规则草案未获通过：本次会议不形成结果而结束，议题重新确定协商事宜（WZ-5.6-b）",
)
def close_without_result_sitting(
    sitting_id: UUID,
    body: Versioned,
    grant: Annotated[Grant, allow("sittings.close_without_result")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = CloseWithoutResult(
        sitting_id=sitting_id,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )
