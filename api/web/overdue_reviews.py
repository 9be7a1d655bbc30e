"""Topics waiting longer than their profile's interval (a month unless it says otherwise) for
the joint two-committee review (WZ-5.2-a), flagged on the community's topics page for its staff and supervision committee (the same count is the
assessment's `overdue_reviews`)."""

from __future__ import annotations

from typing import Any

from api.context import ApiContext
from application.assessment.service import clock_offsets

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
        topic = ctx.ledger.topic(row["topic_id"])
        proposed = offsets.service_time(topic.created_on)
        interval = ctx.deliberation.profile_of(topic).deadlines.review_interval()
        if proposed + interval < now:  # WZ-5.2-a: the profile's interval
            late.append(row)
    return late
