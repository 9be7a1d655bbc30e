"""An assessment period (BZ-A2): a month `2026-11`, a quarter `2026-Q4`, a year `2026`, or
dates from–to (both inclusive), in China time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.calendar import CHINA
from domain.errors import InvalidValue

RULE_ID = "BZ-A2"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    label: str
    first: date
    last: date  # inclusive

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), CHINA)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), CHINA)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def parse_period(
    text: str | None, first: date | None = None, last: date | None = None
) -> Period:
    if text is None:
        if first is None or last is None or last < first:
            raise InvalidValue(
                "give an assessment period (e.g. 2026-11, 2026-Q4, 2026) or a start and end date (start not after end)",
                rule_id=RULE_ID,
                zh="请给出考核期（如 2026-11、2026-Q4、2026），或起止日期（起不晚于止）",
            )
        return Period(f"{first.isoformat()}..{last.isoformat()}", first, last)
    return _named(text.strip())


def _named(text: str) -> Period:
    if found := _MONTH.match(text):
        year, month = int(found[1]), int(found[2])
        if 1 <= month <= 12:
            return Period(text, date(year, month, 1), _month_end(year, month))
    if found := _QUARTER.match(text):
        year, quarter = int(found[1]), int(found[2])
        first_month = 3 * quarter - 2
        return Period(
            f"{year}-Q{quarter}",
            date(year, first_month, 1),
            _month_end(year, first_month + 2),
        )
    if found := _YEAR.match(text):
        year = int(found[1])
        return Period(text, date(year, 1, 1), date(year, 12, 31))
    raise InvalidValue(
        f"unknown assessment period {text!r}: write 2026-11, 2026-Q4 or 2026",
        rule_id=RULE_ID,
        zh=f"无法识别的考核期 {text!r}：请写成 2026-11、2026-Q4 或 2026",
    )
