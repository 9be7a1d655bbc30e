"""Schedules an administrator loads for years the official data does not cover (CAL-1).

An event, so the log records which calendar was in force when a deadline was set.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.calendar import YearSchedule
from domain.errors import InvalidValue

CALENDAR_BOOK_ID = uuid5(NAMESPACE_URL, "gov:calendar-book")


class CalendarBook(Aggregate):
    class Started(Aggregate.Created):
        pass

    class ScheduleLoaded(ActedEvent):
        year: int
        holidays: list[str]
        workdays: list[str]
        source: str

        def apply(self, aggregate: CalendarBook) -> None:
            aggregate.schedules = {
                **aggregate.schedules,
                self.year: YearSchedule(
                    self.year,
                    frozenset(map(date.fromisoformat, self.holidays)),
                    frozenset(map(date.fromisoformat, self.workdays)),
                    self.source,
                ),
            }

    @event(Started)
    def __init__(self) -> None:
        self.schedules: dict[int, YearSchedule] = {}

    @classmethod
    def create_id(cls) -> UUID:
        return CALENDAR_BOOK_ID

    def load(
        self,
        actor: Actor,
        year: int,
        holidays: list[date],
        workdays: list[date],
        source: str,
    ) -> None:
        if any(d.year != year for d in [*holidays, *workdays]):
            raise InvalidValue(
                f"every date must be in {year}",
                zh=f"所有日期都须在 {year} 年内",
                rule_id="CAL-1",
            )
        if set(holidays) & set(workdays):
            raise InvalidValue(
                "a day cannot be both a holiday and a working day",
                zh="同一天不能既是假日又是工作日",
                rule_id="CAL-1",
            )
        self.trigger_event(
            self.ScheduleLoaded,
            year=year,
            holidays=sorted(d.isoformat() for d in holidays),
            workdays=sorted(d.isoformat() for d in workdays),
            source=source,
            **actor.event_fields(),
        )
