"""完整性 The online self-audit's verdict: alerts for supervision (readiness: infra/readiness.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import allow
from api.deps import Ctx
from api.one_hop import OneHopRoute
from api.reads.audit import AlertsRead
from api.strict import WholeNumber

router = APIRouter(prefix="/audit", tags=["audit 审计"], route_class=OneHopRoute)


@router.get(
    "/alerts",
    response_model=AlertsRead,
    dependencies=[allow("audit.alerts")],
    summary="自检告警：存储的事件与已封存的日志不一致（篡改、删除）",
)
def alerts(
    ctx: Ctx,
    limit: Annotated[WholeNumber, Query(ge=1, le=200)] = 100,
    resolved: Annotated[bool, Query(description="也列出已恢复的告警")] = True,
) -> AlertsRead:
    if ctx.integrity is None:
        return AlertsRead(status="unchecked", open=0, self_audit=None, items=[])
    return AlertsRead.model_validate(ctx.integrity.alerts(limit, resolved))
