"""A topic's running deadlines (WZ-5.3-a/b, WZ-5.7-a/c, WZ-5.8-c, SX-T1) and their recomputation
once a year's official working-day schedule is loaded (CAL-1).

A deadline counted in working days across a year the service had no official data for is
*provisional* (Monday–Friday). Loading that year's schedule recounts each provisional deadline
from the moment it was counted from, and the topic records the new moments as one event.
Calendar-day deadlines (filing by the next day, communicating within two days: CAL-2) never are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.actors import ActedEvent, Actor
from domain.calendar import Deadline, china_text
from domain.deliberation.topic_state import TopicState

WORKING_DAY_DUES = ("plan", "sit", "implement")


class DeadlinesRecomputedBase(ActedEvent):
    """CAL-1: the new moments of the topic's provisional deadlines, and which stay provisional."""

    dues: dict[str, str]
    provisional: list[str]

    def apply(self, aggregate: Any) -> None:
        counted = {k: v for k, v in self.dues.items() if k != "implement"}
        aggregate.due_at = {**aggregate.due_at, **counted}
        if "implement" in self.dues:
            aggregate.implement_due = self.dues["implement"]
            aggregate.implement_provisional = "implement" in self.provisional
        aggregate.provisional = frozenset(
            k for k in self.provisional if k != "implement"
        )


class TopicDeadlines(TopicState):
    DeadlinesRecomputed: type
    outcome: Any
    implement_due: str | None
    implement_provisional: bool
    provisional: frozenset[str]
    completed: bool

    def is_open(self) -> bool:
        return self.status not in ("proposed", "registered", "rejected")

    def dues(self) -> dict[str, datetime]:
        running: tuple[str, ...] = {
            "approved": ("plan", "sit"),
            "planned": ("sit",),
            "announced": ("sit",),
        }.get(self.status, ())
        if self.outcome is not None:
            running = tuple(k for k in ("file", "communicate") if not self.steps.get(k))
            running += (
                ("implement",) if self.implement_due and not self.completed else ()
            )
        found = {**self.due_at, "implement": self.implement_due}
        return {k: datetime.fromisoformat(v) for k in running if (v := found.get(k))}

    def provisional_dues(self) -> list[str]:
        """The running working-day deadlines that were counted provisionally (CAL-1)."""
        flagged = self.provisional | (
            {"implement"} if self.implement_provisional else set()
        )
        return sorted(k for k in self.dues() if k in flagged)

    def recompute_deadlines(self, actor: Actor, counted: dict[str, Deadline]) -> bool:
        """Record the recounted deadlines; nothing when the recount changed nothing."""
        current = self.dues()
        changed = {
            k: d
            for k, d in counted.items()
            if k in self.provisional_dues()
            and (d.at != current[k] or not d.provisional)
        }
        if not changed:
            return False
        self.trigger_event(
            self.DeadlinesRecomputed,
            dues={k: china_text(d.at) for k, d in changed.items()},
            provisional=sorted(k for k, d in counted.items() if d.provisional),
            **actor.event_fields(),
        )
        return True
