"""健康检查 Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.access import allow
from api.deps import Ctx
from api.problems import problem
from application.readiness import Readiness

router = APIRouter(tags=["health 健康检查"])
RETRY_AFTER = {"Retry-After": "2"}


@router.get("/health", dependencies=[allow("health")], summary="进程存活")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/ready",
    dependencies=[allow("ready")],
    summary="数据库可达，投影与封存进程在运行，滞后在界限内",
)
def ready(ctx: Ctx) -> Any:
    readiness = ctx.readiness or Readiness(measures=[lambda: _positions(ctx)])
    try:
        state, problems = readiness.report()
    except Exception as error:  # noqa: BLE001 - readiness answers whatever the database says
        return problem(
            503,
            f"database not reachable: {type(error).__name__}",
            headers={"Retry-After": "5"},
        )
    if problems:
        detail = "not ready: " + "; ".join(p["detail"] for p in problems)
        return problem(
            503, detail, headers=dict(RETRY_AFTER), problems=problems, **state
        )
    return JSONResponse({"status": "ready", **state})


def _positions(ctx: Ctx) -> dict[str, int]:
    log_position, view_position = ctx.ledger.position(), ctx.view_position()
    return {
        "log_position": log_position,
        "view_position": view_position,
        "lag": log_position - view_position,
    }
