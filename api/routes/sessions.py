"""登录 Sign-in for API clients: a code by SMS, then a bearer token for it."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from api.access import allow
from api.deps import Ctx
from api.one_hop import OneHopRoute
from api.routes.services import present

router = APIRouter(prefix="/sessions", tags=["sessions 登录"], route_class=OneHopRoute)


class CodeRequest(BaseModel):
    phone: str = Field(min_length=5, max_length=20, description="手机号（11位）")


class SessionCreate(CodeRequest):
    code: str = Field(min_length=1, max_length=12, description="短信验证码（6位）")


class CodeSent(BaseModel):
    sent: bool = Field(description="是否已发送")
    expires_in: int = Field(description="有效期（秒）")


class TokenRead(BaseModel):
    token: str = Field(description="访问令牌")
    token_type: str = Field("bearer", description="令牌类型")
    expires_in: int = Field(description="有效期（秒）")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(
    "/code",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=CodeSent,
    dependencies=[allow("sessions.request_code")],
    summary="获取登录验证码（短信）",
)
def request_code(body: CodeRequest, ctx: Ctx, request: Request) -> CodeSent:
    present(ctx.signin, "signin").request_code(body.phone, client_address(request))
    return CodeSent(
        sent=True, expires_in=int(present(ctx.signin, "signin").codes.rules.ttl_seconds)
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenRead,
    dependencies=[allow("sessions.create")],
    summary="以手机号与验证码换取访问令牌",
)
def create_session(body: SessionCreate, ctx: Ctx) -> TokenRead:
    token = present(ctx.signin, "signin").token_by_code(body.phone, body.code)
    return TokenRead(
        token=token, expires_in=present(ctx.signin, "signin").tokens.ttl_seconds
    )
