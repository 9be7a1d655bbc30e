"""Annotated dependencies: the context, the caller, idempotency and read-your-writes."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api.context import ApiContext
from api.problems import NotReady
from api.strict import WholeNumber
from application.ledger import IdempotencyKey
from application.principals import Principal
from domain.errors import InvalidValue

MAX_POSITION = 2**62  # within a signed 64-bit column on every backend
_bearer = HTTPBearer(
    auto_error=False, description="`gov token PERSON_REF` prints one for the demo"
)


async def get_ctx(request: Request) -> ApiContext:
    return request.app.state.ctx


Ctx = Annotated[ApiContext, Depends(get_ctx)]


def get_principal(
    ctx: Ctx,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    return ctx.authentication.principal(
        credentials.credentials if credentials else None
    )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
IDEMPOTENCY_KEY = r"^[\x21-\x7e]{1,128}$"
IdempotencyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=IDEMPOTENCY_KEY,
        description="重试同一命令时使用同一键：返回第一次的结果，不重复写入",
    ),
]
MinPosition = Annotated[
    WholeNumber | None,
    Query(
        ge=0,
        le=MAX_POSITION,
        description="读己之写：至少看到该日志位置（命令响应中的 position）",
    ),
]
AsOf = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=40,
        description="回放：截至某日志位置（整数）或时间（ISO 8601）时的视图",
    ),
]
Cursor = Annotated[
    WholeNumber, Query(ge=0, le=MAX_POSITION, description="上一页返回的 next_cursor")
]
Limit = Annotated[WholeNumber, Query(ge=1, le=200, description="每页条数（最多200）")]


def idempotency(
    principal: Principal, key: str | None, request: Request, body: BaseModel | None
) -> IdempotencyKey | None:
    """The key scoped to the caller, with a fingerprint of the command it was first used for."""
    if key is None:
        return None
    fingerprint = command_fingerprint(request.method, request.url.path, body)
    return IdempotencyKey(principal.person_id, key, fingerprint)


def command_fingerprint(method: str, path: str, body: BaseModel | None) -> str:
    """What makes a retry the same command: method, path and the body as validated."""
    dumped = body.model_dump(mode="json") if body else None
    command = {"method": method, "path": path, "body": dumped}
    return hashlib.sha256(json.dumps(command, sort_keys=True).encode()).hexdigest()


def see_position(ctx: ApiContext, min_position: int | None) -> None:
    """Wait (bounded) until the read model has applied `min_position`."""
    if min_position is None:
        return
    if min_position > ctx.ledger.position():
        raise InvalidValue(
            "min_position is ahead of the log",
            rule_id="READ-YOUR-WRITES",
            allowed=["use the position a command returned"],
            zh="min_position 超出了日志范围：请使用命令返回的日志位置",
        )
    if not ctx.wait_for(min_position, ctx.read_wait_seconds):
        raise NotReady(
            f"the views have not reached position {min_position} yet; retry shortly"
        )
