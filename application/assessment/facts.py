"""The facts assessment counts, one per request event, in service time (BZ-A1, BZ-A2, BZ-A3).

Two sources give the same facts: the request timeline view (projections/) and a replay of
the log (application/assessment/replay.py); a test checks that both give the same figures.
An event's service time is its recorded time plus the training offset in force when it
was recorded (domain/clock.py): wall time outside training.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta
from typing import Any, NamedTuple

# The request events assessment reads; every other event is not counted.
COUNTED = frozenset(
    {
        "RequestRaised",
        "RequestAccepted",
        "RequestEscalated",
        "RequestDelegated",
        "RequestResolved",
        "RequestClosed",
        "RequestWithdrawn",
        "ResolutionConfirmed",
        "ResolutionDisputed",
        "SatisfactionRated",
        "DeadlinePassed",
    }
)


# The registry's events that place a unit (a replay carries them among the facts): a fact
# counts under the parents its unit had when it happened. Fields: unit, to_unit (parent).
TREE = frozenset({"UnitRegistered", "UnitMoved"})


class Fact(NamedTuple):  # a tuple: a year of a district is a million of them
    request_id: str
    position: int
    at: datetime  # service time
    kind: str
    actor_role: str
    unit: str | None = (
        None  # where it happened (raised at, accepted/resolved by, moved from)
    )
    to_unit: str | None = None  # where it went (escalated, delegated, disputed back to)
    accept_due: datetime | None = None
    resolve_due: datetime | None = None
    score: int | None = None


class Offsets:
    """The training offset in force at each wall-clock moment (from the clock's events)."""

    def __init__(self, moves: list[tuple[datetime, int]]):
        moves = sorted(moves)
        self.times = [at for at, _ in moves]
        self.totals, total = [], 0
        for _, seconds in moves:
            total += seconds
            self.totals.append(total)

    def key(self) -> tuple[Any, ...]:
        """What these offsets are, to tell whether tallies were counted with them."""
        return tuple(zip(self.times, self.totals, strict=True))

    def service_time(self, wall: datetime) -> datetime:
        index = bisect.bisect_right(self.times, wall)
        return wall + timedelta(seconds=self.totals[index - 1] if index else 0)


def _due(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def fact_of(
    request_id: str,
    position: int,
    kind: str,
    wall_at: datetime,
    actor_role: str,
    fields: dict[str, Any],
    offsets: Offsets,
) -> Fact:
    """One fact from an event's type, time, actor and (non-personal) fields."""
    unit = fields.get("group") or fields.get("unit") or fields.get("from_unit")
    if kind == "DeadlinePassed" and fields.get("kind") == "close":
        kind = "ResidentDidNotAnswer"  # the resident's silence is no unit's overdue
    return Fact(
        request_id=request_id,
        position=position,
        at=offsets.service_time(wall_at),
        kind=kind,
        actor_role=actor_role,
        unit=unit,
        to_unit=fields.get("to_unit"),
        accept_due=_due(fields.get("accept_due")),
        resolve_due=_due(fields.get("resolve_due")),
        score=fields.get("score"),
    )
