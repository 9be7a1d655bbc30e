"""回访 Staff return visits (BZ-A3): community staff answer for a resident who cannot use a phone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.access.grants import Reach, granting
from application.access.matrix import MATRIX
from application.calendar.deadlines import Deadlines
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.requests.service import summary
from domain.actors import Actor
from domain.errors import OutsideJurisdiction
from domain.jurisdiction import acting_role
from domain.levels import Role
from domain.registry import Registry
from domain.requests import Request
from domain.return_visits import (
    RULE_ID,
    VisitChannel,
    VisitOutcome,
    record_return_visit,
)

COMMUNITY_STAFF = Role.COMMUNITY_STAFF


@dataclass(frozen=True)
class RecordReturnVisit:
    """What the resident said on a return visit: confirm, dispute (with reason) or rate (1–5)."""

    request_id: UUID
    channel: VisitChannel
    outcome: VisitOutcome
    score: int | None = None
    reason: str = ""
    expected_version: int | None = None


class ReturnVisitService:
    def __init__(self, ledger: Ledger, deadlines: Deadlines):
        self.ledger, self.deadlines = ledger, deadlines

    def record(
        self,
        principal: Principal,
        command: RecordReturnVisit,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        def build() -> Outcome:
            request = self.ledger.request(command.request_id, command.expected_version)
            actor = visiting_staff(principal, request, self.ledger.registry())
            record_return_visit(
                request,
                actor,
                command.channel,
                command.outcome,
                score=command.score,
                reason=command.reason,
                due_for=self.deadlines.due_for(request.category),
            )
            return Outcome([request], summary(request))

        return self.ledger.commit(build, idem)


def visiting_staff(principal: Principal, request: Request, registry: Registry) -> Actor:
    """The community staff of the resident's community (the group the request came from)."""
    staff = [(role, unit) for role, unit in principal.roles if role is COMMUNITY_STAFF]
    try:
        return acting_role(principal.person_id, staff, request.group, registry)
    except OutsideJurisdiction:
        raise OutsideJurisdiction(
            "a return visit is recorded by the staff of the resident's community",
            rule_id=RULE_ID,
            zh="回访须由居民所在社区的工作人员记录",
        ) from None


def return_visit_outcomes(
    principal: Principal, request: Request, registry: Registry
) -> list[str]:
    """The outcomes a staff member may record on a return visit now (a page's form offers these)."""
    rule = MATRIX["requests.return_visit"]
    if (
        granting(
            rule, principal, Reach((request.group,), request.resident_id), registry
        )
        is None
    ):
        return []
    allowed = request.allowed_actions()
    return [outcome.value for outcome in VisitOutcome if outcome.value in allowed]
