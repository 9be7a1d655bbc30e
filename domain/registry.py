"""The five-level unit tree (BZ-L1) as one aggregate per deployment.

One aggregate, not one per unit, because the tree's invariants (no cycle, no
orphan, no level skip) span units: a single version number makes a concurrent
move and retirement conflict instead of silently leaving an orphan.
"""

from __future__ import annotations

from collections import defaultdict
from copy import deepcopy
from dataclasses import dataclass, replace
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.errors import InvalidTree, UnknownUnit
from domain.levels import Level
from domain.vocabulary import label

REGISTRY_ID = uuid5(NAMESPACE_URL, "gov:registry")


@dataclass(frozen=True)
class Unit:
    code: str
    level: Level
    name: str
    parent: str | None
    retired: bool = False


class Registry(Aggregate):
    """All units of one deployment, keyed by code."""

    class Started(Aggregate.Created):
        pass

    class UnitRegistered(ActedEvent):
        code: str
        level: str
        name: str
        parent: str | None

        def apply(self, aggregate: Registry) -> None:
            aggregate.units[self.code] = Unit(
                self.code, Level(self.level), self.name, self.parent
            )

    class UnitRenamed(ActedEvent):
        code: str
        name: str

        def apply(self, aggregate: Registry) -> None:
            aggregate.units[self.code] = replace(
                aggregate.units[self.code], name=self.name
            )

    class UnitMoved(ActedEvent):
        code: str
        old_parent: str
        new_parent: str

        def apply(self, aggregate: Registry) -> None:
            aggregate.units[self.code] = replace(
                aggregate.units[self.code], parent=self.new_parent
            )

    class UnitRetired(ActedEvent):
        code: str
        reason: str

        def apply(self, aggregate: Registry) -> None:
            aggregate.units[self.code] = replace(
                aggregate.units[self.code], retired=True
            )

    @event(Started)
    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self._children_index: tuple[int, dict[str, list[str]]] = (-1, {})

    @classmethod
    def create_id(cls) -> UUID:
        return REGISTRY_ID

    def __deepcopy__(self, memo: dict[int, Any]) -> Registry:
        """A command's private copy (`Ledger.registry(for_update=True)`) sharing the units:
        each is a frozen value of immutable fields and every event replaces it rather than
        changing it, so only the dict is the copy's own (the children index is replaced, never
        changed, and is shared too). The generic deep copy walked every unit: about 1.5 s of
        the GIL at Beijing's 77,000 units for each registry edit."""
        copied = object.__new__(type(self))
        memo[id(self)] = copied
        for name, value in self.__dict__.items():
            if name == "units":
                value = dict(value)
            elif name != "_children_index":
                value = deepcopy(value, memo)
            copied.__dict__[name] = value
        return copied

    # ---- queries -------------------------------------------------------
    def unit(self, code: str) -> Unit:
        try:
            return self.units[code]
        except KeyError:
            raise UnknownUnit(
                f"unknown unit {code!r}", zh=f"没有编码为 {code} 的单位"
            ) from None

    def active_unit(self, code: str) -> Unit:
        unit = self.unit(code)
        if unit.retired:
            raise InvalidTree(
                f"unit {code!r} is retired",
                zh=f"单位 {code} 已撤销",
                allowed=["choose an active unit"],
            )
        return unit

    def ancestors(self, code: str) -> list[str]:
        """Codes from the unit's parent up to the district."""
        chain, parent = [], self.unit(code).parent
        while parent is not None:
            chain.append(parent)
            parent = self.units[parent].parent
        return chain

    def is_within(self, code: str, root: str) -> bool:
        """True when `code` is `root` or lies below it."""
        return code == root or root in self.ancestors(code)

    def children(self, code: str) -> list[str]:
        """The active units directly below."""
        return sorted(
            c for c in self._below().get(code, ()) if not self.units[c].retired
        )

    def subtree(self, code: str) -> list[str]:
        """The unit and every unit below it, retired ones too (none for an unknown code)."""
        found, below = set(), self._below()
        frontier = [code] if code in self.units else []
        while frontier:
            unit = frontier.pop()
            if unit not in found:  # a damaged log could hold a cycle: never loop on it
                found.add(unit)
                frontier.extend(below.get(unit, ()))
        return sorted(found)

    def _below(self) -> dict[str, list[str]]:
        """Each unit's direct children, retired too, built once a version (and never changed
        after): the reads walk one subtree, not every unit of a city (a walk of Beijing's
        77,000 units took 45–100 ms, bench/registry_scale.py). Built from the values, with
        one list a parent: a tuple a unit made the build several times slower (the GC)."""
        at, index = self._children_index
        if at != self.version:  # the version read first: a later event rebuilds
            at, index = self.version, defaultdict(list)
            for unit in list(self.units.values()):
                if unit.parent is not None:
                    index[unit.parent].append(unit.code)
            self._children_index = (at, index)
        return index

    # ---- commands ------------------------------------------------------
    def register(
        self, actor: Actor, code: str, level: Level, name: str, parent: str | None
    ) -> None:
        if code in self.units:
            raise InvalidTree(
                f"unit {code!r} already exists",
                zh=f"单位 {code} 已存在",
                allowed=["rename", "move"],
            )
        self._check_parent(level, parent)
        self.trigger_event(
            self.UnitRegistered,
            code=code,
            level=level.value,
            name=name,
            parent=parent,
            **actor.event_fields(),
        )

    def rename(self, actor: Actor, code: str, name: str) -> None:
        self.active_unit(code)
        self.trigger_event(
            self.UnitRenamed, code=code, name=name, **actor.event_fields()
        )

    def move(self, actor: Actor, code: str, new_parent: str | None) -> None:
        """Under another parent; no parent (None) is refused like any wrong one."""
        unit = self.active_unit(code)
        self._check_parent(unit.level, new_parent)
        if new_parent == unit.parent:
            raise InvalidTree(
                f"unit {code!r} is already under {new_parent!r}",
                zh=f"单位 {code} 已在 {new_parent} 之下",
            )
        self.trigger_event(
            self.UnitMoved,
            code=code,
            old_parent=unit.parent,
            new_parent=new_parent,
            **actor.event_fields(),
        )

    def retire(self, actor: Actor, code: str, reason: str) -> None:
        self.active_unit(code)
        if self.children(code):
            raise InvalidTree(
                f"unit {code!r} still has active units below it",
                zh=f"单位 {code} 之下仍有在用的单位",
                allowed=["move or retire its children first"],
            )
        self.trigger_event(
            self.UnitRetired, code=code, reason=reason, **actor.event_fields()
        )

    def _check_parent(self, level: Level, parent: str | None) -> None:
        """Levels strictly decrease along parent links, so no cycle can form."""
        expected = level.parent_level
        if expected is None:
            if parent is not None:
                raise InvalidTree("a district has no parent", zh="区没有上级单位")
            return
        if parent is None:
            raise InvalidTree(
                f"a {level.value} needs a parent {expected.value} (no orphans)",
                zh=f"{label('level', level.value)}须有上级"
                f"{label('level', expected.value)}（不得无上级）",
            )
        found = self.active_unit(parent).level
        if found is not expected:
            raise InvalidTree(
                f"a {level.value} must sit directly under a {expected.value}, not a {found.value} "
                "(no level skip)",
                zh=f"{label('level', level.value)}须直属于{label('level', expected.value)}，"
                f"不能挂在{label('level', found.value)}下（不得跨级）",
            )
