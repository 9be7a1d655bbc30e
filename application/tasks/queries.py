"""Reads of top-down work: roll-up (BZ-D2), a unit's task items, a resident's notices."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any, Protocol

from application.calendar.deadlines import Clock, china_iso
from application.ledger import Ledger
from application.principals import Principal
from domain.errors import UnknownTask

OPEN = ("received", "acknowledged", "delegated")


class TaskReadModel(Protocol):
    def unit_tasks(self, unit: str) -> list[dict[str, Any]]: ...
    def resident_notices(self, resident_id: str) -> list[dict[str, Any]]: ...
    def issued_by(self, unit: str, limit: int) -> list[dict[str, Any]]: ...
    def task(self, task_id: str) -> dict[str, Any] | None: ...
    def assignments_under(
        self, task_id: str, holder: str | None
    ) -> list[dict[str, Any]]: ...


def is_done(row: dict[str, Any]) -> bool:
    status: str = row["status"]
    if row["level"] == "resident":
        return status == "acknowledged" or (
            status == "received" and not row.get("acknowledge_required", 1)
        )
    return status == "completed"


def is_late(row: dict[str, Any], now: str) -> bool:
    """Open, not done, and past its current deadline (an extension makes it on time again)."""
    return row["status"] in OPEN and not is_done(row) and row["deadline"] < now


def roll_up(rows: list[dict[str, Any]], now: str) -> dict[str, Any]:
    """Leaves are assignments not delegated further; the share complete counts leaves done."""
    leaves = [r for r in rows if r["status"] not in ("delegated", "cancelled")]
    done = sum(1 for r in leaves if is_done(r))
    return {
        "assignments": len(rows),
        "by_status": dict(Counter(r["status"] for r in rows)),
        "leaves": len(leaves),
        "leaves_done": done,
        "share_complete": f"{done}/{len(leaves)}" if leaves else "0/0",
        "late": sorted(r["holder"] for r in rows if is_late(r, now)),
        "returned": sorted(r["holder"] for r in rows if r["status"] == "returned"),
    }


def with_overdue(rows: list[dict[str, Any]], now: str) -> list[dict[str, Any]]:
    return [{**row, "overdue": is_late(row, now)} for row in rows]


class TaskQueryService:
    def __init__(self, ledger: Ledger, view: TaskReadModel, clock: Clock):
        self.ledger, self.view, self.clock = ledger, view, clock

    def now(self) -> str:
        return china_iso(self.clock())

    def unit_tasks(self, unit: str) -> list[dict[str, Any]]:
        return with_overdue(self.view.unit_tasks(unit), self.now())

    def issued(self, unit: str, limit: int = 50) -> list[dict[str, Any]]:
        """The tasks the unit issued, the newest first (the doors to their roll-ups)."""
        return self.view.issued_by(unit, limit)

    def notices(
        self, principal: Principal, skip: int = 0, limit: int | None = None
    ) -> list[dict[str, Any]]:
        rows = self.view.resident_notices(principal.person_id)
        return with_overdue(
            rows[skip : None if limit is None else skip + limit], self.now()
        )

    def rollup(
        self, task_id: str, unit: str | None, skip: int = 0, limit: int | None = None
    ) -> dict[str, Any]:
        """The state of every assignment below `unit` (the issuer's whole task by default)."""
        task = self.view.task(task_id)
        if task is None:
            raise UnknownTask(
                f"unknown task {task_id}", zh=f"找不到工作任务 {task_id}：请核对编号"
            )
        viewpoint = unit or task["issuer_unit"]
        rows = self.view.assignments_under(
            task_id, None if viewpoint == task["issuer_unit"] else viewpoint
        )
        below = [r for r in rows if not r["path"].endswith(f"/{viewpoint}/")]
        now, end = self.now(), None if limit is None else skip + limit
        return {
            "task": task,
            "unit": viewpoint,
            **roll_up(below, now),
            "items": with_overdue(below[skip:end], now),
            "next_cursor": end if end is not None and end < len(below) else None,
        }


def overdue_request(row: dict[str, Any], now: datetime) -> bool:
    """A waiting request past any running deadline (accept counts until accepted)."""
    stamp = china_iso(now)
    dues = [row.get("resolve_due"), row.get("overall_due")]
    if row["status"] != "accepted":
        dues.append(row.get("accept_due"))
    return row["status"] in ("new", "accepted", "delegated", "reopened") and any(
        d and d < stamp for d in dues
    )
