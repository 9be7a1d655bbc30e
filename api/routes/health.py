"""健康检查 Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.access import allow
from api.deps import Ctx
from api.problems import problem
from api.routes.integrity import audit_readiness

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
    body = {"status": "ready", "log_position": log_position, "view_position": view_position,
            "lag": log_position - view_position, "projection_lag": log_position - view_position}
    try:
        body.update(audit_readiness(ctx, log_position))
    except Exception as error:  # the audit tables unreachable: say so, still answer
        return problem(503, f"audit log not reachable: {type(error).__name__}", headers={"Retry-After": "5"})
    if body.get("integrity") == "tampered":  # still serving reads, marked; see docs/audit.md
        body["status"] = "tampered"
    return JSONResponse(body)
