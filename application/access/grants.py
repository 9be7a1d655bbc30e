"""Checking a caller against the access matrix (application/access/matrix.py).

A row is keyed by its operation; the route serving it (api/routes/*.py, `allow(operation)`)
is the only place its method and path are written.

A rule gives each role a scope; the caller passes when any role they hold (a
home group counts as the resident role) reaches the target the API resolved:
the units it lies at and the person it belongs to. Whether a scope reaches a target, and
which of several reaching roles the caller acts in, the domain says (domain/reach.py,
domain/jurisdiction.py); this module applies it to the matrix's rows. Only *where* a
caller may act is checked here; what the item's state allows stays with the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.principals import Principal
from domain.errors import OutsideJurisdiction
from domain.jurisdiction import nearest
from domain.levels import Role
from domain.reach import OPEN_SCOPES as OPEN_SCOPES
from domain.reach import Reach as Reach
from domain.reach import Scope as Scope
from domain.reach import reaches as reaches
from domain.registry import Registry

ROLES = tuple(Role)


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
    """Who passed, through which role at which unit, to reach what; with the aggregate the
    target was found on and the registry the check read, when it loaded them (handed on to the
    command, which does not load them again: application/access/granted.py)."""

    rule: Rule
    person_id: str
    role: Role | None
    unit: str | None
    reach: Reach
    subject: Any = None
    registry: Registry | None = None


@dataclass(frozen=True)
class Target:
    """Where a target lies, with the aggregate loaded to find it (the grant hands it on)."""

    reach: Reach
    subject: Any = None


class AccessRefused(OutsideJurisdiction):
    """No role of the caller reaches the target for this operation."""


def granting(
    rule: Rule, caller: Principal, reach: Reach, registry: Registry
) -> tuple[Role, str] | None:
    """The role of the caller that reaches the target and that they act in (the domain's
    choice, domain.jurisdiction.nearest), if any. A role reaching the target's units comes
    before one reaching it only through a role held on a topic: staff who also hold a role
    on the topic act as staff."""
    passing = [
        (r, u)
        for r, u in caller.held()
        if reaches(rule.scope(r), caller, u, reach, registry)
    ]
    by_unit = [(r, u) for r, u in passing if rule.scope(r) is not Scope.TOPIC_ROLE]
    return nearest(by_unit or passing, registry)


def check(
    rule: Rule,
    caller: Principal,
    reach: Reach,
    registry: Registry,
    siblings: tuple[Rule, ...] = (),
    subject: Any = None,
) -> Grant:
    """The grant, or AccessRefused naming the rule and what the caller may do to the target instead."""
    if rule.is_open:
        return Grant(rule, caller.person_id, None, None, reach, subject, registry)
    found = granting(rule, caller, reach, registry)
    if found is None:
        allowed = [
            s.operation
            for s in siblings
            if s is not rule and granting(s, caller, reach, registry)
        ]
        raise AccessRefused(
            f"{rule.operation}: none of your roles reaches this; it is for {who_may(rule)}",
            zh=f"{rule.operation}: 您的角色都不能执行此操作；可执行者：{who_may(rule)}",
            rule_id=rule.rule_id,
            allowed=allowed,
        )
    return Grant(rule, caller.person_id, found[0], found[1], reach, subject, registry)


def who_may(rule: Rule) -> str:
    named = [
        f"{role.value} ({scope.value})"
        for role, scope in rule.scopes.items()
        if scope is not Scope.NONE
    ]
    return ", ".join(named) or "nobody through the API"
