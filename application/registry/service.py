"""Keeping the five-level tree and its people in line with a description of them.

`import_tree` is idempotent: it compares the description with the current state
and records only the differences, so importing the same file twice changes
nothing. Units missing from a file are left alone (retiring is a deliberate act).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from application.access.granted import grant_actor
from application.access.grants import Grant
from application.ledger import IdempotencyKey, Ledger, Outcome, check_version
from application.principals import Principal
from application.registry.commands import UnitCommand
from domain.actors import Actor
from domain.errors import OutsideJurisdiction, UnknownPerson
from domain.levels import Level, Role
from domain.people import Person, person_id_for
from domain.registry import Registry
from domain.rolls import GroupRoll


@dataclass(frozen=True)
class UnitSpec:
    code: str
    level: Level
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class PersonSpec:
    ref: str
    name: str
    phone: str = ""
    address: str = ""
    home_group: str | None = None
    roles: frozenset[tuple[Role, str]] = field(default_factory=frozenset)


class RegistryService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def import_tree(
        self,
        actor: Actor,
        units: list[UnitSpec],
        people: list[PersonSpec],
        checked: Callable[[], None] | None = None,
    ) -> dict[str, Any]:
        """Apply the differences: all checked before anything is written, then written in chunks.

        `checked` is called after each person is compared (a progress bar's step)."""

        def build() -> Outcome:
            registry, rolls = self.ledger.registry(for_update=True), Rolls(self.ledger)
            for spec in units:
                _sync_unit(registry, actor, spec)
            changed = []
            for wanted in people:
                if (p := self._sync_person(registry, rolls, actor, wanted)) is not None:
                    changed.append(p)
                if checked is not None:
                    checked()
            touched = [registry, *changed, *rolls.changed()]
            return Outcome(
                touched, {"events_written": sum(len(a.pending_events) for a in touched)}
            )

        return self.ledger.commit_in_chunks(build)

    def change(
        self,
        principal: Principal,
        command: UnitCommand,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """A change to the registry, by the administrator the route's grant found. The registry
        is loaded here to be changed: the check read the shared one, never written to."""
        actor = grant_actor(grant) if grant else administrator(principal)

        def build() -> Outcome:
            registry = self.ledger.registry(for_update=True)
            check_version(registry, command.expected_version)
            command.apply(registry, actor)
            unit = registry.unit(command.code)
            return Outcome(
                [registry], {"code": unit.code, "registry_version": registry.version}
            )

        return self.ledger.commit(build, idem)

    def _sync_person(
        self, registry: Registry, rolls: Rolls, actor: Actor, spec: PersonSpec
    ) -> Person | None:
        if spec.home_group is not None:
            registry.active_unit(spec.home_group)
        try:
            person = self.ledger.person(person_id_for(spec.ref), for_update=True)
        except UnknownPerson:
            person = Person.register(
                actor, spec.ref, spec.name, spec.phone, spec.address, spec.home_group
            )
            rolls.move(actor, str(person.id), None, spec.home_group)
        if person.erased:
            return None  # an erased person is never brought back by re-importing an old file
        if (person.name, person.phone, person.address) != (
            spec.name,
            spec.phone,
            spec.address,
        ):
            person.change_details(actor, spec.name, spec.phone, spec.address)
        if person.home_group != spec.home_group:
            rolls.move(actor, str(person.id), person.home_group, spec.home_group)
            person.move_home(actor, spec.home_group)
        for role, unit in sorted(spec.roles - person.roles):
            person.grant(actor, role, unit, registry.active_unit(unit).level)
        for role, unit in sorted(person.roles - spec.roles):
            person.revoke(actor, role, unit)
        return person if person.pending_events else None


class Rolls:
    """The group rolls touched by one import, loaded once and saved with it."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.loaded: dict[str, GroupRoll] = {}

    def roll(self, group: str) -> GroupRoll:
        if group not in self.loaded:
            self.loaded[group] = self.ledger.group_roll(group)
        return self.loaded[group]

    def move(
        self, actor: Actor, person_id: str, old: str | None, new: str | None
    ) -> None:
        if old is not None:
            self.roll(old).leave(actor, person_id)
        if new is not None:
            self.roll(new).join(actor, person_id)

    def changed(self) -> list[GroupRoll]:
        return [roll for roll in self.loaded.values() if roll.pending_events]


def _sync_unit(registry: Registry, actor: Actor, spec: UnitSpec) -> None:
    current = registry.units.get(spec.code)
    if current is None:
        registry.register(actor, spec.code, spec.level, spec.name, spec.parent)
        return
    if current.name != spec.name:
        registry.rename(actor, spec.code, spec.name)
    if current.parent != spec.parent:
        registry.move(actor, spec.code, spec.parent)


def administrator(principal: Principal) -> Actor:
    for role, unit in principal.roles:
        if role is Role.ADMINISTRATOR:
            return Actor(principal.person_id, role, unit)
    raise OutsideJurisdiction(
        "only an administrator can change the registry",
        rule_id="BZ-L1",
        zh="只有管理员可以修改名册",
    )
