"""Deliberation deadlines in working days (WZ-5.3-a/b, WZ-5.8-c, SX-T1) and their recomputation once
a year's official schedule is loaded (CAL-1).

Each is counted from a recorded moment (the review, the outcome) with the calendar in force and
flagged provisional when it crosses a year without official data. Loading that year recounts every
open topic's provisional deadlines from the same moment and records the new ones as an event
(`DeadlinesRecomputed`, visible in the topic's timeline).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

from application.ledger import Outcome
from domain.actors import SYSTEM
from domain.calendar import Deadline, WorkingCalendar
from domain.deliberation.profiles import RuleProfile
from domain.deliberation.topic_deadlines import provisional_dues, recompute_deadlines
from domain.deliberation.topics import Topic
from domain.deliberation.vocabulary import TopicClass

DATED_TOPICS = (
    "SELECT topic_id FROM gov_topics WHERE plan_due IS NOT NULL "
    "OR sit_due IS NOT NULL OR implement_due IS NOT NULL ORDER BY topic_id"
)


class Rows(Protocol):
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


def plan_and_sit_dues(
    calendar: WorkingCalendar,
    profile: RuleProfile,
    chosen: TopicClass | None,
    start: datetime,
) -> dict[str, Deadline]:
    """WZ-5.3-a/b in working days; under a profile with classes, SX-T1: an immediate topic is taken
    up within 48 hours (never provisional), an in-depth one starts within 5 working days."""
    days = profile.deadlines
    if profile.topic_classes and chosen is TopicClass.IMMEDIATE:
        hours = days.immediate_response_hours or 0
        soon = Deadline(start + timedelta(hours=hours), False)
        return {"plan": soon, "sit": soon}
    if profile.topic_classes and chosen is TopicClass.IN_DEPTH:
        begin = calendar.add_working_days(start, days.in_depth_start_working_days or 0)
        return {"plan": begin, "sit": begin}
    return {
        "plan": calendar.add_working_days(start, days.settle_plan_working_days),
        "sit": calendar.add_working_days(start, days.sit_within_working_days),
    }


def implementation_deadline(
    calendar: WorkingCalendar, profile: RuleProfile, start: datetime
) -> Deadline:
    """WZ-5.8-c: a simple matter is done within 30 working days of the result."""
    return calendar.add_working_days(
        start, profile.deadlines.simple_done_within_working_days
    )


def recounted(
    calendar: WorkingCalendar, profile: RuleProfile, topic: Topic
) -> dict[str, Deadline]:
    """The topic's provisional deadlines counted again, from the moments they were counted from."""
    pending, counted = provisional_dues(topic), {}
    if topic.counted_from and {"plan", "sit"} & set(pending):
        start = datetime.fromisoformat(topic.counted_from)
        chosen = TopicClass(topic.topic_class) if topic.topic_class else None
        counted = plan_and_sit_dues(calendar, profile, chosen, start)
    if "implement" in pending and topic.settled_at is not None:
        counted["implement"] = implementation_deadline(
            calendar, profile, topic.settled_at
        )
    return {k: d for k, d in counted.items() if k in pending}


class TopicDeadlineRecount:
    """After a schedule is loaded: every open topic's provisional deadlines, recounted (CAL-1)."""

    def __init__(self, service: Any):
        self.service, self.ledger = service, service.ledger

    def recompute_provisional(self, rows: Rows) -> dict[str, int]:
        changed = 0
        for row in rows.fetch(DATED_TOPICS, {}):
            topic_id = str(row["topic_id"])
            changed += self.ledger.commit(partial(self._recompute, topic_id))["changed"]
        return {"recomputed_topics": changed}

    def _recompute(self, topic_id: str) -> Outcome:
        topic = self.ledger.topic(topic_id)
        counted = recounted(
            self.service.deadlines.calendar(), self.service.profile_of(topic), topic
        )
        changed = bool(counted) and recompute_deadlines(topic, SYSTEM, counted)
        return Outcome([topic], {"changed": int(changed)})
