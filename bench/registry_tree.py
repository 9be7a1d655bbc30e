"""A registry at a city's size for bench/registry_scale.py: the demo district plus synthetic units.

Beijing has 16 districts, about 340 streets, 7,000 communities and 70,000 resident groups. The
demo district is one of them, so the synthetic part adds what it lacks at each level, each unit
under one of the level above in turn (levels strictly decrease, as BZ-L1 requires). The units go
in through `RegistryService.import_tree`, the path `gov registry import` takes, a batch of units
per transaction: every rule is checked as for an administrator's import.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from application.registry.service import UnitSpec
from domain.actors import SYSTEM
from domain.levels import Level
from domain.registry import Registry
from infra.container import Container

BEIJING = {
    Level.DISTRICT: 16,
    Level.STREET: 340,
    Level.COMMUNITY: 7_000,
    Level.GROUP: 70_000,
}
TOP_DOWN = (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GROUP)
PREFIX = {Level.DISTRICT: "BJ", Level.STREET: "BJS", Level.COMMUNITY: "BJC"}
PREFIX[Level.GROUP] = "BJG"
NAME = {
    Level.DISTRICT: "合成区",
    Level.STREET: "合成街道",
    Level.COMMUNITY: "合成社区",
    Level.GROUP: "合成居民小组",
}
UNITS_A_TRANSACTION = 2_000  # the ledger's chunk size for bulk changes (CHUNK_EVENTS)


@dataclass
class Imported:
    units: int = 0
    events: int = 0
    seconds: float = 0.0


def scaled(scale: float) -> dict[Level, int]:
    """Beijing's sizes times `scale` (a test runs the bench at a tiny one)."""
    return {level: max(1, round(n * scale)) for level, n in BEIJING.items()}


def synthetic_units(
    demo: list[UnitSpec], sizes: dict[Level, int] = BEIJING
) -> list[UnitSpec]:
    """The units the demo district lacks for `sizes`, top level first (parents before
    children), each under the synthetic units of the level above in turn, or the demo's."""
    added: list[UnitSpec] = []
    parents: list[str | None] = [None]
    for level in TOP_DOWN:
        demo_level = [u.code for u in demo if u.level is level]
        wanted, width = max(0, sizes[level] - len(demo_level)), len(str(sizes[level]))
        level_units = [
            UnitSpec(
                f"{PREFIX[level]}{n:0{width}d}",
                level,
                f"{NAME[level]}{n}",
                parents[n % len(parents)],
            )
            for n in range(wanted)
        ]
        added += level_units
        parents = [u.code for u in level_units] or list(demo_level)
    return added


def import_units(container: Container, units: list[UnitSpec]) -> Imported:
    """Through the registry's import, `UNITS_A_TRANSACTION` units at a time."""
    result, began = Imported(), time.perf_counter()
    for start in range(0, len(units), UNITS_A_TRANSACTION):
        batch = units[start : start + UNITS_A_TRANSACTION]
        answer = container.registry.import_tree(SYSTEM, batch, [])
        result.events += answer["events_written"]
        result.units += len(batch)
    result.seconds = time.perf_counter() - began
    return result


def counts(container: Container) -> dict[Level, int]:
    return dict(Counter(u.level for u in container.ledger.registry().units.values()))


# Reads that walk every unit (used by statistics, public notices, people search, page names)
COMMUNITY, DISTRICT = "CX0101", "CX"


def _subtree_before(r: Registry) -> object:
    return sorted(c for c in r.units if r.is_within(c, COMMUNITY))


def _children_before(r: Registry) -> object:
    return sorted(
        c for c, u in r.units.items() if u.parent == DISTRICT and not u.retired
    )


WALKS: dict[str, Callable[[Registry], object]] = {
    "`subtree` of a demo community, the index kept a version (now)": lambda r: (
        r.subtree(COMMUNITY)
    ),
    "the same, every unit's ancestors walked (before)": _subtree_before,
    "`children` of the demo district, the index (now)": lambda r: r.children(DISTRICT),
    "the same, every unit looked at (before)": _children_before,
    "every unit's name (the pages' name map)": lambda r: {
        c: u.name for c, u in r.units.items()
    },
}
FIRST = "the first `subtree` after a load (builds the index)"


def walks(container: Container) -> dict[str, float]:
    """The median of five of each walk over the loaded registry, in seconds; the first
    indexed walk after the load on its own (it builds the index)."""
    registry = container.ledger.registry()
    began = time.perf_counter()
    registry.subtree(COMMUNITY)
    found = {FIRST: time.perf_counter() - began}
    for name, walk in WALKS.items():
        times = []
        for _ in range(5):
            began = time.perf_counter()
            walk(registry)
            times.append(time.perf_counter() - began)
        found[name] = sorted(times)[2]
    return found
