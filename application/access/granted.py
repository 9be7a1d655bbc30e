"""Acting in the grant the access check resolved (application/access/grants.py), once per call.

The route's `allow(operation)` (api/access.py) loads the target to find where it lies and
checks the caller's roles there; the command then acts in that grant: in its role at its
unit, on the aggregate the check loaded, read against the registry the check read. Nothing
is loaded twice and no role is chosen twice. A caller without a route (a script, the demo)
gets its grant here, by the same check.

Concurrency stays with the log: the version the caller saw is checked on the grant's
aggregate, and the save is guarded by the aggregate's version (Ledger.commit). When a
concurrent write wins, the retry loads the aggregate afresh; if it no longer lies where the
grant reached, the grant is stale and the command is refused (409), never written in a
role that no longer reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from application.access.grants import Grant, Reach, check, reaches
from application.access.matrix import MATRIX, same_target
from application.ledger import Ledger, check_version
from application.principals import Principal
from domain.actors import Actor
from domain.errors import OutsideJurisdiction, StaleVersion
from domain.registry import Registry
from domain.requests import Request
from domain.tasks import Task

A = TypeVar("A")


def request_reach(request: Request) -> Reach:
    """Where a request lies: the unit holding it, and its resident."""
    return Reach((request.holding_unit,), request.resident_id)


def task_reach(task: Task) -> Reach:
    return Reach((task.issuer_unit,))


def grant_on(
    ledger: Ledger, caller: Principal, operation: str, subject: Any, reach: Reach
) -> Grant:
    """The grant `allow(operation)` would give for a target already loaded (scripts, the demo)."""
    rule = MATRIX[operation]
    registry = ledger.registry()
    return check(rule, caller, reach, registry, same_target(rule), subject)


def grant_actor(grant: Grant) -> Actor:
    """The actor of a grant: its person in the role, at the unit, that reached the target."""
    if grant.role is None:
        raise OutsideJurisdiction(
            f"{grant.rule.operation} needs a role that reaches its target",
            zh=f"{grant.rule.operation}：须有管辖该对象的角色",
            rule_id=grant.rule.rule_id,
        )
    return Actor(grant.person_id, grant.role, grant.unit)


class Granted(Generic[A]):
    """The aggregate a command acts on, one build of `Ledger.commit` after another: first the
    one the grant's check loaded, then (a retry after a concurrent write) a fresh load where
    the grant's role must still reach. Without a grant (a script's call of a service that
    chooses its actor itself), a fresh load each time."""

    def __init__(
        self,
        ledger: Ledger,
        grant: Grant | None,
        load: Callable[[], A],
        reach_of: Callable[[A], Reach],
        aggregate_id: object,
    ):
        self.ledger, self.grant, self._load, self._reach_of = (
            ledger,
            grant,
            load,
            reach_of,
        )
        subject = grant.subject if grant else None
        self._first: A | None = (
            subject if str(getattr(subject, "id", None)) == str(aggregate_id) else None
        )
        self._fresh = self._first is None

    def aggregate(self, expected_version: int | None = None) -> A:
        found, self._first = self._first, None
        if found is None:
            found = self._load()
            self._fresh = True
            if self.grant is not None and not self._still_reaches(found):
                raise StaleVersion(
                    "the item changed concurrently; reload and retry",
                    zh="该项同时被他人修改，请重新加载后重试",
                    allowed=["reload and retry"],
                )
        check_version(found, expected_version)
        return found

    def _still_reaches(self, found: A) -> bool:
        """Whether the grant's role reaches the aggregate where it lies now."""
        grant, reach = self.grant, self._reach_of(found)
        if grant is None or grant.role is None or grant.unit is None:
            return grant is None or reach == grant.reach
        scope = grant.rule.scope(grant.role)
        return reaches(scope, grant, grant.unit, reach, self.ledger.registry())

    def registry(self) -> Registry:
        """The registry the check read, or a fresh one once the aggregate was loaded afresh."""
        if self._fresh or self.grant is None or self.grant.registry is None:
            return self.ledger.registry()
        return self.grant.registry

    def actor(self) -> Actor:
        if self.grant is None:
            raise OutsideJurisdiction(
                "this command needs a role that reaches its target",
                zh="此操作须有管辖该对象的角色",
                rule_id="BZ-D3",
            )
        return grant_actor(self.grant)
