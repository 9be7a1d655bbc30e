"""Builds the FastAPI application around an ApiContext (no globals, nothing at import)."""

from __future__ import annotations

from fastapi import FastAPI

from api.access import require_access_everywhere
from api.context import ApiContext
from api.limits import BodyLimit
from api.problems import install_problem_handlers
from api.routes import (access_log, audit, calendar, health, me, people, public, requests, sittings, tasks, topics,
                        units)

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
    app.add_middleware(BodyLimit, max_bytes=ctx.max_body_bytes)
    for module in (health, me, requests, units, tasks, calendar, people, public, topics, sittings, access_log, audit):
        app.include_router(module.router, prefix="/api/v1")
    require_access_everywhere(app)
    return app
