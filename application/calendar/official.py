"""Official schedules from the `chinese-calendar` package, turned into YearSchedules."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from types import ModuleType

from domain.calendar import YearSchedule


def official_schedules() -> dict[int, YearSchedule]:
    """Every year the installed `chinese-calendar` has data for (a copy the caller owns)."""
    return dict(_installed_schedules())


@cache  # the installed package's data does not change while the process runs
def _installed_schedules() -> dict[int, YearSchedule]:
    import chinese_calendar

    years = sorted(
        {d.year for d in chinese_calendar.holidays}
        | {d.year for d in chinese_calendar.workdays}
    )
    return {year: _year(year, chinese_calendar) for year in years}


def _year(year: int, cc: ModuleType) -> YearSchedule:
    days = [
        date(year, 1, 1) + timedelta(days=i)
        for i in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)
    ]
    holidays = frozenset(d for d in days if d.weekday() < 5 and d in cc.holidays)
    workdays = frozenset(d for d in days if d.weekday() >= 5 and d in cc.workdays)
    return YearSchedule(
        year, holidays, workdays, source=f"chinese-calendar {cc.__version__}"
    )
