"""Bottom-up requests (BZ-D1): raise, then act on them as a unit or as the resident."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from application.access import Grant
from application.deadlines import Deadlines
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.profile import RequestRules
from application.request_reassign import ReassignRequest, reassign_held
from domain.actors import Actor
from domain.errors import OutsideJurisdiction
from domain.jurisdiction import acting_role
from domain.levels import Level
from domain.registry import Registry
from domain.requests import Request
from domain.supervision import DueFor
from domain.vocabulary import Category, Channel


@dataclass(frozen=True)
class Context:
    """What an action may need besides the request and the actor."""

    registry: Registry
    params: dict[str, Any]
    rules: RequestRules
    due_for: DueFor
    close_due: Callable[[], datetime]


Action = Callable[[Request, Actor, Context], None]

UNIT_ACTIONS: dict[str, Action] = {
    "accept": lambda q, a, c: q.accept(a),
    "escalate": lambda q, a, c: q.escalate(
        a,
        c.registry,
        c.params["reason"],
        c.params.get("to_unit"),
        allow_skip=c.rules.allow_level_skip,
        due_for=c.due_for,
    ),
    "delegate": lambda q, a, c: q.delegate(
        a, c.registry, c.params["to_unit"], c.params["instructions"], c.due_for
    ),
    "resolve": lambda q, a, c: q.resolve(a, c.params["resolution"], c.close_due()),
    "answer_urge": lambda q, a, c: q.answer_urge(a, c.params["note"]),
}
RESIDENT_ACTIONS: dict[str, Action] = {
    "withdraw": lambda q, a, c: q.withdraw(a, c.params["reason"]),
    "confirm": lambda q, a, c: q.confirm(a),
    "dispute": lambda q, a, c: q.dispute(a, c.params["reason"], c.due_for),
    "rate": lambda q, a, c: q.rate(a, c.params["score"]),
}


def summary(request: Request) -> dict[str, Any]:
    return {
        "request_id": str(request.id),
        "version": request.version,
        "status": request.status.value,
        "holding_unit": request.holding_unit,
        "allowed_actions": request.allowed_actions(),
    }


class RequestService:
    def __init__(self, ledger: Ledger, deadlines: Deadlines):
        self.ledger, self.deadlines, self.rules = ledger, deadlines, deadlines.rules

    def raise_request(
        self,
        principal: Principal,
        *,
        title: str,
        description: str,
        category: Category,
        location: str = "",
        channel: Channel = Channel.APP,
        on_behalf_of: UUID | None = None,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """A resident raises at their group; staff may raise for a resident they serve (WZ-5.1-b)."""

        def build() -> Outcome:
            registry = self.ledger.registry()
            actor, resident_id, group = self._raiser(principal, on_behalf_of, registry)
            due, overall = (
                self.deadlines.due_for(category)(Level.GROUP),
                self.deadlines.overall(),
            )
            due = replace(due, provisional=due.provisional or overall.provisional)
            request = Request.raise_(
                actor,
                resident_id,
                group,
                category,
                channel if on_behalf_of else Channel.APP,
                title,
                description,
                location,
                due,
                overall.at,
            )
            return Outcome([request], summary(request))

        return self.ledger.commit(build, idem)

    def act(
        self,
        principal: Principal,
        request_id: UUID,
        action: str,
        params: dict[str, Any],
        expected_version: int | None = None,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        def build() -> Outcome:
            request = self.ledger.request(request_id, expected_version)
            registry = self.ledger.registry()
            if action in RESIDENT_ACTIONS:
                actor, command = (
                    self._resident(principal, request),
                    RESIDENT_ACTIONS[action],
                )
            else:
                actor = acting_role(
                    principal.person_id, principal.roles, request.holding_unit, registry
                )
                command = UNIT_ACTIONS[action]
            command(
                request,
                actor,
                Context(
                    registry,
                    params,
                    self.rules,
                    self.deadlines.due_for(request.category),
                    self.deadlines.close_due,
                ),
            )
            return Outcome([request], summary(request))

        return self.ledger.commit(build, idem)

    def reassign(
        self,
        grant: Grant,
        command: ReassignRequest,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """改派 (application/request_reassign.py), in the role the route's grant found."""

        def build() -> Outcome:
            request = self.ledger.request(command.request_id, command.expected_version)
            due_for = self.deadlines.due_for(request.category)
            reassign_held(request, grant, command, self.ledger.registry(), due_for)
            return Outcome([request], summary(request))

        return self.ledger.commit(build, idem)

    def _raiser(
        self, principal: Principal, on_behalf_of: UUID | None, registry: Registry
    ) -> tuple[Actor, str, str]:
        """Who raises it, for which resident, at which group."""
        if on_behalf_of is None or str(on_behalf_of) == principal.person_id:
            actor = principal.as_resident()
            group = cast(str, actor.unit)  # as_resident refuses a person with no group
            registry.active_unit(group)
            return actor, principal.person_id, group
        resident = self.ledger.person(on_behalf_of)
        if resident.home_group is None:
            raise OutsideJurisdiction(
                "that person is not a resident of any group",
                zh="此人不是任何居民小组的居民",
                rule_id="BZ-L1",
            )
        registry.active_unit(resident.home_group)
        actor = acting_role(
            principal.person_id, principal.roles, resident.home_group, registry
        )
        return actor, str(resident.id), resident.home_group

    @staticmethod
    def _resident(principal: Principal, request: Request) -> Actor:
        if request.resident_id != principal.person_id:
            raise OutsideJurisdiction(
                "only the resident who raised it can do this",
                zh="只有提出该诉求的居民本人可以这样做",
                rule_id="BZ-D3",
            )
        return principal.as_resident()
