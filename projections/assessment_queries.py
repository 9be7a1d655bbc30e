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
# At each level, a request counts once: its last mark of the kind there in the period
# (a level the mark does not count at, by its bucket, is left out when read).
_LAST_IN_PERIOD = ", ".join(
    f"SUM(CASE WHEN l{k} IS NOT NULL AND (mark IN ({_EACH}) OR n{k} IS NULL "
    f"OR n{k} >= :end) THEN 1 ELSE 0 END) AS c{k}"
    for k in LEVEL_NUMBERS
)
# `{level}`: the column of the assessed unit's level (only its subtree's marks are read).
MARKS_SQL = (
    f"SELECT bucket, {_LAST_IN_PERIOD} FROM gov_assessment_marks "
    "WHERE at_us >= :start AND at_us < :end AND {level} = :unit GROUP BY bucket"
)
# BZ-A2 "overdue now": open, and past its accept deadline unaccepted or its resolve deadline.
_HOLDER_CHAIN = ", ".join(f"u.l{k}" for k in LEVEL_NUMBERS)
OPEN_SQL = (
    f"SELECT {_HOLDER_CHAIN}, COUNT(*) AS held, "
    "SUM(CASE WHEN (t.accepted = 0 AND t.accept_due < :now) OR t.resolve_due < :now "
    "THEN 1 ELSE 0 END) AS late FROM gov_assessment_tracks t "
    "JOIN gov_assessment_units u ON u.code = t.holder WHERE t.is_open = 1 "
    "AND u.{level} = :unit "
    f"GROUP BY {_HOLDER_CHAIN}"
)


def marks_in(view: Any, unit: str, depth: int, start: int, end: int) -> list[MarkRow]:
    """The period's marks in the unit's subtree grouped by kind, chain, score and who
    rated (times in microseconds)."""
    sql = MARKS_SQL.format(level=f"l{depth + 1}")
    rows = view.stream(sql, {"start": start, "end": end, "unit": unit})
    return [(*unbucket(bucket), tuple(int(n) for n in at)) for bucket, *at in rows]


def open_now(view: Any, unit: str, depth: int, now: int) -> list[OpenRow]:
    """Open requests held in the unit's subtree by the chain of the unit holding them,
    and how many are overdue."""
    levels, sql = len(LEVEL_NUMBERS), OPEN_SQL.format(level=f"l{depth + 1}")
    return [
        (tuple(row[:levels]), int(row[levels]), int(row[levels + 1] or 0))
        for row in view.stream(sql, {"now": now, "unit": unit})
    ]


def view_counts(
    view: Any, unit: str, depth: int, period: Period, now: datetime
) -> dict[str, Counts]:
    """The counts of the unit and each unit under it for the period, with what is open
    now (`now` service time)."""
    marks = marks_in(view, unit, depth, micros(period.start), micros(period.end))
    return counts_of(marks, open_now(view, unit, depth, micros(now)))
