"""协商会议的进行 The conduct of a sitting: sign-in, the floor, speeches, statements and
the record (WZ-5.5-b, WZ-5.6, LS-2.4.5): one route each, building its typed command
(application/deliberation/sitting_commands.py) for `SittingService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.deliberation_schemas import (
    DiscussionBody,
    ExplainBody,
    FloorBody,
    MediaBody,
    SignInBody,
    SittingCommandRead,
    SpeechBody,
    StatementBody,
)
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from application.access.grants import Grant
from application.deliberation.sitting_commands import (
    AttachMedia,
    ExpertStatement,
    ExplainTopic,
    NoteDiscussion,
    RequestFloor,
    SignIn,
    Speak,
)

router = APIRouter(
    prefix="/sittings", tags=["sittings 协商会议"], route_class=OneHopRoute
)


@router.post(
    "/{sitting_id}/sign_in",
    response_model=SittingCommandRead,
    summary="签到（本人，或由记录人代为登记；可一次登记多人，人员编号或标识均可）",
)
def sign_in_sitting(
    sitting_id: UUID,
    body: SignInBody,
    grant: Annotated[Grant, allow("sittings.sign_in")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = SignIn(
        sitting_id=sitting_id,
        participant=body.participant,
        participants=tuple(body.participants) if body.participants else None,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/explain",
    response_model=SittingCommandRead,
    summary="议题提出人说明议题",
)
def explain_sitting(
    sitting_id: UUID,
    body: ExplainBody,
    grant: Annotated[Grant, allow("sittings.explain")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = ExplainTopic(
        sitting_id=sitting_id,
        summary=body.summary,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/request_floor",
    response_model=SittingCommandRead,
    summary="举手申请发言，先表明立场（WZ-5.5-b）",
)
def request_floor_sitting(
    sitting_id: UUID,
    body: FloorBody,
    grant: Annotated[Grant, allow("sittings.request_floor")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = RequestFloor(
        sitting_id=sitting_id,
        position=body.position,
        participant=body.participant,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/speak",
    response_model=SittingCommandRead,
    summary="按规则给予发言并记录时长与要点（每人至多两次）",
)
def speak_sitting(
    sitting_id: UUID,
    body: SpeechBody,
    grant: Annotated[Grant, allow("sittings.speak")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = Speak(
        sitting_id=sitting_id,
        participant=body.participant,
        seconds=body.seconds,
        summary=body.summary,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/expert_statement",
    response_model=SittingCommandRead,
    summary="专家论证与答疑",
)
def expert_statement_sitting(
    sitting_id: UUID,
    body: StatementBody,
    grant: Annotated[Grant, allow("sittings.expert_statement")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = ExpertStatement(
        sitting_id=sitting_id,
        participant=body.participant,
        summary=body.summary,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/note_discussion",
    response_model=SittingCommandRead,
    summary="记录人按问题、表现、影响、原因、解决办法、注意事项记录讨论（LS-2.4.5）",
)
def note_discussion_sitting(
    sitting_id: UUID,
    body: DiscussionBody,
    grant: Annotated[Grant, allow("sittings.note_discussion")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = NoteDiscussion(
        sitting_id=sitting_id,
        aspect=body.aspect,
        note=body.note,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )


@router.post(
    "/{sitting_id}/attach_media",
    response_model=SittingCommandRead,
    summary="登记会议记录的书面、录像或直播的档案编号或地址（WZ-5.6-d）",
)
def attach_media_sitting(
    sitting_id: UUID,
    body: MediaBody,
    grant: Annotated[Grant, allow("sittings.attach_media")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    command = AttachMedia(
        sitting_id=sitting_id,
        kind=body.kind,
        reference=body.reference,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return SittingCommandRead.model_validate(
        ctx.sittings.handle(principal, command, key, grant)
    )
