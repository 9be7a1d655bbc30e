"""The working-day calendar (CAL-1, CAL-2) with the official schedule of `chinese-calendar`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from application.calendar.official import official_schedules
from domain.calendar import CHINA, WorkingCalendar, YearSchedule


@pytest.fixture(scope="module")
def official() -> WorkingCalendar:
    return WorkingCalendar(official_schedules())


def test_national_day_week_2026_is_off_and_saturday_10_october_works_CAL_1(official):
    assert not any(official.is_working_day(date(2026, 10, d)) for d in range(1, 8))
    assert official.is_working_day(date(2026, 10, 10))  # adjusted working Saturday
    assert official.is_working_day(date(2026, 10, 9)) and not official.is_working_day(
        date(2026, 10, 11)
    )


def test_spring_festival_2026_CAL_1(official):
    assert not any(
        official.is_working_day(date(2026, 2, d)) for d in range(15, 24)
    )  # 春节 15–23 Feb off
    assert official.is_working_day(
        date(2026, 2, 14)
    )  # adjusted working Saturday before it
    deadline = official.add_working_days(
        date(2026, 2, 13), 2
    )  # Sat 14 Feb, then Tue 24 Feb
    assert deadline.day == date(2026, 2, 24) and not deadline.provisional


def test_deadline_crossing_into_an_unknown_year_falls_back_and_is_provisional_CAL_1(
    official,
):
    deadline = official.add_working_days(date(2026, 12, 28), 5)
    # Mon–Fri fallback for 2027: 29, 30, 31 Dec, then Fri 1 Jan and Mon 4 Jan 2027
    assert deadline.day == date(2027, 1, 4) and deadline.provisional
    assert deadline.at == datetime(2027, 1, 4, 23, 59, 59, 999999, CHINA)


def test_loading_the_2027_schedule_changes_that_deadline_CAL_1():
    schedule_2027 = YearSchedule(
        2027, frozenset({date(2027, 1, 1)}), frozenset(), source="administrator"
    )
    loaded = WorkingCalendar({**official_schedules(), 2027: schedule_2027})
    deadline = loaded.add_working_days(date(2026, 12, 28), 5)
    assert deadline.day == date(2027, 1, 5) and not deadline.provisional


def test_a_deadline_inside_a_known_year_is_never_provisional_CAL_1(official):
    assert not official.add_working_days(date(2026, 3, 2), 10).provisional
    assert official.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == (
        3,
        False,
    )  # 8, 9, 10 Oct


def test_the_day_or_the_next_day_is_calendar_days_in_china_time_CAL_2(official):
    late_evening_utc = datetime(
        2026, 10, 1, 17, 30, tzinfo=UTC
    )  # already 2 Oct in China
    assert official.end_of_next_day(late_evening_utc).day == date(2026, 10, 3)
    assert official.within_calendar_days(late_evening_utc, 2).day == date(2026, 10, 4)
