"""The role a person acts in on an item (BZ-D3), recorded on the events they cause.

Staff act on their unit and every unit below it; a supervision committee member
changes nothing but urges. When a person holds several roles that reach a unit,
the nearest one (lowest in the tree) is the role they acted in. Who may call what,
where, is the access matrix's (application/access/matrix.py), checked by the API.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.actors import Actor
from domain.errors import OutsideJurisdiction
from domain.levels import HANDLING_ROLES, READING_ROLES, Role
from domain.registry import Registry


def nearest(
    reaching: Iterable[tuple[Role, str]], registry: Registry
) -> tuple[Role, str] | None:
    """Of the roles that reach an item, the one a person acts in: the one held at the deepest
    unit (nearest the item); of equals, the first given. The access check
    (application/access/grants.py) and the roles below both choose with it."""
    return max(
        reaching, default=None, key=lambda held: len(registry.ancestors(held[1]))
    )


def _covering(
    roles: Iterable[tuple[Role, str]],
    allowed: frozenset[Role],
    unit: str,
    registry: Registry,
) -> tuple[Role, str] | None:
    """The nearest allowed role held at `unit` or above it; of equals, by role name."""
    lineage = {unit, *registry.ancestors(unit)}
    found = [(role, u) for role, u in roles if role in allowed and u in lineage]
    return nearest(sorted(found, key=lambda held: held[0].value), registry)


def _nearest_actor(
    person_id: str,
    roles: Iterable[tuple[Role, str]],
    allowed: frozenset[Role],
    unit: str,
    registry: Registry,
    refusal: tuple[str, str],  # (English, Chinese)
    rule_id: str = "",
) -> Actor:
    best = _covering(roles, allowed, unit, registry)
    if best is None:
        raise OutsideJurisdiction(refusal[0], zh=refusal[1], rule_id=rule_id)
    role, at = best
    return Actor(person_id, role, at)


def acting_role(
    person_id: str, roles: Iterable[tuple[Role, str]], unit: str, registry: Registry
) -> Actor:
    """The actor a staff member acts as on an item held at `unit`."""
    return _nearest_actor(
        person_id,
        roles,
        HANDLING_ROLES,
        unit,
        registry,
        (f"no handling role reaches unit {unit}", f"您没有管辖 {unit} 的办理角色"),
    )


def reading_role(
    person_id: str, roles: Iterable[tuple[Role, str]], unit: str, registry: Registry
) -> Actor:
    """The actor a person reads as on `unit` (the deliberation service's own reads use it)."""
    return _nearest_actor(
        person_id,
        roles,
        READING_ROLES,
        unit,
        registry,
        (f"no role lets you read unit {unit}", f"您没有可查看 {unit} 的角色"),
    )
