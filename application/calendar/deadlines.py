"""Deadlines from the rule profile and the working-day calendar in force (CAL-1, CAL-2)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from application.calendar.official import official_schedules
from application.calendar.profile import RequestRules
from application.ledger import Ledger, Outcome
from domain.actors import Actor
from domain.calendar import CHINA, Deadline, WorkingCalendar, YearSchedule, end_of_day
from domain.levels import Level
from domain.supervision import DueFor, StayDue
from domain.vocabulary import Category

Clock = Callable[[], datetime]
CALENDAR_TTL_SECONDS = 1.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def china_iso(moment: datetime) -> str:
    """China time with microseconds, so stored deadlines compare correctly as text."""
    return moment.astimezone(CHINA).isoformat(timespec="microseconds")


class Deadlines:
    def __init__(
        self,
        ledger: Ledger,
        rules: RequestRules,
        clock: Clock = utc_now,
        official: dict[int, YearSchedule] | None = None,
    ):
        self.ledger, self.rules, self.clock = ledger, rules, clock
        self.official = official if official is not None else official_schedules()
        self._cached: tuple[float, WorkingCalendar] | None = None

    def calendar(self) -> WorkingCalendar:
        """Official schedules, overridden by those an administrator loaded.

        Re-read at most once a second: a schedule loaded by another process is in force
        within a second, and a command does not pay a query for a calendar that rarely changes.
        """
        if (
            self._cached is None
            or time.monotonic() - self._cached[0] > CALENDAR_TTL_SECONDS
        ):
            book = self.ledger.calendar_book()
            self._cached = (
                time.monotonic(),
                WorkingCalendar({**self.official, **book.schedules}),
            )
        return self._cached[1]

    def due_for(self, category: Category, start: datetime | None = None) -> DueFor:
        """Deadlines of a stay at a level, counted from `start` (now by default)."""
        start, calendar = start or self.clock(), self.calendar()

        def due(level: Level) -> StayDue:
            days = self.rules.deadlines(level, category)
            accept = calendar.add_working_days(start, days.accept_days)
            resolve = calendar.add_working_days(start, days.resolve_days)
            return StayDue(
                accept.at, resolve.at, accept.provisional or resolve.provisional, start
            )

        return due

    def close_due(self) -> datetime:
        """A resolution unanswered this many calendar days later closes the request (CAL-2)."""
        return (
            self.calendar()
            .within_calendar_days(self.clock(), self.rules.close_unanswered_days)
            .at
        )

    def overall(self, start: datetime | None = None) -> Deadline:
        return self.calendar().add_working_days(
            start or self.clock(), self.rules.overall_days
        )

    def task_deadline(self, on: date | None, working_days: int | None) -> Deadline:
        """A date (end of that day, China time) or N working days from now."""
        if on is not None:
            # a fixed date does not depend on the calendar
            return Deadline(end_of_day(on), False)
        return self.calendar().add_working_days(self.clock(), working_days or 0)

    def load_schedule(
        self,
        actor: Actor,
        year: int,
        holidays: list[date],
        workdays: list[date],
        source: str,
    ) -> dict[str, Any]:
        def build() -> Outcome:
            book = self.ledger.calendar_book(for_update=True)
            book.load(actor, year, holidays, workdays, source)
            return Outcome([book], {"year": year, "calendar_version": book.version})

        loaded = self.ledger.commit(build)
        self._cached = None  # in force in this process at once
        return loaded
