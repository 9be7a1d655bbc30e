"""Reads; plain values out. Who may read what is checked by the API against the access matrix."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from application.ledger import Ledger
from application.principals import Principal
from application.tasks.queries import TaskQueryService, overdue_request
from domain.errors import UnknownRequest
from domain.levels import DUTIES, VENUES, Level


class ReadModel(Protocol):
    def inbox(
        self,
        unit: str,
        statuses: list[str],
        categories: list[str],
        after: int,
        limit: int,
    ) -> list[dict[str, Any]]: ...
    def inbox_counts(self, unit: str) -> dict[str, int]: ...
    def resident_requests(
        self, resident_id: str, after: int, limit: int
    ) -> list[dict[str, Any]]: ...
    def request(self, request_id: str) -> dict[str, Any] | None: ...
    def timeline(self, request_id: str) -> list[dict[str, Any]]: ...
    def visits(self, request_id: str) -> list[dict[str, Any]]: ...
    def units(self) -> list[dict[str, Any]]: ...
    def stats(self, unit: str, subtree: list[str]) -> dict[str, Any]: ...
    def position(self) -> int: ...


class QueryService:
    def __init__(self, ledger: Ledger, view: ReadModel, tasks: TaskQueryService):
        self.ledger, self.view, self.tasks = ledger, view, tasks

    def inbox(
        self,
        unit: str,
        statuses: list[str],
        categories: list[str],
        after: int,
        limit: int,
    ) -> dict[str, Any]:
        """Requests waiting for the unit, oldest arrival first, and its open task items."""
        items = self.view.inbox(unit, statuses, categories, after, limit + 1)
        page, more, now = items[:limit], len(items) > limit, self.tasks.clock()
        return {
            "unit": unit,
            "items": [{**row, "overdue": overdue_request(row, now)} for row in page],
            "counts": self.view.inbox_counts(unit),
            "tasks": self.tasks.unit_tasks(unit),
            "next_cursor": page[-1]["arrived_position"] if more else None,
        }

    def my_requests(
        self, principal: Principal, after: int, limit: int
    ) -> dict[str, Any]:
        items = self.view.resident_requests(principal.person_id, after, limit + 1)
        page, more = items[:limit], len(items) > limit
        return {
            "items": page,
            "next_cursor": page[-1]["raised_position"] if more else None,
        }

    def request(self, request_id: str) -> dict[str, Any]:
        row = self._request_row(request_id)
        visits = self.view.visits(request_id)
        aggregate = self.ledger.request(request_id)
        return {
            **row,
            "allowed_actions": aggregate.allowed_actions(),
            "levels": time_at_levels(visits),
            "timeline": self.view.timeline(request_id),
        }

    def request_reach(self, request_id: str) -> tuple[str, list[str]]:
        """Whose request it is and every unit it passed through: who may read it (BZ-D3)."""
        row = self._request_row(request_id)
        return row["resident_id"], [
            visit["unit"] for visit in self.view.visits(request_id)
        ]

    def _request_row(self, request_id: str) -> dict[str, Any]:
        row = self.view.request(request_id)
        if row is None:
            raise UnknownRequest(
                f"unknown request {request_id}",
                zh=f"找不到诉求 {request_id}：请核对编号",
            )
        return row

    def stats(self, unit: str) -> dict[str, Any]:
        return {
            "unit": unit,
            **self.view.stats(unit, self.ledger.registry().subtree(unit)),
        }

    def units(self) -> list[dict[str, Any]]:
        """Every unit with its level's duties (BZ-L2) and venue (BZ-L3)."""
        return [
            {
                **row,
                "duties": list(DUTIES[Level(row["level"])]),
                "venue": VENUES[Level(row["level"])],
            }
            for row in self.view.units()
        ]


def time_at_levels(
    visits: list[dict[str, Any]], now: datetime | None = None
) -> list[dict[str, Any]]:
    """Each stay at a unit with its duration; an open stay runs until now."""
    now = now or datetime.now(UTC)
    stays = []
    for visit in visits:
        left = datetime.fromisoformat(visit["left_at"]) if visit["left_at"] else now
        seconds = (left - datetime.fromisoformat(visit["arrived_at"])).total_seconds()
        stays.append(
            {**visit, "seconds": round(seconds, 3), "open": visit["left_at"] is None}
        )
    return stays
