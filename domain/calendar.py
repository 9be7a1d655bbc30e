"""The official working-day calendar (CAL-1, CAL-2), as pure computation.

The calendar is given its data (official schedules and schedules loaded by an
administrator); it does no I/O. For a year it has no data for, it falls back to
Monday–Friday and marks every result that depends on that year *provisional*.
China keeps one offset all year (no daylight saving since 1991), so China time is
a fixed UTC+08:00 here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True)
class YearSchedule:
    """One year's public holidays and adjusted working days (调休上班)."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str = "official"


@dataclass(frozen=True)
class Deadline:
    at: datetime  # the end of the last allowed day, China time
    provisional: bool  # some day in the count fell in a year without official data

    @property
    def day(self) -> date:
        return self.at.date()


class WorkingCalendar:
    def __init__(
        self, schedules: Mapping[int, YearSchedule] | Iterable[YearSchedule] = ()
    ):
        items = schedules.values() if isinstance(schedules, Mapping) else schedules
        self.schedules = {s.year: s for s in items}

    def knows(self, year: int) -> bool:
        return year in self.schedules

    def is_working_day(self, day: date) -> bool:
        schedule = self.schedules.get(day.year)
        if schedule is None:
            return day.weekday() < 5
        if day in schedule.workdays:
            return True
        return day.weekday() < 5 and day not in schedule.holidays

    def add_working_days(self, start: date | datetime, days: int) -> Deadline:
        """The end of the `days`-th working day after `start` (start itself not counted)."""
        day, counted, provisional = _china_date(start), 0, False
        while counted < days:
            day += timedelta(days=1)
            provisional |= not self.knows(day.year)
            counted += self.is_working_day(day)
        provisional |= not self.knows(day.year)
        return Deadline(end_of_day(day), provisional)

    def working_days_between(self, first: date, last: date) -> tuple[int, bool]:
        """Working days in (first, last]; and whether any of them is provisional."""
        count, provisional, day = 0, False, first
        while day < last:
            day += timedelta(days=1)
            provisional |= not self.knows(day.year)
            count += self.is_working_day(day)
        return count, provisional

    def end_of_next_day(self, moment: datetime) -> Deadline:
        """'On the day or the next day' (CAL-2): calendar days, never provisional."""
        return Deadline(end_of_day(_china_date(moment) + timedelta(days=1)), False)

    def within_calendar_days(self, moment: datetime, days: int) -> Deadline:
        """'Within N days' without 'working' (CAL-2) means calendar days."""
        return Deadline(end_of_day(_china_date(moment) + timedelta(days=days)), False)


def china_text(moment: datetime) -> str:
    """A moment as China-time text with microseconds, so stored deadlines compare correctly as text."""
    return moment.astimezone(CHINA).isoformat(timespec="microseconds")


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999999), CHINA)


def _china_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return (
            (value if value.tzinfo else value.replace(tzinfo=UTC))
            .astimezone(CHINA)
            .date()
        )
    return value
