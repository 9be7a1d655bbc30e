"""A period's request tallies carried forward between assessments (BZ-A2), in one process.

A year of a district is about a million timeline rows: reading and counting them all takes
tens of seconds (docs/benchmarks.md). The tallies of a period only ever grow as the log
does, in log order, so each is kept with the view position it was counted to, and the next
assessment of that period counts only the rows after it; what is read *now* (open and
overdue now) is settled afresh every time (`Tallies.settle`).

A kept tally is used only while everything it was counted with still holds: the same
period, the same registry version (units and their parents: where each fact counts), the
same training-clock moves (each fact's service time), and a view at or past its position
(a view rebuilt or restored behind it starts again). Rows up to the view's position are
complete (the view applies the log in gap-free order), so nothing counted is missed. Only
non-personal values are kept (unit codes, request ids, times, scores).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from application.assessment.facts import Fact, Offsets
from application.assessment.figures import Above, Tallies
from application.assessment.period import Period

# (rows after a position, up to a position) → facts source, and the view's position now
RowsBetween = Callable[[int, int], Iterable[Any]]
KEPT_PERIODS = 4  # the periods kept at once, the least recently assessed dropped first


@dataclass
class Kept:
    tallies: Tallies
    upto: int


class CarriedTallies:
    def __init__(
        self,
        rows_between: RowsBetween,
        position: Callable[[], int],
        facts_of: Callable[[Iterable[Any], Offsets], Iterable[Fact]],
    ):
        self.rows_between, self.position, self.facts_of = (
            rows_between,
            position,
            facts_of,
        )
        self.kept: OrderedDict[tuple[Any, ...], Kept] = OrderedDict()
        self.lock = (
            threading.Lock()
        )  # one assessment at a time counts into kept tallies

    def tallies(
        self,
        above: Above,
        period: Period,
        offsets: Offsets,
        registry_version: int,
        now: datetime,
    ) -> Tallies:
        """The period's tallies to the view's position now, settled for `now` (hold `lock`
        while reading them: the next assessment of the period counts into them)."""
        key = (period.start, period.end, offsets.key(), registry_version)
        upto, kept = self.position(), self.kept.pop(key, None)
        if kept is None or kept.upto > upto:
            kept = Kept(Tallies(above, period.start, period.end), 0)
        kept.tallies.feed(self.facts_of(self.rows_between(kept.upto, upto), offsets))
        kept.upto = upto
        self.kept[key] = kept
        while len(self.kept) > KEPT_PERIODS:
            self.kept.popitem(last=False)
        return kept.tallies.settle(now)
