"""The read model's queries, written once over a backend's `fetch` and `apply`.

Each backend (SQLite, PostgreSQL) supplies a tracking recorder that writes a
batch of statements and the tracking position in one transaction, so an event
is applied exactly once even across crashes and restarts.
"""

from __future__ import annotations

import json
import statistics
import time
from abc import abstractmethod
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from eventsourcing.persistence import Tracking, TrackingRecorder

from application.privacy.view_values import ViewValues
from domain.personal import ERASED
from projections.dispatch import personal_fields_of
from projections.inbox_counts import COUNTS_SQL
from projections.rating_sources import latest_ratings, rating_split
from projections.schema import Statement, in_list
from projections.task_queries import TaskQueries
from projections.topic_queries import TopicQueries

APP_NAME = "ledger"
STREAM_CHUNK = 5000  # rows fetched at a time by `stream`
WAITING = ["new", "accepted", "delegated", "reopened"]
INBOX_COLUMNS = (
    "r.request_id, r.status, r.category, r.channel, r.title, r.origin_group, r.holding_unit, r.resident_id, "
    "p.name AS resident_name, r.raised_at, r.raised_position, r.arrived_at, r.arrived_position, r.arrived_by, r.version, "
    "r.accept_due, r.resolve_due, r.overall_due, r.provisional, r.open_urges"
)


class GovView(TaskQueries, TopicQueries, TrackingRecorder):
    """Query side shared by both backends."""

    datastore: Any  # the backend's, set by its tracking recorder

    # Seals personal values on write, opens them on read (a key ring is set by the wiring).
    values = ViewValues()

    @abstractmethod
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...

    @abstractmethod
    def stream(self, sql: str, params: dict[str, Any]) -> Iterator[tuple]: ...

    @abstractmethod
    def apply_batch(self, batch: list[tuple[list[Statement], Tracking]]) -> None: ...

    @abstractmethod
    def max_tracking_id(self, application_name: str) -> int | None: ...

    def apply(self, statements: list[Statement], tracking: Tracking) -> None:
        self.apply_batch([(statements, tracking)])

    def position(self) -> int:
        return self.max_tracking_id(APP_NAME) or 0

    def wait_for(self, position: int, timeout: float) -> bool:
        """Poll briefly (5 ms, doubling to 100 ms) until the view reached `position`."""
        deadline, pause = time.monotonic() + timeout, 0.005
        while self.position() < position:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
        return True

    # ---- inboxes -------------------------------------------------------
    def inbox(
        self,
        unit: str,
        statuses: list[str],
        categories: list[str],
        after: int,
        limit: int,
    ) -> list[dict]:
        status_sql, status_params = in_list("s", statuses or WAITING)
        sql = (
            f"SELECT {INBOX_COLUMNS} FROM gov_requests r LEFT JOIN gov_people p ON p.person_id = r.resident_id "
            f"WHERE r.holding_unit = :unit AND r.status IN {status_sql} AND r.arrived_position > :after"
        )
        params = {"unit": unit, "after": after, "limit": limit, **status_params}
        if categories:
            cat_sql, cat_params = in_list("c", categories)
            sql, params = f"{sql} AND r.category IN {cat_sql}", {**params, **cat_params}
        return self.fetch(f"{sql} ORDER BY r.arrived_position LIMIT :limit", params)

    def inbox_counts(self, unit: str) -> dict[str, int]:
        rows = self.fetch(COUNTS_SQL, {"unit": unit})  # kept by the projection
        return {row["status"]: row["n"] for row in rows}

    def resident_requests(self, resident_id: str, after: int, limit: int) -> list[dict]:
        return self.fetch(
            f"SELECT {INBOX_COLUMNS} FROM gov_requests r LEFT JOIN gov_people p "
            "ON p.person_id = r.resident_id WHERE r.resident_id = :rid AND r.raised_position > :after "
            "ORDER BY r.raised_position LIMIT :limit",
            {"rid": resident_id, "after": after, "limit": limit},
        )

    # ---- one request ---------------------------------------------------
    def request(self, request_id: str) -> dict | None:
        rows = self.fetch(
            f"SELECT {INBOX_COLUMNS}, r.resolved_by, r.resolved_at, r.rating, r.updated_at "
            "FROM gov_requests r LEFT JOIN gov_people p ON p.person_id = r.resident_id "
            "WHERE r.request_id = :rid",
            {"rid": request_id},
        )
        return rows[0] if rows else None

    def timeline(self, request_id: str) -> list[dict]:
        rows = self.fetch(
            "SELECT position, version, event_type, actor_id, actor_role, actor_unit, unit, at, details, "
            "personal FROM gov_request_events WHERE request_id = :rid ORDER BY position",
            {"rid": request_id},
        )
        return [_timeline_entry(row) for row in rows]

    def visits(self, request_id: str) -> list[dict]:
        return self.fetch(
            "SELECT v.unit, u.level, v.arrived_at, v.arrived_by, v.left_at, v.left_by FROM gov_visits v "
            "LEFT JOIN gov_units u ON u.code = v.unit WHERE v.request_id = :rid ORDER BY v.seq",
            {"rid": request_id},
        )

    def published_results(
        self, subtree: list[str], after: int, limit: int
    ) -> list[dict]:
        """Requests resolved within a subtree, with whether their resident consents to publication."""
        units_sql, params = in_list("u", subtree)
        return self.fetch(
            "SELECT r.request_id, r.category, r.status, r.origin_group, r.resolved_by, r.raised_at, "
            "r.resolved_at, r.rating, r.title, r.raised_position, COALESCE(p.publish_consent, 0) "
            "AS publish_consent FROM gov_requests r LEFT JOIN gov_people p ON p.person_id = r.resident_id "
            f"WHERE r.status IN ('resolved', 'closed') AND r.resolved_by IN {units_sql} "
            "AND r.raised_position > :after ORDER BY r.raised_position LIMIT :limit",
            {**params, "after": after, "limit": limit},
        )

    # ---- units ---------------------------------------------------------
    def units(self) -> list[dict]:
        return self.fetch(
            "SELECT code, level, name, parent, retired FROM gov_units ORDER BY code", {}
        )

    def stats(self, unit: str, subtree: list[str]) -> dict[str, Any]:
        """BZ-A1 figures for a unit's subtree (see docs/api.md for each definition)."""
        units_sql, params = in_list("u", subtree)
        params["unit"] = unit
        one = lambda sql: self.fetch(sql, params)[0]["n"]  # noqa: E731
        resolved = self.fetch(
            "SELECT origin_group, resolved_by, raised_at, resolved_at, rating FROM gov_requests "
            f"WHERE status IN ('resolved', 'closed') AND resolved_by IN {units_sql}",
            params,
        )
        rated = [r["rating"] for r in resolved if r["rating"] is not None]
        return {
            "received": one(
                f"SELECT COUNT(DISTINCT request_id) AS n FROM gov_visits WHERE unit IN {units_sql}"
            ),
            "resolved": len(resolved),
            "resolved_here": sum(1 for r in resolved if r["resolved_by"] == unit),
            "escalated_up": one(
                "SELECT COUNT(*) AS n FROM gov_visits WHERE unit = :unit AND left_by = 'escalated'"
            ),
            "delegated_down": one(
                "SELECT COUNT(*) AS n FROM gov_visits WHERE unit = :unit AND left_by = 'delegated'"
            ),
            "open": one(
                f"SELECT COUNT(*) AS n FROM gov_requests WHERE holding_unit IN {units_sql} "
                "AND status IN ('new', 'accepted', 'delegated', 'reopened')"
            ),
            "median_hours_to_resolve": _median_hours(resolved),
            "satisfaction_average": round(sum(rated) / len(rated), 2)
            if rated
            else None,
            "ratings": len(rated),
            "resolved_at_entry_unit": sum(
                1 for r in resolved if r["resolved_by"] == r["origin_group"]
            ),
            **rating_split(latest_ratings(self.fetch, units_sql, params)),
        }


def _timeline_entry(row: dict) -> dict:
    """The event's details with its personal fields, which read as erased once the subject was erased."""
    personal = row.pop("personal")
    if personal is not None and personal != ERASED:
        values = json.loads(personal)
    else:
        values = dict.fromkeys(personal_fields_of(row["event_type"]), ERASED)
    return {**row, "details": {**json.loads(row["details"]), **values}}


def _median_hours(rows: list[dict]) -> float | None:
    spans = [
        (
            datetime.fromisoformat(r["resolved_at"])
            - datetime.fromisoformat(r["raised_at"])
        ).total_seconds()
        for r in rows
    ]
    return round(statistics.median(spans) / 3600, 3) if spans else None
