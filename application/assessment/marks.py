"""The assessment's marks: each counted fact kept by the view at every unit it counts for.

A year of a district is about a million request events; reading and counting them all
took longer than a raw scan of the log (docs/benchmarks.md). The assessment projection
(projections/assessment_handlers.py) therefore keeps, as each event arrives, one row per
counted fact ("mark") with the chain of units above where it happened, one column per
level, the units it counts for (its bucket: the whole chain, or fewer for an escalation
and for "resolved here"), and for each level the service time of the next mark of the same
kind for the same request at the same unit. A period's figures are then one grouped read (projections/
assessment_queries.py): a request counts once at a unit for a kind when one of its marks
falls in the period and the next one at that unit does not (the last in the period).

Escalations and delegations are counted, not deduplicated: their marks are never closed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

# The kinds of mark; a request counts once per unit and kind, except COUNTED_EACH.
RECEIVED = "received"
ACCEPTED_ON_TIME = "accepted_on_time"
RESOLVED = "resolved"
RESOLVED_HERE = "resolved_here"
RESOLVED_NEAREST = "resolved_nearest"
ESCALATED = "escalated"
DELEGATED = "delegated"
OVERDUE_EVER = "overdue_ever"
RATED = "rated"
COUNTED_EACH = frozenset({ESCALATED, DELEGATED})
LEVELS = 4  # district, street, community, group (domain/levels.py)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """A moment as whole microseconds since 1970 (UTC): one integer on both backends."""
    return (moment - _EPOCH) // _MICROSECOND


def micros_of(text: str | None) -> int | None:
    return micros(datetime.fromisoformat(text)) if text else None


@dataclass(slots=True)
class Counts:
    """One unit's request figures for a period, as numbers."""

    received: int = 0
    accepted_on_time: int = 0
    resolved: int = 0
    resolved_here: int = 0
    resolved_nearest: int = 0
    escalated: int = 0
    delegated: int = 0
    overdue_ever: int = 0
    open_now: int = 0
    overdue_now: int = 0
    ratings: int = 0
    ratings_by_residents: int = 0
    satisfied: int = 0
    score_sum: int = 0


_NAMES = {f.name for f in fields(Counts)}

# (mark, chain of units l1..l4, score, by a resident, count at each level l1..l4)
MarkRow = tuple[str, tuple[str | None, ...], int | None, bool, tuple[int, ...]]


def bucket_head(mark: str, score: int | None, by_resident: bool) -> str:
    """The start of a mark's bucket, the one column a period's read groups by (one
    column: PostgreSQL then estimates the groups well and hashes, where grouping by the
    seven columns it sorted a million rows on disk). The view appends the chain,
    `l1/l2/l3/l4` with an empty text for a level the mark does not count at."""
    return f"{mark}|{'' if score is None else score}|{int(by_resident)}|"


def unbucket(
    bucket: str,
) -> tuple[str, tuple[str | None, ...], int | None, bool]:
    """(mark, chain, score, by a resident) of a bucket."""
    mark, score, by_resident, chain = bucket.split("|", 3)
    units = tuple(code or None for code in chain.split("/"))
    return mark, units, int(score) if score else None, by_resident == "1"


# (chain of the holder l1..l4, open requests held there, of those past a deadline)
OpenRow = tuple[tuple[str | None, ...], int, int]


def counts_of(marks: Iterable[MarkRow], held: Iterable[OpenRow]) -> dict[str, Counts]:
    """Every unit's counts from the grouped marks of a period and the open requests now."""
    by_unit: dict[str, Counts] = defaultdict(Counts)
    for mark, chain, score, by_resident, at_level in marks:
        for unit, n in zip(chain, at_level, strict=True):
            if unit is not None and n:
                _add(by_unit[unit], mark, n, score, by_resident)
    for chain, open_now, overdue_now in held:
        for unit in chain:
            if unit is not None:
                by_unit[unit].open_now += open_now
                by_unit[unit].overdue_now += overdue_now
    return by_unit


def _add(
    counts: Counts, mark: str, n: int, score: int | None, by_resident: bool
) -> None:
    if mark != RATED:
        if mark in _NAMES:
            setattr(counts, mark, getattr(counts, mark) + n)
        return
    if score is None:
        return
    counts.ratings += n
    counts.ratings_by_residents += n if by_resident else 0
    counts.satisfied += n if score >= 4 else 0
    counts.score_sum += n * score
