"""The administrator's changes to the unit tree, one frozen dataclass per use case,
run by `RegistryService.change` against the registry at the version the caller saw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.actors import Actor
from domain.levels import Level
from domain.registry import Registry


@dataclass(frozen=True, kw_only=True)
class UnitCommand:
    action: ClassVar[str]
    code: str
    expected_version: int | None = None

    def apply(self, registry: Registry, actor: Actor) -> None:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class RegisterUnit(UnitCommand):
    action = "register"
    level: str
    name: str
    parent: str | None = None

    def apply(self, registry: Registry, actor: Actor) -> None:
        registry.register(actor, self.code, Level(self.level), self.name, self.parent)


@dataclass(frozen=True, kw_only=True)
class RenameUnit(UnitCommand):
    action = "rename"
    name: str

    def apply(self, registry: Registry, actor: Actor) -> None:
        registry.rename(actor, self.code, self.name)


@dataclass(frozen=True, kw_only=True)
class MoveUnit(UnitCommand):
    action = "move"
    parent: str

    def apply(self, registry: Registry, actor: Actor) -> None:
        registry.move(actor, self.code, self.parent)


@dataclass(frozen=True, kw_only=True)
class RetireUnit(UnitCommand):
    action = "retire"
    reason: str

    def apply(self, registry: Registry, actor: Actor) -> None:
        registry.retire(actor, self.code, self.reason)
