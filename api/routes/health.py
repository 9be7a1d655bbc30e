"""健康检查 Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.access import allow
from api.deps import Ctx
from api.problems import problem

router = APIRouter(tags=["health 健康检查"])


@router.get("/health", dependencies=[allow("health")], summary="进程存活")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", dependencies=[allow("ready")], summary="数据库可达，读模型追平程度")
def ready(ctx: Ctx) -> Any:
    try:
        log_position, view_position = ctx.ledger.position(), ctx.view_position()
    except Exception as error:  # readiness must answer, whatever the database says
        return problem(503, f"database not reachable: {type(error).__name__}", headers={"Retry-After": "5"})
    return JSONResponse({"status": "ready", "log_position": log_position, "view_position": view_position,
                         "lag": log_position - view_position})
