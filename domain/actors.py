"""Who acted, in which role, at which unit: recorded on every event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from eventsourcing.domain import Aggregate

from domain.levels import Role

SYSTEM_ID = "system"


class ActorFields(TypedDict):
    """The fields naming the actor on every event."""

    actor_id: str
    actor_role: str
    actor_unit: str | None


@dataclass(frozen=True)
class Actor:
    person_id: str
    role: Role
    unit: str | None = None

    def event_fields(self) -> ActorFields:
        """The actor as the flat, typed fields every event carries."""
        return {
            "actor_id": self.person_id,
            "actor_role": self.role.value,
            "actor_unit": self.unit,
        }


SYSTEM = Actor(SYSTEM_ID, Role.SYSTEM, None)


class ActedEvent(Aggregate.Event):
    """Base of every non-creation event: it records who acted, as what, where."""

    actor_id: str
    actor_role: str
    actor_unit: str | None
