"""Who may act and read where (BZ-D3).

Staff act on their unit and every unit below it; a supervision committee member
reads everything in its community and changes nothing; a resident acts on their
own requests only. When a person holds several roles that reach a unit, the
nearest one (lowest in the tree) is recorded as the role they acted in.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.actors import Actor
from domain.errors import OutsideJurisdiction
from domain.levels import HANDLING_ROLES, READING_ROLES, Role
from domain.registry import Registry


def _covering(roles: Iterable[tuple[Role, str]], allowed: frozenset[Role], unit: str, registry: Registry):
    lineage = [unit, *registry.ancestors(unit)]
    found = [(lineage.index(u), role, u) for role, u in roles if role in allowed and u in lineage]
    return min(found, default=None, key=lambda f: (f[0], f[1].value))


def acting_role(person_id: str, roles: Iterable[tuple[Role, str]], unit: str, registry: Registry) -> Actor:
    """The actor a staff member acts as on an item held at `unit`."""
    best = _covering(roles, HANDLING_ROLES, unit, registry)
    if best is None:
        raise OutsideJurisdiction(f"no handling role reaches unit {unit}")
    _, role, at = best
    return Actor(person_id, role, at)


def reading_role(person_id: str, roles: Iterable[tuple[Role, str]], unit: str, registry: Registry) -> Actor:
    """The actor a person reads as on `unit`; refuses units outside their reach."""
    best = _covering(roles, READING_ROLES, unit, registry)
    if best is None:
        raise OutsideJurisdiction(f"no role lets you read unit {unit}")
    _, role, at = best
    return Actor(person_id, role, at)


def can_read_any(roles: Iterable[tuple[Role, str]], units: Iterable[str], registry: Registry) -> bool:
    roles = list(roles)
    return any(_covering(roles, READING_ROLES, u, registry) is not None for u in units)


def urging_role(person_id: str, roles: Iterable[tuple[Role, str]], unit: str, registry: Registry) -> Actor:
    """督办 is for a unit above the holder, or the supervision committee over it."""
    above = registry.ancestors(unit)
    roles = list(roles)
    best = _covering(roles, HANDLING_ROLES, above[0], registry) if above else None
    if best is None:
        best = _covering(roles, frozenset({Role.SUPERVISION_COMMITTEE}), unit, registry)
    if best is None:
        raise OutsideJurisdiction(f"only a unit above {unit} or its supervision committee can urge it",
                                  rule_id="WZ-5.6-e")
    _, role, at = best
    return Actor(person_id, role, at)
