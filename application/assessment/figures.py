"""BZ-A1/BZ-A2 figures from request facts, for every unit at once (each fact counts for the
unit where it happened and every unit above it).

Definitions (docs/assessment.md): in the period, `received` requests that arrived in the
unit's subtree; `accepted_on_time` of those accepted there by their accept deadline;
`resolved` by a unit of the subtree, `resolved_here` by the unit itself, `resolved_nearest` by
the group where the request entered (BZ-D1's nearest level); `escalated` out of the subtree,
`delegated` by its units; `overdue_ever` requests whose deadline passed while held there;
`overdue_now` open requests held there past a deadline now; ratings given in the period
to requests the subtree resolved (the latest per request), `satisfied` those of 4 or 5.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from application.assessment.facts import TREE, Fact
from application.assessment.marks import Counts

CLOSING = frozenset({"RequestClosed", "RequestWithdrawn", "ResolutionConfirmed"})
ARRIVING = frozenset(
    {"RequestRaised", "RequestEscalated", "RequestDelegated", "ResolutionDisputed"}
)


@dataclass(slots=True)
class Tally:
    received: set[str] = field(default_factory=set)
    accepted_on_time: set[str] = field(default_factory=set)
    resolved: set[str] = field(default_factory=set)
    resolved_here: set[str] = field(default_factory=set)
    resolved_nearest: set[str] = field(default_factory=set)
    escalated: int = 0
    delegated: int = 0
    overdue_ever: set[str] = field(default_factory=set)
    open_now: set[str] = field(default_factory=set)
    overdue_now: set[str] = field(default_factory=set)
    ratings: dict[str, tuple[int, bool]] = field(default_factory=dict)


@dataclass(slots=True)
class Track:
    """One request as the scan goes: where it is and what it is due by."""

    origin: str = ""
    holder: str = ""
    resolver: str = ""
    accept_due: datetime | None = None
    resolve_due: datetime | None = None
    accepted: bool = False
    open: bool = True


Above = Callable[[str], Iterable[str]]  # a unit and every unit above it


class Tallies:
    def __init__(self, above: Above, start: datetime, end: datetime):
        self.above, self.start, self.end = above, start, end
        self.by_unit: dict[str, Tally] = defaultdict(Tally)
        self.tracks: dict[str, Track] = defaultdict(Track)
        self._at: dict[str, list[Tally]] = {}  # a unit's tallies and those above it
        # the registry as the log went, when the facts carry it (a replay of the log)
        self.parents: dict[str, str | None] | None = None

    def chain(self, unit: str) -> list[str]:
        """The unit and every unit above it, as the registry stands at this fact."""
        if self.parents is None or unit not in self.parents:
            return list(self.above(unit))
        chain = [unit]
        while parent := self.parents.get(chain[-1]):
            chain.append(parent)
        return chain

    def at(self, unit: str | None) -> list[Tally]:
        if not unit:
            return []
        found = self._at.get(unit)
        if found is None:
            found = self._at[unit] = [self.by_unit[u] for u in self.chain(unit)]
        return found

    def scan(self, facts: Iterable[Fact], now: datetime) -> Tallies:
        self.feed(facts)
        return self.settle(now)

    def feed(self, facts: Iterable[Fact]) -> None:
        """Count facts in log order (more may be fed later)."""
        for fact in facts:
            if fact.kind in TREE:
                self._placed(fact)
                continue
            track = self.tracks[fact.request_id]
            if self.start <= fact.at < self.end:
                self._count(fact, track)
            _follow(fact, track)

    def _placed(self, fact: Fact) -> None:
        """A unit registered or moved: its later facts count under its parent then."""
        if self.parents is None:
            self.parents = {}
        self.parents[fact.unit or ""] = fact.to_unit
        self._at.clear()

    def settle(self, now: datetime) -> Tallies:
        """The figures read now (open, overdue now), afresh for this `now`."""
        for tally in self.by_unit.values():
            tally.open_now.clear()
            tally.overdue_now.clear()
        for request_id, track in self.tracks.items():
            if track.open and track.holder:
                self._now(request_id, track, now)
        return self

    def _count(self, fact: Fact, track: Track) -> None:
        rid, kind = fact.request_id, fact.kind
        if kind in ARRIVING:
            for tally in self.at(fact.to_unit or fact.unit):
                tally.received.add(rid)
        if kind == "RequestAccepted" and _on_time(fact.at, track.accept_due):
            for tally in self.at(fact.unit):
                tally.accepted_on_time.add(rid)
        if kind == "RequestResolved":
            self._resolved(fact, track)
        if kind == "RequestEscalated":
            inside = set(self.chain(fact.unit or "")) - set(
                self.chain(fact.to_unit or "")
            )
            for unit in inside:
                self.by_unit[unit].escalated += 1
        if kind == "RequestDelegated":
            for tally in self.at(fact.unit):
                tally.delegated += 1
        if kind == "DeadlinePassed":
            for tally in self.at(track.holder):
                tally.overdue_ever.add(rid)
        if kind == "SatisfactionRated" and fact.score is not None:
            for tally in self.at(track.resolver):
                tally.ratings[rid] = (fact.score, fact.actor_role == "resident")

    def _resolved(self, fact: Fact, track: Track) -> None:
        rid = fact.request_id
        for tally in self.at(fact.unit):
            tally.resolved.add(rid)
            if fact.unit == track.origin:
                tally.resolved_nearest.add(rid)
        if fact.unit:
            self.by_unit[fact.unit].resolved_here.add(rid)

    def _now(self, request_id: str, track: Track, now: datetime) -> None:
        if not track.open or not track.holder:
            return
        late = (not track.accepted and _past(track.accept_due, now)) or _past(
            track.resolve_due, now
        )
        for tally in self.at(track.holder):
            tally.open_now.add(request_id)
            if late:
                tally.overdue_now.add(request_id)


def _follow(fact: Fact, track: Track) -> None:
    """The request's state after the fact (whether or not it fell in the period)."""
    if fact.kind == "RequestRaised":
        track.origin = fact.unit or ""
    if fact.kind in ARRIVING:
        track.holder = fact.to_unit or fact.unit or ""
        track.accept_due, track.resolve_due = fact.accept_due, fact.resolve_due
        track.accepted, track.open = False, True
    elif fact.kind == "RequestAccepted":
        track.accepted = True
    elif fact.kind == "RequestResolved":
        track.resolver, track.open = fact.unit or "", False
    elif fact.kind in CLOSING:
        track.open = False


def _on_time(at: datetime, due: datetime | None) -> bool:
    return due is None or at <= due


def _past(due: datetime | None, now: datetime) -> bool:
    return due is not None and due < now


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def counts(tally: Tally) -> Counts:
    """A tally's sets as numbers."""
    scores = [s for s, _ in tally.ratings.values()]
    return Counts(
        received=len(tally.received),
        accepted_on_time=len(tally.accepted_on_time),
        resolved=len(tally.resolved),
        resolved_here=len(tally.resolved_here),
        resolved_nearest=len(tally.resolved_nearest),
        escalated=tally.escalated,
        delegated=tally.delegated,
        overdue_ever=len(tally.overdue_ever),
        open_now=len(tally.open_now),
        overdue_now=len(tally.overdue_now),
        ratings=len(scores),
        ratings_by_residents=sum(1 for _, own in tally.ratings.values() if own),
        satisfied=sum(1 for s in scores if s >= 4),
        score_sum=sum(scores),
    )


def figures(c: Counts) -> dict[str, int | float | None]:
    """Counts and rates of one unit (rates are shares 0–1, None where nothing to divide)."""
    return {
        "received": c.received,
        "accepted_on_time": c.accepted_on_time,
        "response_rate": rate(c.accepted_on_time, c.received),
        "resolved": c.resolved,
        "resolution_rate": rate(c.resolved, c.received),
        "resolved_here": c.resolved_here,
        "resolved_nearest": c.resolved_nearest,
        "nearest_rate": rate(c.resolved_nearest, c.resolved),
        "escalated": c.escalated,
        "delegated": c.delegated,
        "open_now": c.open_now,
        "overdue_now": c.overdue_now,
        "overdue_now_rate": rate(c.overdue_now, c.open_now),
        "overdue_ever": c.overdue_ever,
        "overdue_ever_rate": rate(c.overdue_ever, c.received),
        "ratings": c.ratings,
        "ratings_by_residents": c.ratings_by_residents,
        "ratings_by_staff": c.ratings - c.ratings_by_residents,
        "satisfied": c.satisfied,
        "satisfaction_rate": rate(c.satisfied, c.ratings),
        "satisfaction_average": round(c.score_sum / c.ratings, 2)
        if c.ratings
        else None,
    }


def rank_key(figs: dict[str, Any]) -> tuple[float, ...]:
    """Siblings rank by resolution rate, then response rate, then fewest ever overdue,
    then satisfaction (a missing rate ranks last)."""

    def high(name: str) -> float:
        value = figs[name]
        return -value if value is not None else 1.0

    def low(name: str) -> float:
        value = figs[name]
        return value if value is not None else 2.0

    return (
        high("resolution_rate"),
        high("response_rate"),
        low("overdue_ever_rate"),
        high("satisfaction_rate"),
    )
