"""A topic's running deadlines (WZ-5.3-a/b, WZ-5.7-a/c, WZ-5.8-c, SX-T1) and their recomputation
once a year's official working-day schedule is loaded (CAL-1).

A deadline counted in working days across a year the service had no official data for is
*provisional* (Monday–Friday). Loading that year's schedule recounts each provisional deadline
from the moment it was counted from, and the topic records the new moments as one event.
Calendar-day deadlines (filing by the next day, communicating within two days: CAL-2) never are.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from domain.actors import ActedEvent, Actor
from domain.calendar import Deadline, china_text

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic

WORKING_DAY_DUES = ("plan", "sit", "implement")


class DeadlinesRecomputedBase(ActedEvent):
    """CAL-1: the new moments of the topic's provisional deadlines, and which stay provisional."""

    dues: dict[str, str]
    provisional: list[str]

    def apply(self, aggregate: Topic) -> None:
        counted = {k: v for k, v in self.dues.items() if k != "implement"}
        aggregate.due_at = {**aggregate.due_at, **counted}
        if "implement" in self.dues:
            aggregate.implement_due = self.dues["implement"]
            aggregate.implement_provisional = "implement" in self.provisional
        aggregate.provisional = frozenset(
            k for k in self.provisional if k != "implement"
        )


def is_open(topic: Topic) -> bool:
    return topic.status not in ("proposed", "registered", "rejected")


def running_dues(topic: Topic) -> dict[str, datetime]:
    """The deadlines now running on the topic, by kind."""
    running: tuple[str, ...] = {
        "approved": ("plan", "sit"),
        "planned": ("sit",),
        "announced": ("sit",),
    }.get(topic.status, ())
    if topic.outcome is not None:
        running = tuple(k for k in ("file", "communicate") if not topic.steps.get(k))
        running += ("implement",) if topic.implement_due and not topic.completed else ()
    found = {**topic.due_at, "implement": topic.implement_due}
    return {k: datetime.fromisoformat(v) for k in running if (v := found.get(k))}


def provisional_dues(topic: Topic) -> list[str]:
    """The running working-day deadlines that were counted provisionally (CAL-1)."""
    flagged = topic.provisional | (
        {"implement"} if topic.implement_provisional else set()
    )
    return sorted(k for k in running_dues(topic) if k in flagged)


def recompute_deadlines(
    topic: Topic, actor: Actor, counted: dict[str, Deadline]
) -> bool:
    """Record the recounted deadlines; nothing when the recount changed nothing."""
    current, pending = running_dues(topic), provisional_dues(topic)
    changed = {
        k: d
        for k, d in counted.items()
        if k in pending and (d.at != current[k] or not d.provisional)
    }
    if not changed:
        return False
    topic.trigger_event(
        topic.DeadlinesRecomputed,
        dues={k: china_text(d.at) for k, d in changed.items()},
        provisional=sorted(k for k, d in counted.items() if d.provisional),
        **actor.event_fields(),
    )
    return True
