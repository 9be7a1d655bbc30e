"""Where an action may be taken: the scope a role has, where a target lies, and whether
the one reaches the other (BZ-D3). The access matrix (application/access/matrix.py) gives
each role of each operation a scope; the role the caller then acts in is chosen by
domain.jurisdiction.nearest.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from domain.assignments import Assignment
from domain.registry import Registry


class Caller(Protocol):
    """Whoever asks: only who they are matters here (their roles come with each call)."""

    @property
    def person_id(self) -> str: ...


class Scope(str, Enum):
    PUBLIC = "public"  # no token needed
    ANYONE = "anyone"  # any authenticated caller
    SELF = "self"  # the caller's own data; there is no other target
    ANYWHERE = "anywhere"  # whoever holds the role, wherever
    OWN = "own"  # the caller is the person the target belongs to
    OWN_UNIT = "own unit"  # the target lies at the role's unit
    SUBTREE = "subtree"  # at the role's unit or below it
    COMMUNITY = "community"  # the supervision committee's community and below it
    ABOVE = "above"  # strictly below the role's unit (the role is above the holder)
    TOPIC_ROLE = "topic role"  # the caller holds a role on the topic (proposer, convenor, host, participant …)
    MEMBER = "member"  # that, or the role's unit lies in the topic's community (its residents)
    NONE = "none"


OPEN_SCOPES = frozenset({Scope.PUBLIC, Scope.ANYONE, Scope.SELF})


@dataclass(frozen=True)
class Reach:
    """Where a target lies: its units, the person it belongs to and, for a deliberation topic,
    the people holding a role on it. `deferred`: the body is malformed, the target unknown;
    the caller needs some role for the operation, and the schema refuses the body next (422).
    `open_to_members`: the units' members reach it through `member` scope without a role on it —
    a proposal always, a topic once announced (WZ-5.4); before that its proposer's words are
    for the committees and the people it names, not the neighbours."""

    units: tuple[str, ...] = ()
    owner: str | None = None
    deferred: bool = False
    role_holders: frozenset[str] = frozenset()
    open_to_members: bool = False

    @classmethod
    def of_assignment(cls, assignment: Assignment) -> Reach:
        """A resident's notice reaches its resident; a unit's share, its unit."""
        if assignment.is_notice or assignment.unit is None:
            return cls((), assignment.resident_id)
        return cls((assignment.unit,))


def reaches(
    scope: Scope, caller: Caller, unit: str, reach: Reach, registry: Registry
) -> bool:
    if scope in OPEN_SCOPES or scope is Scope.ANYWHERE:
        return True
    if reach.deferred:
        return scope is not Scope.NONE
    if scope is Scope.OWN:
        return reach.owner is not None and reach.owner == caller.person_id
    if scope is Scope.OWN_UNIT:
        return unit in reach.units
    if scope in (Scope.SUBTREE, Scope.COMMUNITY):
        return any(registry.is_within(u, unit) for u in reach.units)
    if scope is Scope.ABOVE:
        return any(unit in registry.ancestors(u) for u in reach.units)
    if (
        scope in (Scope.TOPIC_ROLE, Scope.MEMBER)
        and caller.person_id in reach.role_holders
    ):
        return True
    return (
        scope is Scope.MEMBER
        and reach.open_to_members
        and any(registry.is_within(unit, u) for u in reach.units)
    )
