"""考核 The assessment pack (BZ-A1, BZ-A2, BZ-A3): a unit's figures for a period, each child's,
and the children ranked; computed from the views, checkable against a replay of the log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from application.assessment.deliberation import (
    A_MONTH,
    DeliberationTallies,
    Event,
    Interval,
    deliberation_events,
    deliberation_figures,
)
from application.assessment.facts import COUNTED, TREE, Fact, Offsets, fact_of
from application.assessment.figures import Tallies, counts, figures, rank_key
from application.assessment.marks import Counts
from application.assessment.period import Period
from application.ledger import Ledger
from domain.clock import TRAINING_CLOCK_ID, TrainingClock
from domain.registry import Registry

# (request id, position, event type, recorded at, actor role, the event's fields)
Row = tuple[str, int, str, datetime, str, dict[str, Any]]
Rows = Callable[[], Iterable[Row]]
Events = Callable[[], Iterable[Event]]
# The counts of a unit and every unit under it (the unit, its depth) for a period, read
# now (service time), from the view's marks.
ViewCounts = Callable[[str, int, Period, datetime], dict[str, Counts]]


def clock_offsets(ledger: Ledger) -> Offsets:
    """Each move of the training clock: when it was made (wall time) and by how much."""
    events = ledger.repository.event_store.get(TRAINING_CLOCK_ID)
    return Offsets(
        [
            (e.timestamp, e.seconds)
            for e in events
            if isinstance(e, TrainingClock.ClockAdvanced)
        ]
    )


def facts_of(rows: Iterable[Row], offsets: Offsets) -> Iterable[Fact]:
    for request_id, position, kind, at, role, fields in rows:
        if kind in COUNTED or kind in TREE:
            yield fact_of(request_id, position, kind, at, role, fields, offsets)


class AssessmentService:
    def __init__(
        self,
        ledger: Ledger,
        clock: Callable[[], datetime],
        view_counts: ViewCounts,
        review_interval: Interval = A_MONTH,
    ):
        self.ledger, self.clock, self.view_counts = ledger, clock, view_counts
        self.review_interval = review_interval  # WZ-5.2-a, from the profile
        self.topic_events: Events = lambda: deliberation_events(ledger)

    def assess(
        self, unit: str, period: Period, rows: Rows | None = None
    ) -> dict[str, Any]:
        """From the view's marks by default; `rows` another source of the request
        events (a replay of the log), counted afresh from them."""
        registry = self.ledger.registry()
        registry.unit(unit)
        now, offsets, above = self.clock(), clock_offsets(self.ledger), _above(registry)
        if rows is None:
            depth = registry.unit(unit).level.depth
            by_unit = self.view_counts(unit, depth, period, now)
        else:
            tallies = Tallies(above, period.start, period.end)
            tallies.scan(facts_of(rows(), offsets), now)
            by_unit = {code: counts(t) for code, t in tallies.by_unit.items()}
        talks = DeliberationTallies(
            above, period.start, period.end, self.review_interval
        )
        talks.scan(self.topic_events(), offsets, now)
        children = [
            _line(registry, code, by_unit, talks) for code in registry.children(unit)
        ]
        ranked = sorted(children, key=lambda c: (rank_key(c["figures"]), c["unit"]))
        for place, child in enumerate(ranked, start=1):
            child["rank"] = place
        return {
            "unit": unit,
            "name": registry.unit(unit).name,
            "level": registry.unit(unit).level.value,
            "period": period.label,
            "period_from": period.first.isoformat(),
            "period_to": period.last.isoformat(),
            "now": now.isoformat(),
            "figures": _line(registry, unit, by_unit, talks)["figures"],
            "children": children,
        }


def _line(
    registry: Registry,
    code: str,
    by_unit: dict[str, Counts],
    talks: DeliberationTallies,
) -> dict[str, Any]:
    unit = registry.unit(code)
    return {
        "unit": code,
        "name": unit.name,
        "level": unit.level.value,
        "figures": {
            **figures(by_unit.get(code) or Counts()),
            **deliberation_figures(talks.by_unit[code]),
        },
    }


def _above(registry: Registry) -> Callable[[str], list[str]]:
    """A unit and every unit above it (a unit the registry does not know: itself only)."""
    found: dict[str, list[str]] = {}

    def above(code: str) -> list[str]:
        if code not in found:
            known = code in registry.units
            found[code] = [code, *registry.ancestors(code)] if known else [code]
        return found[code]

    return above
