"""A task's deadline counted again once a year's official schedule is loaded (CAL-1).

A task due in N working days across a year without official data was counted Monday–Friday and
flagged provisional. The recount (application/tasks/deadlines.py) reaches the task and the
assignments it issued directly that still carry its old deadline (a holder's own sub-deadline is
theirs), each recording the new moment as an event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.actors import ActedEvent, Actor


class DeadlineRecomputedBase(ActedEvent):
    """CAL-1: the task's provisional deadline, recounted, reaches the assignments it issued."""

    deadline: str
    provisional: bool

    def apply(self, aggregate: Any) -> None:
        aggregate.deadline = datetime.fromisoformat(self.deadline)


def recount_assignment(
    assignment: Any, actor: Actor, was: datetime, deadline: datetime, provisional: bool
) -> bool:
    """Only an open assignment still carrying the task's old deadline follows the recount."""
    if not assignment.is_open() or assignment.deadline != was or deadline == was:
        return False
    assignment.trigger_event(
        assignment.DeadlineRecomputed,
        deadline=deadline.isoformat(),
        provisional=provisional,
        **actor.event_fields(),
    )
    return True
