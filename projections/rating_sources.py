"""Who gave a request's rating (BZ-A3): the resident, or staff on a return visit (回访).

Read from the timeline: a request's rating is its latest `SatisfactionRated`, and that
event's actor role says whether the resident gave it or staff recorded it for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Fetch = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


def latest_ratings(fetch: Fetch, units_sql: str, params: dict) -> dict[str, tuple]:
    """request id → (score, given by the resident) for resolved requests resolved in `units_sql`."""
    rows = fetch(
        "SELECT e.request_id, e.actor_role, e.details FROM gov_request_events e "
        "JOIN gov_requests r ON r.request_id = e.request_id "
        "WHERE e.event_type = 'SatisfactionRated' AND r.status IN ('resolved', 'closed') "
        f"AND r.resolved_by IN {units_sql} ORDER BY e.position",
        params,
    )
    return {
        row["request_id"]: (
            json.loads(row["details"])["score"],
            row["actor_role"] == "resident",
        )
        for row in rows
    }


def rating_split(ratings: dict[str, tuple]) -> dict[str, Any]:
    """The counts and averages of resident-given and staff-recorded ratings, apart."""
    by_resident = [score for score, own in ratings.values() if own]
    by_staff = [score for score, own in ratings.values() if not own]
    return {
        "ratings_by_residents": len(by_resident),
        "ratings_by_staff": len(by_staff),
        "satisfaction_average_residents": _average(by_resident),
        "satisfaction_average_staff": _average(by_staff),
    }


def _average(scores: list[int]) -> float | None:
    return round(sum(scores) / len(scores), 2) if scores else None
