"""Topics waiting longer than a month for the joint two-committee review (WZ-5.2-a), flagged on
the community's topics page for its staff and supervision committee (the same count is the
assessment's `overdue_reviews`)."""

from __future__ import annotations

from typing import Any

from api.context import ApiContext
from application.assessment import clock_offsets
from application.assessment_deliberation import REVIEW_INTERVAL

WAITING = frozenset({"proposed", "registered"})


def overdue_reviews(
    ctx: ApiContext, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows of topics not yet reviewed, proposed (service time) more than a month ago."""
    offsets, now = clock_offsets(ctx.ledger), ctx.assessment.clock()
    late = []
    for row in rows:
        if row["status"] not in WAITING:
            continue
        proposed = offsets.service_time(ctx.ledger.topic(row["topic_id"]).created_on)
        if proposed + REVIEW_INTERVAL < now:
            late.append(row)
    return late
