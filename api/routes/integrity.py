"""完整性 The online self-audit's verdict: alerts for supervision, and what readiness adds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.access import allow
from api.context import ApiContext
from api.deps import Ctx

router = APIRouter(prefix="/audit", tags=["audit 审计"])


@router.get(
    "/alerts",
    dependencies=[allow("audit.alerts")],
    summary="自检告警：存储的事件与已封存的日志不一致（篡改、删除）",
)
def alerts(
    ctx: Ctx,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    resolved: Annotated[bool, Query(description="也列出已恢复的告警")] = True,
) -> dict[str, Any]:
    if ctx.integrity is None:
        return {"status": "unchecked", "open": 0, "self_audit": None, "items": []}
    return ctx.integrity.alerts(limit, resolved)


def audit_readiness(ctx: ApiContext, log_position: int) -> dict[str, Any]:
    """Readiness fields of the audit log: sealing lag and the self-audit's last run and verdict."""
    if ctx.integrity is None or ctx.sealed_position is None:
        return {}
    sealed, status = ctx.sealed_position(), ctx.integrity.status()
    state = status.state or {}
    return {
        "sealed_position": sealed,
        "sealing_lag": max(0, log_position - sealed),
        "integrity": status.label,
        "self_audit": {
            "last_run_at": state.get("last_run_at"),
            "last_pass_completed_at": state.get("last_pass_completed_at"),
            "walk_next_leaf": state.get("next_leaf"),
            "newest_checked_leaf": state.get("newest_checked"),
            "passes": state.get("passes"),
            "open_findings": status.open_findings,
        },
    }
