"""健康检查 Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.access import allow
from api.deps import Ctx
from api.one_hop import OneHopRoute
from api.problems import problem
from api.readiness import BoundedProbe, ProbeTimeout
from api.reads.health import HealthRead, ReadyRead
from application.readiness import Readiness

router = APIRouter(tags=["health 健康检查"], route_class=OneHopRoute)
RETRY_AFTER = {"Retry-After": "2"}


@router.get(
    "/health",
    response_model=HealthRead,
    dependencies=[allow("health")],
    summary="进程存活",
)
def health() -> HealthRead:
    return HealthRead(status="ok")


@router.get(
    "/ready",
    response_model=ReadyRead,
    dependencies=[allow("ready")],
    summary="数据库可达，投影与封存进程在运行，滞后在界限内，自检结论",
)
async def ready(request: Request, ctx: Ctx) -> Response:
    """Answers within a second, also while the database is down (api/readiness.py)."""
    readiness = ctx.readiness or Readiness(measures=[lambda: _positions(ctx)])
    probe: BoundedProbe = request.app.state.readiness_probe
    try:
        state, problems = await probe.run(readiness.report)
    except ProbeTimeout as error:
        return problem(503, f"数据库无响应：{error}", headers=dict(RETRY_AFTER))
    except Exception as error:  # noqa: BLE001 - readiness answers whatever the database says
        return problem(
            503, f"数据库不可达：{type(error).__name__}", headers=dict(RETRY_AFTER)
        )
    if problems:
        detail = "未就绪 not ready: " + "; ".join(p["detail"] for p in problems)
        return problem(
            503, detail, headers=dict(RETRY_AFTER), problems=problems, **state
        )
    # a standing self-audit finding: still serving reads, marked (docs/audit.md §10)
    status = "tampered" if state.get("integrity") == "tampered" else "ready"
    return JSONResponse({**state, "status": status})


def _positions(ctx: Ctx) -> dict[str, int]:
    log_position, view_position = ctx.ledger.position(), ctx.view_position()
    return {
        "log_position": log_position,
        "view_position": view_position,
        "lag": log_position - view_position,
    }
