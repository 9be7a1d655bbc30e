"""Who lives in a group: kept with the people themselves, in the same transaction.

Pushing a task down to residents needs the group's members at that moment; a
roll saved together with every move in or out answers that from the write side,
without waiting for any read model.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor


def roll_id_for(group: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"gov:group-roll:{group}")


class GroupRoll(Aggregate):
    class Opened(Aggregate.Created):
        group: str

    class MemberJoined(ActedEvent):
        person_id: str

        def apply(self, aggregate: GroupRoll) -> None:
            aggregate.members = aggregate.members | {self.person_id}

    class MemberLeft(ActedEvent):
        person_id: str

        def apply(self, aggregate: GroupRoll) -> None:
            aggregate.members = aggregate.members - {self.person_id}

    @event(Opened)
    def __init__(self, group: str) -> None:
        self.group = group
        self.members: frozenset[str] = frozenset()

    @classmethod
    def create_id(cls, group: str) -> UUID:
        return roll_id_for(group)

    def join(self, actor: Actor, person_id: str) -> None:
        if person_id not in self.members:
            self.trigger_event(
                self.MemberJoined, person_id=person_id, **actor.event_fields()
            )

    def leave(self, actor: Actor, person_id: str) -> None:
        if person_id in self.members:
            self.trigger_event(
                self.MemberLeft, person_id=person_id, **actor.event_fields()
            )
