"""Checking a caller against the access matrix (application/access_matrix.py).

A row is keyed by its operation; the route serving it (api/routes/*.py, `allow(operation)`)
is the only place its method and path are written.

A rule gives each role a scope; the caller passes when any role they hold (a
home group counts as the resident role) reaches the target the API resolved:
the units it lies at and the person it belongs to. Only *where* a caller may act
is decided here; what the item's state allows stays with the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from application.principals import Principal
from domain.assignments import Assignment
from domain.errors import OutsideJurisdiction
from domain.levels import Role
from domain.registry import Registry


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
ROLES = tuple(Role)


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


@dataclass(frozen=True)
class Rule:
    operation: str
    target: str
    scopes: dict[Role, Scope]
    rule_id: str = "BZ-D3"
    personal: bool = False  # reads of it by anyone but its subject go to the access log
    note: str = ""
    # Roles whose only reach is a state the domain refuses (the walk expects a 409, never a 401/403).
    domain_refuses: frozenset[Role] = frozenset()
    # For a `topic role` scope: the roles on the topic the domain lets act (empty: any of them);
    # a caller holding only other roles on it passes the matrix and is refused by the topic (403).
    topic_roles: frozenset[str] = frozenset()

    def scope(self, role: Role) -> Scope:
        return self.scopes.get(role, Scope.NONE)

    @property
    def is_public(self) -> bool:
        return Scope.PUBLIC in self.scopes.values()

    @property
    def is_open(self) -> bool:
        return any(s in OPEN_SCOPES for s in self.scopes.values())


@dataclass(frozen=True)
class Grant:
    """Who passed, through which role at which unit, to reach what."""

    rule: Rule
    person_id: str
    role: Role | None
    unit: str | None
    reach: Reach


class AccessRefused(OutsideJurisdiction):
    """No role of the caller reaches the target for this operation."""


def reaches(
    scope: Scope, caller: Principal, unit: str, reach: Reach, registry: Registry
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


def granting(
    rule: Rule, caller: Principal, reach: Reach, registry: Registry
) -> tuple[Role, str] | None:
    """The nearest (deepest) role of the caller that reaches the target, if any."""
    passing = [
        (r, u)
        for r, u in caller.held()
        if reaches(rule.scope(r), caller, u, reach, registry)
    ]
    return max(passing, default=None, key=lambda held: len(registry.ancestors(held[1])))


def check(
    rule: Rule,
    caller: Principal,
    reach: Reach,
    registry: Registry,
    siblings: tuple[Rule, ...] = (),
) -> Grant:
    """The grant, or AccessRefused naming the rule and what the caller may do to the target instead."""
    if rule.is_open:
        return Grant(rule, caller.person_id, None, None, reach)
    found = granting(rule, caller, reach, registry)
    if found is None:
        allowed = [
            s.operation
            for s in siblings
            if s is not rule and granting(s, caller, reach, registry)
        ]
        raise AccessRefused(
            f"{rule.operation}: none of your roles reaches this; it is for {who_may(rule)}",
            rule_id=rule.rule_id,
            allowed=allowed,
        )
    return Grant(rule, caller.person_id, found[0], found[1], reach)


def who_may(rule: Rule) -> str:
    named = [
        f"{role.value} ({scope.value})"
        for role, scope in rule.scopes.items()
        if scope is not Scope.NONE
    ]
    return ", ".join(named) or "nobody through the API"
