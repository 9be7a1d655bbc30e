"""Builds the FastAPI application around an ApiContext (no globals, nothing at import)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from api.context import ApiContext
from api.problems import install_problem_handlers, problem
from api.routes import calendar, health, me, requests, tasks, units

DESCRIPTION = """
五级双向社区治理台账：区 → 街道 → 社区 → 居民小组 → 居民。
诉求自下而上逐级上报、上级交办；每一步都是不可篡改日志中的一条事件。
错误以 `application/problem+json` 返回，附规则编号（rule_id）与当前允许的操作（allowed_actions）。
"""


def build_api(ctx: ApiContext, lifespan=None) -> FastAPI:
    app = FastAPI(title="五级双向治理台账 Governance Ledger", version="0.1.0", description=DESCRIPTION,
                  lifespan=lifespan)
    app.state.ctx = ctx
    install_problem_handlers(app)
    app.middleware("http")(_limit_body(ctx.max_body_bytes))
    for module in (health, me, requests, units, tasks, calendar):
        app.include_router(module.router, prefix="/api/v1")
    return app


def _limit_body(max_bytes: int) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def limit(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            return problem(413, f"request body larger than {max_bytes} bytes")
        if length is None and request.method in ("POST", "PUT", "PATCH") and len(await request.body()) > max_bytes:
            return problem(413, f"request body larger than {max_bytes} bytes")
        return await call_next(request)
    return limit
