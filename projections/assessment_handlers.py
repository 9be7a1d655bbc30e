"""What events change in the assessment projection (projections/assessment_schema.py).

The same facts, in the same order, as application/assessment/figures.py counts from the
timeline: each counted request event marks the units it counts for (conditions read the
request's track as it was before the event), then moves the track on.
"""

from __future__ import annotations

from typing import Any

from application.assessment.marks import (
    ACCEPTED_ON_TIME,
    DELEGATED,
    ESCALATED,
    OVERDUE_EVER,
    RATED,
    RECEIVED,
    RESOLVED,
    RESOLVED_HERE,
    RESOLVED_NEAREST,
    bucket_head,
    micros,
    micros_of,
)
from domain.clock import TrainingClock
from domain.levels import Level
from domain.registry import Registry
from domain.requests import Request
from projections.assessment_schema import (
    ALWAYS,
    AT_HOLDER,
    AT_ORIGIN,
    AT_RESOLVER,
    AT_UNIT,
    CLOCK_MOVED,
    LEFT_BEHIND,
    MOVED,
    ON_TIME,
    OWN_LEVEL_ONLY,
    TRACK_ACCEPTED,
    TRACK_ARRIVED,
    TRACK_CLOSED,
    TRACK_RAISED,
    TRACK_RESOLVED,
    WHOLE_CHAIN,
    Statement,
    closing,
    marking,
    registering,
)
from projections.handler_table import HandlerTable

HANDLERS = HandlerTable()


def _params(e: Any, **more: Any) -> dict[str, Any]:
    return {"rid": str(e.originator_id), "wall": micros(e.timestamp), **more}


def _mark(
    e: Any,
    mark: str,
    where: str = AT_UNIT,
    condition: str = ALWAYS,
    chain: tuple[str, ...] = WHOLE_CHAIN,
    **more: Any,
) -> list[Statement]:
    """The mark, after closing the previous one of its kind where this one counts."""
    params = _params(e, mark=mark, **{"head": bucket_head(mark, None, False), **more})
    return [
        (closing(where, condition, chain), params),
        (marking(where, condition, chain), params),
    ]


def _counted(e: Any, mark: str, chain: tuple[str, ...], **more: Any) -> Statement:
    """A mark without closing an earlier one (each counted, or the request's first)."""
    head = bucket_head(mark, None, False)
    return (marking(AT_UNIT, ALWAYS, chain), _params(e, mark=mark, head=head, **more))


def _arrived(e: Any, unit: str) -> list[Statement]:
    dues = {
        "accept_due": micros_of(e.accept_due),
        "resolve_due": micros_of(e.resolve_due),
    }
    if isinstance(e, Request.RequestRaised):  # its first event: nothing to close yet
        first = _counted(e, RECEIVED, WHOLE_CHAIN, unit=unit)
        return [first, (TRACK_RAISED, _params(e, unit=unit, **dues))]
    return [
        *_mark(e, RECEIVED, unit=unit),
        (TRACK_ARRIVED, _params(e, unit=unit, **dues)),
    ]


@HANDLERS.handles(Request.RequestRaised, Request.ResolutionDisputed)
def _raised_or_disputed(e: Any, _: int) -> list[Statement]:
    unit = e.group if isinstance(e, Request.RequestRaised) else e.to_unit
    return _arrived(e, unit)


@HANDLERS.handles(Request.RequestEscalated)
def _escalated(e: Any, _: int) -> list[Statement]:
    left = _counted(e, ESCALATED, LEFT_BEHIND, unit=e.from_unit, to_unit=e.to_unit)
    return [left, *_arrived(e, e.to_unit)]


@HANDLERS.handles(Request.RequestDelegated)
def _delegated(e: Any, _: int) -> list[Statement]:
    passed = _counted(e, DELEGATED, WHOLE_CHAIN, unit=e.from_unit)
    return [passed, *_arrived(e, e.to_unit)]


@HANDLERS.handles(Request.RequestAccepted)
def _accepted(e: Any, _: int) -> list[Statement]:
    on_time = _mark(e, ACCEPTED_ON_TIME, condition=ON_TIME, unit=e.unit)
    return [*on_time, (TRACK_ACCEPTED, _params(e))]


@HANDLERS.handles(Request.RequestResolved)
def _resolved(e: Any, _: int) -> list[Statement]:
    return [
        *_mark(e, RESOLVED, unit=e.unit),
        *_mark(e, RESOLVED_HERE, chain=OWN_LEVEL_ONLY, unit=e.unit),
        *_mark(e, RESOLVED_NEAREST, condition=AT_ORIGIN, unit=e.unit),
        (TRACK_RESOLVED, _params(e, unit=e.unit)),
    ]


@HANDLERS.handles(
    Request.RequestClosed, Request.RequestWithdrawn, Request.ResolutionConfirmed
)
def _closed(e: Any, _: int) -> list[Statement]:
    return [(TRACK_CLOSED, _params(e))]


@HANDLERS.handles(Request.DeadlinePassed)
def _deadline_passed(e: Any, _: int) -> list[Statement]:
    if e.kind == "close":  # the resident's silence is no unit's overdue
        return []
    return _mark(e, OVERDUE_EVER, where=AT_HOLDER)


@HANDLERS.handles(Request.SatisfactionRated)
def _rated(e: Any, _: int) -> list[Statement]:
    if e.score is None:
        return []
    head = bucket_head(RATED, int(e.score), e.actor_role == "resident")
    return _mark(e, RATED, where=AT_RESOLVER, head=head)


@HANDLERS.handles(Registry.UnitRegistered)
def _unit_registered(e: Any, _: int) -> list[Statement]:
    depth = Level(e.level).depth
    return [(registering(depth), {"code": e.code, "parent": e.parent})]


@HANDLERS.handles(Registry.UnitMoved)
def _unit_moved(e: Any, _: int) -> list[Statement]:
    return [(MOVED, {"code": e.code, "new_parent": e.new_parent})]


@HANDLERS.handles(TrainingClock.ClockAdvanced)
def _clock_advanced(e: Any, _: int) -> list[Statement]:
    return [(CLOCK_MOVED, {"us": int(e.seconds) * 1_000_000})]
