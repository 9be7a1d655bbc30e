"""One endpoint factory for every `POST /<things>/{id}/<action>` command.

Each command route takes the item's id from the path, a versioned body, the
caller and an optional Idempotency-Key, and hands them to one service method.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api.access import allow
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency

# (ctx, principal, item id, action, params, expected_version, idempotency key) -> answer
Call = Callable[..., dict[str, Any]]


def add_command_route(
    router: APIRouter,
    *,
    operation: str,
    id_name: str,
    id_type: Any,
    action: str,
    body_model: type[BaseModel],
    summary: str,
    response_model: type[BaseModel] | None,
    call: Call,
) -> None:
    def endpoint(**kwargs: Any) -> dict[str, Any]:
        body, principal, ctx = kwargs["body"], kwargs["principal"], kwargs["ctx"]
        params = body.model_dump(exclude={"expected_version"})
        key = idempotency(principal, kwargs["idempotency_key"], kwargs["request"], body)
        return call(
            ctx,
            principal,
            kwargs[id_name],
            action,
            params,
            getattr(body, "expected_version", None),
            key,
        )

    keyword = inspect.Parameter.KEYWORD_ONLY
    # FastAPI reads the parameters from the signature set here (mypy knows no such attribute)
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(id_name, keyword, annotation=id_type),
            inspect.Parameter("body", keyword, annotation=body_model),
            inspect.Parameter("principal", keyword, annotation=CurrentPrincipal),
            inspect.Parameter("ctx", keyword, annotation=Ctx),
            inspect.Parameter("request", keyword, annotation=Request),
            inspect.Parameter(
                "idempotency_key", keyword, annotation=IdempotencyHeader, default=None
            ),
        ]
    )
    endpoint.__name__ = f"{action}_{id_name.removesuffix('_id')}"
    router.add_api_route(
        f"/{{{id_name}}}/{action}",
        endpoint,
        methods=["POST"],
        response_model=response_model,
        summary=summary,
        dependencies=[allow(operation)],
    )
