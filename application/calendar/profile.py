"""Rule profile for requests: level skips, service-level deadlines per level and category.

Deadlines are in working days (CAL-1). The seeds give no numbers for requests;
the defaults below are a community worker's expectation (accept within a working
day at any level; resolve or escalate within 3/5/7/10 working days from group to
district; 20 working days overall) and every figure is configurable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.levels import Level
from domain.vocabulary import Category


@dataclass(frozen=True)
class LevelDeadlines:
    accept_days: int
    resolve_days: int


DEFAULT_LEVELS = {
    Level.GROUP: LevelDeadlines(1, 3),
    Level.COMMUNITY: LevelDeadlines(1, 5),
    Level.STREET: LevelDeadlines(1, 7),
    Level.DISTRICT: LevelDeadlines(1, 10),
}


@dataclass(frozen=True)
class RequestRules:
    """A level skip is off unless configured (BZ-D1); auto-escalation only where listed."""

    allow_level_skip: bool = False
    per_level: dict[Level, LevelDeadlines] = field(
        default_factory=lambda: dict(DEFAULT_LEVELS)
    )
    per_category: dict[tuple[Category, Level], LevelDeadlines] = field(
        default_factory=dict
    )
    overall_days: int = 20
    auto_escalate_at: frozenset[Level] = frozenset()
    # calendar days after a resolution without the resident's answer
    close_unanswered_days: int = 7

    def deadlines(self, level: Level, category: Category) -> LevelDeadlines:
        return self.per_category.get((category, level), self.per_level[level])


PROFILES = {
    "standard": RequestRules(),
    # Overdue requests climb by themselves from the group and the community.
    "auto-escalate": RequestRules(
        auto_escalate_at=frozenset({Level.GROUP, Level.COMMUNITY})
    ),
}
