"""People: residents of a group and/or holders of roles at units.

Personal data (name, phone, address) lives only in the fields listed in each
event's `personal_fields`, so a later per-person cipher can find and erase it.
The person's id is derived from an opaque reference, never from personal data.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.levels import ROLE_LEVEL, Level, Role


def person_id_for(ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"gov:person:{ref}")


class Person(Aggregate):
    class Registered(Aggregate.Created):
        personal_fields = ("name", "phone", "address")
        ref: str
        name: str
        phone: str
        address: str
        home_group: str | None
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class DetailsChanged(ActedEvent):
        personal_fields = ("name", "phone", "address")
        name: str
        phone: str
        address: str

        def apply(self, aggregate: Person) -> None:
            aggregate.name, aggregate.phone, aggregate.address = self.name, self.phone, self.address

    class HomeGroupChanged(ActedEvent):
        home_group: str | None

        def apply(self, aggregate: Person) -> None:
            aggregate.home_group = self.home_group

    class RoleGranted(ActedEvent):
        role: str
        unit: str

        def apply(self, aggregate: Person) -> None:
            aggregate.roles.add((Role(self.role), self.unit))

    class RoleRevoked(ActedEvent):
        role: str
        unit: str

        def apply(self, aggregate: Person) -> None:
            aggregate.roles.discard((Role(self.role), self.unit))

    @event(Registered)
    def __init__(self, ref, name, phone, address, home_group, actor_id, actor_role, actor_unit) -> None:  # noqa: ARG002
        self.ref = ref
        self.name, self.phone, self.address = name, phone, address
        self.home_group: str | None = home_group
        self.roles: set[tuple[Role, str]] = set()

    @classmethod
    def create_id(cls, ref: str, **_: object) -> UUID:
        return person_id_for(ref)

    @classmethod
    def register(cls, actor: Actor, ref: str, name: str, phone: str, address: str, home_group: str | None) -> Person:
        return cls(ref=ref, name=name, phone=phone, address=address, home_group=home_group, **actor.event_fields())

    def change_details(self, actor: Actor, name: str, phone: str, address: str) -> None:
        self.trigger_event(self.DetailsChanged, name=name, phone=phone, address=address, **actor.event_fields())

    def move_home(self, actor: Actor, home_group: str | None) -> None:
        self.trigger_event(self.HomeGroupChanged, home_group=home_group, **actor.event_fields())

    def grant(self, actor: Actor, role: Role, unit: str, unit_level: Level) -> None:
        check_role_level(role, unit_level)
        if (role, unit) in self.roles:
            raise TransitionNotAllowed(f"{self.ref} already holds {role.value} at {unit}", allowed=["revoke"])
        self.trigger_event(self.RoleGranted, role=role.value, unit=unit, **actor.event_fields())

    def revoke(self, actor: Actor, role: Role, unit: str) -> None:
        if (role, unit) not in self.roles:
            raise TransitionNotAllowed(f"{self.ref} holds no {role.value} at {unit}", allowed=["grant"])
        self.trigger_event(self.RoleRevoked, role=role.value, unit=unit, **actor.event_fields())



def check_role_level(role: Role, unit_level: Level) -> None:
    expected = ROLE_LEVEL.get(role)
    if expected is None:
        raise InvalidValue(f"role {role.value} cannot be granted", rule_id="BZ-L2")
    if expected is not unit_level:
        raise InvalidValue(
            f"{role.value} is held at a {expected.value}, not a {unit_level.value}", rule_id="BZ-L2"
        )
