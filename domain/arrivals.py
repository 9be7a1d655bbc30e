"""A request's move to another unit (escalated, delegated, reopened), with that stay's deadlines."""

from __future__ import annotations

from typing import Any

from domain.actors import ActedEvent
from domain.supervision import parse
from domain.vocabulary import Status


class Arrived(ActedEvent):
    """A move to another unit, with that stay's deadlines."""

    to_unit: str
    to_level: str
    accept_due: str | None
    resolve_due: str | None
    provisional: bool
    counted_from: str | None

    arrival_status = Status.NEW

    def apply(self, aggregate: Any) -> None:
        aggregate.move_to(
            self.to_unit,
            self.to_level,
            self.arrival_status,
            self.accept_due,
            self.resolve_due,
        )
        aggregate.counted_from, aggregate.provisional = (
            parse(self.counted_from),
            self.provisional,
        )
