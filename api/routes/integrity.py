"""完整性 The online self-audit's verdict: alerts for supervision (readiness: infra/readiness.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import Ctx
from api.strict import WholeNumber

router = APIRouter(prefix="/audit", tags=["audit 审计"])


@router.get(
    "/alerts",
    dependencies=[allow("audit.alerts")],
    summary="自检告警：存储的事件与已封存的日志不一致（篡改、删除）",
)
def alerts(
    ctx: Ctx,
    limit: Annotated[WholeNumber, Query(ge=1, le=200)] = 100,
    resolved: Annotated[bool, Query(description="也列出已恢复的告警")] = True,
) -> dict[str, Any]:
    if ctx.integrity is None:
        return {"status": "unchecked", "open": 0, "self_audit": None, "items": []}
    return ctx.integrity.alerts(limit, resolved)
