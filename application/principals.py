"""The authenticated person behind a call, and the actor they act as."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actors import Actor
from domain.errors import OutsideJurisdiction
from domain.levels import Role
from domain.people import Person


@dataclass(frozen=True)
class Principal:
    person_id: str
    ref: str
    home_group: str | None
    roles: frozenset[tuple[Role, str]]

    @classmethod
    def of(cls, person: Person) -> Principal:
        return cls(
            str(person.id), person.ref, person.home_group, frozenset(person.roles)
        )

    def as_resident(self) -> Actor:
        if self.home_group is None:
            raise OutsideJurisdiction(
                "only a resident of a group can do this",
                rule_id="BZ-L1",
                zh="只有居民小组的居民可以办理此事",
            )
        return Actor(self.person_id, Role.RESIDENT, self.home_group)

    def held(self) -> list[tuple[Role, str]]:
        """Every role with its unit; a home group counts as the resident role there."""
        resident = [(Role.RESIDENT, self.home_group)] if self.home_group else []
        return [*resident, *sorted(self.roles)]

    def has_role(self, role: Role) -> bool:
        return any(r is role for r, _ in self.roles)
