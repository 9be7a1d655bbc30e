"""人员 People: erasure of a person's personal data on a lawful request, and revoking their tokens
(administrators)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.access import allow
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.people_schemas import ErasureCreate, ErasureRead, PersonRef
from api.schemas_security import RevokeTokensBody, TokensRevokedRead
from application.registry.service import administrator
from domain.people import person_id_for

router = APIRouter(prefix="/people", tags=["people 人员"], route_class=OneHopRoute)


@router.post(
    "/{ref}/erase",
    response_model=ErasureRead,
    dependencies=[allow("people.erase")],
    summary="删除个人信息（管理员；PIPL第47条）：销毁其密钥，其个人字段此后处处显示为已删除",
)
def erase(
    ref: PersonRef,
    body: ErasureCreate,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> ErasureRead:
    erased = ctx.erasure.erase(
        principal,
        person_id_for(ref),
        body.basis,
        body.reference,
        idempotency(principal, idempotency_key, request, body),
    )
    return ErasureRead.model_validate(erased)


@router.post(
    "/{ref}/revoke_tokens",
    response_model=TokensRevokedRead,
    dependencies=[allow("people.revoke_tokens")],
    summary="撤销某人此前签发的全部令牌（管理员）；此后签发的新令牌照常有效",
)
def revoke_tokens(
    ref: PersonRef,
    body: RevokeTokensBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TokensRevokedRead:
    actor = administrator(principal)
    revoked = ctx.authentication.revoke(
        actor, ref, body.reason, idempotency(principal, idempotency_key, request, body)
    )
    return TokensRevokedRead.model_validate(revoked)
