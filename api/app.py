"""Builds the FastAPI application around an ApiContext (no globals, nothing at import)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import Lifespan

from api.access import require_access_everywhere
from api.context import ApiContext
from api.docs import install_docs
from api.integrity_marks import IntegrityMarks
from api.limits import BodyLimit
from api.openapi_problems import PROBLEM_RESPONSES, install_problem_schema
from api.problems import install_problem_handlers
from api.rate_limit import WriteRateLimit
from api.readiness import BoundedProbe
from api.replay import install_replay_handler
from api.responses import SafeJSONResponse
from api.routes import (
    access_log,
    assessment,
    audit,
    calendar,
    clock,
    health,
    integrity,
    me,
    people,
    public,
    requests,
    return_visits,
    sessions,
    sittings,
    tasks,
    topics,
    units,
)
from api.security_headers import SecurityHeaders
from api.web.app import install_web

DESCRIPTION = """
五级双向社区治理台账：区 → 街道 → 社区 → 居民小组 → 居民。
诉求自下而上逐级上报、上级交办；每一步都是不可篡改日志中的一条事件。
错误以 `application/problem+json` 返回，附规则编号（rule_id）与当前允许的操作（allowed_actions）。
"""


ROUTERS = (
    health,
    sessions,
    me,
    requests,
    return_visits,
    units,
    assessment,
    tasks,
    calendar,
    clock,
    people,
    public,
    topics,
    sittings,
    access_log,
    audit,
    integrity,
)


def build_api(ctx: ApiContext, lifespan: Lifespan[FastAPI] | None = None) -> FastAPI:
    app = FastAPI(
        title="五级双向治理台账 Governance Ledger",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        default_response_class=SafeJSONResponse,
        responses=PROBLEM_RESPONSES,
        # /docs is served offline (api/docs.py)
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.state.readiness_probe = BoundedProbe()
    install_problem_handlers(app)
    install_replay_handler(app)
    install_problem_schema(app)
    install_middleware(app, ctx)
    for module in ROUTERS:
        app.include_router(module.router, prefix="/api/v1")
    require_access_everywhere(app)
    install_docs(app)
    if ctx.signin is not None:
        install_web(app, ctx.development)
    return app


def install_middleware(app: FastAPI, ctx: ApiContext) -> None:
    app.add_middleware(BodyLimit, max_bytes=ctx.max_body_bytes)
    if ctx.write_limits is not None:
        app.add_middleware(WriteRateLimit, limits=ctx.write_limits)
    if ctx.integrity is not None:
        app.add_middleware(IntegrityMarks, watch=ctx.integrity)
    # added last: outermost, so refusals by the limits carry the headers too
    app.add_middleware(SecurityHeaders)
