"""A period's assessment counts from the marks (projections/assessment_schema.py): one
grouped read of the marks in the period, one of the requests open now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.assessment.marks import (
    COUNTED_EACH,
    Counts,
    MarkRow,
    OpenRow,
    counts_of,
    micros,
    unbucket,
)
from application.assessment.period import Period
from projections.assessment_schema import LEVEL_NUMBERS

_EACH = ", ".join(f"'{mark}'" for mark in sorted(COUNTED_EACH))
# At each level, a request counts once: its last mark of the kind there in the period.
_LAST_IN_PERIOD = ", ".join(
    f"SUM(CASE WHEN l{k} IS NOT NULL AND (mark IN ({_EACH}) OR n{k} IS NULL "
    f"OR n{k} >= :end) THEN 1 ELSE 0 END) AS c{k}"
    for k in LEVEL_NUMBERS
)
MARKS_SQL = (
    f"SELECT bucket, {_LAST_IN_PERIOD} FROM gov_assessment_marks "
    "WHERE at_us >= :start AND at_us < :end GROUP BY bucket"
)
# BZ-A2 "overdue now": open, and past its accept deadline unaccepted or its resolve deadline.
OPEN_SQL = (
    f"SELECT {', '.join(f'u.l{k}' for k in LEVEL_NUMBERS)}, COUNT(*) AS held, "
    "SUM(CASE WHEN (t.accepted = 0 AND t.accept_due < :now) OR t.resolve_due < :now "
    "THEN 1 ELSE 0 END) AS late FROM gov_assessment_tracks t "
    "JOIN gov_assessment_units u ON u.code = t.holder WHERE t.is_open = 1 "
    f"GROUP BY {', '.join(f'u.l{k}' for k in LEVEL_NUMBERS)}"
)


def marks_in(view: Any, start: int, end: int) -> list[MarkRow]:
    """The period's marks grouped by kind, chain, score and who rated (microseconds)."""
    rows = view.stream(MARKS_SQL, {"start": start, "end": end})
    return [(*unbucket(bucket), tuple(int(n) for n in at)) for bucket, *at in rows]


def open_now(view: Any, now: int) -> list[OpenRow]:
    """Open requests by the chain of the unit holding them, and how many are overdue."""
    levels = len(LEVEL_NUMBERS)
    return [
        (tuple(row[:levels]), int(row[levels]), int(row[levels + 1] or 0))
        for row in view.stream(OPEN_SQL, {"now": now})
    ]


def view_counts(view: Any, period: Period, now: datetime) -> dict[str, Counts]:
    """Every unit's counts for the period, with what is open now (`now` service time)."""
    marks = marks_in(view, micros(period.start), micros(period.end))
    return counts_of(marks, open_now(view, micros(now)))
