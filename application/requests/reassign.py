"""改派 Reassigning a request routed to the wrong unit to a sibling of it (BZ-D1, the closest rule).

The route resolves the caller's grant once (api/access.py: the request's holding unit, the
role that reaches it); the use case acts in that role instead of recomputing it, and refuses
only when the request has moved away from the unit the grant reached in the meantime.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.access.grants import Grant
from domain.actors import Actor
from domain.errors import OutsideJurisdiction
from domain.registry import Registry
from domain.requests import Request
from domain.supervision import DueFor


@dataclass(frozen=True)
class ReassignRequest:
    """Hand request `request_id` to `to_unit`, a unit beside its holder, for `reason`."""

    request_id: UUID
    to_unit: str
    reason: str
    expected_version: int | None = None


def granted_actor(grant: Grant, unit: str) -> Actor:
    """The actor of a grant that reached `unit`; refused when the item is no longer there."""
    if grant.role is None or unit not in grant.reach.units:
        raise OutsideJurisdiction(
            f"the request is no longer at a unit your role reaches ({unit})",
            rule_id="BZ-D3",
            zh=f"该诉求已不在您的角色所及的单位（现在 {unit}）：请刷新后查看",
        )
    return Actor(grant.person_id, grant.role, grant.unit)


def reassign_held(
    request: Request,
    grant: Grant,
    command: ReassignRequest,
    registry: Registry,
    due_for: DueFor,
) -> None:
    """The domain's reassign, acting in the grant's role at the request's holding unit."""
    request.reassign(
        granted_actor(grant, request.holding_unit),
        registry,
        command.to_unit,
        command.reason,
        due_for,
    )
