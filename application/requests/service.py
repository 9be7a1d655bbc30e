"""Bottom-up requests (BZ-D1): raise, then act on them as a unit or as the resident."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast
from uuid import UUID

from application.access.granted import Granted, grant_actor, grant_on, request_reach
from application.access.grants import Grant
from application.calendar.deadlines import Deadlines
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.requests.commands import Context, RequestCommand
from application.requests.reassign import ReassignRequest, reassign_held
from domain.actors import Actor
from domain.calendar import Deadline
from domain.errors import OutsideJurisdiction
from domain.jurisdiction import acting_role
from domain.levels import Level
from domain.registry import Registry
from domain.requests import Request
from domain.supervision import StayDue
from domain.vocabulary import Category, Channel


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
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """A resident raises at their group; staff may raise for a resident they serve (WZ-5.1-b),
        in the role the route's grant found."""

        def build() -> Outcome:
            registry = self._registry_of(grant)
            actor, resident_id, group = self._raiser(
                principal, on_behalf_of, registry, grant
            )
            due, overall = self._group_deadlines(category)
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

    def _group_deadlines(self, category: Category) -> tuple[StayDue, Deadline]:
        """The group's deadline for the category, provisional when the overall one is."""
        due, overall = (
            self.deadlines.due_for(category)(Level.GROUP),
            self.deadlines.overall(),
        )
        return replace(due, provisional=due.provisional or overall.provisional), overall

    def _registry_of(self, grant: Grant | None) -> Registry:
        """The registry the route's check read a moment ago (a new request conflicts with
        nothing the registry holds, so a retry may read it too), else a fresh one."""
        known = grant.registry if grant is not None else None
        return known if known is not None else self.ledger.registry()

    def handle(
        self,
        principal: Principal,
        command: RequestCommand,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """One command on a request, by its resident or by the unit holding it, in the
        grant the route resolved (resolved here for a caller with none: application/access/granted.py)."""
        held = self._granted(grant or self._grant(principal, command), command)

        def build() -> Outcome:
            request = held.aggregate(command.expected_version)
            context = Context(
                held.registry(),
                self.rules,
                self.deadlines.due_for(request.category),
                self.deadlines.close_due,
            )
            command.apply(request, held.actor(), context)
            return Outcome([request], summary(request))

        return self.ledger.commit(build, idem)

    def _grant(self, principal: Principal, command: RequestCommand) -> Grant:
        request = self.ledger.request(command.request_id)
        operation = f"requests.{command.action}"
        return grant_on(
            self.ledger, principal, operation, request, request_reach(request)
        )

    def _granted(
        self, grant: Grant, command: RequestCommand | ReassignRequest
    ) -> Granted[Request]:
        def load() -> Request:
            return self.ledger.request(command.request_id)

        return Granted(self.ledger, grant, load, request_reach, command.request_id)

    def reassign(
        self,
        grant: Grant,
        command: ReassignRequest,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """改派 (application/requests/reassign.py), in the role the route's grant found."""

        held = self._granted(grant, command)

        def build() -> Outcome:
            request = held.aggregate(command.expected_version)
            due_for = self.deadlines.due_for(request.category)
            reassign_held(request, grant, command, held.registry(), due_for)
            return Outcome([request], summary(request))

        return self.ledger.commit(build, idem)

    def _raiser(
        self,
        principal: Principal,
        on_behalf_of: UUID | None,
        registry: Registry,
        grant: Grant | None,
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
        if grant is not None and grant.reach.units == (resident.home_group,):
            return grant_actor(grant), str(resident.id), resident.home_group
        actor = acting_role(
            principal.person_id, principal.roles, resident.home_group, registry
        )
        return actor, str(resident.id), resident.home_group
