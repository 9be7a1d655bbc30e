"""健康检查 Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.access import allow
from api.deps import Ctx
from api.problems import problem
from api.readiness import BoundedProbe, ProbeTimeout
from api.routes.integrity import audit_readiness

router = APIRouter(tags=["health 健康检查"])


@router.get("/health", dependencies=[allow("health")], summary="进程存活")
def health() -> dict[str, str]:
    return {"status": "ok"}


def readiness_facts(ctx: Ctx) -> dict[str, Any]:
    """Everything readiness reads from the databases, run inside the bounded probe."""
    log_position, view_position = ctx.ledger.position(), ctx.view_position()
    body: dict[str, Any] = {
        "status": "ready",
        "log_position": log_position,
        "view_position": view_position,
        "lag": log_position - view_position,
        "projection_lag": log_position - view_position,
    }
    body.update(audit_readiness(ctx, log_position))
    if body.get("integrity") == "tampered":  # still serving reads, marked (docs/audit.md)
        body["status"] = "tampered"
    return body


@router.get("/ready", dependencies=[allow("ready")], summary="数据库可达，读模型追平程度")
async def ready(request: Request, ctx: Ctx) -> Any:
    """Answers within a second, also while the database is down (api/readiness.py)."""
    probe: BoundedProbe = request.app.state.readiness_probe
    try:
        body = await probe.run(lambda: readiness_facts(ctx))
    except ProbeTimeout as error:
        return problem(503, f"数据库无响应：{error}", headers={"Retry-After": "5"})
    except Exception as error:  # readiness must answer, whatever the database says
        return problem(
            503,
            f"数据库不可达：{type(error).__name__}",
            headers={"Retry-After": "5"},
        )
    return JSONResponse(body)
