"""A request's running deadlines (CAL-1): the overall clock keeps running across moves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.supervision import StayDue
from domain.vocabulary import WAITING, Status


def running_dues(
    status: Status,
    accept_due: datetime | None,
    resolve_due: datetime | None,
    overall_due: datetime | None,
    close_due: datetime | None,
) -> dict[str, datetime]:
    """The deadlines running for a request in `status`, by kind."""
    if status is Status.RESOLVED:
        return {"close": close_due} if close_due else {}
    if status not in WAITING:
        return {}
    running = {"resolve": resolve_due, "overall": overall_due}
    if status is not Status.ACCEPTED:
        running["accept"] = accept_due
    return {kind: due for kind, due in running.items() if due is not None}


def recomputed_fields(due: StayDue, overall_due: datetime | None) -> dict[str, Any]:
    """The fields of a DeadlinesRecomputed event for these deadlines."""
    stay = due.event_fields()
    return {
        "accept_due": stay["accept_due"],
        "resolve_due": stay["resolve_due"],
        "provisional": stay["provisional"],
        "overall_due": overall_due.isoformat() if overall_due else None,
    }
