"""What a caller may do to an item now: where (the access matrix) and when (the state).

Pages show a button only for an action this returns, so a button is never one the
caller would be refused; the API checks the same two things when it is pressed.
"""

from __future__ import annotations

from application.access.grants import Reach, granting
from application.access.matrix import MATRIX
from application.principals import Principal
from domain.registry import Registry
from domain.requests import Request


def actions_now(
    principal: Principal,
    kind: str,
    state_allows: list[str],
    reach: Reach,
    registry: Registry,
) -> list[str]:
    """The actions of `state_allows` whose row `<kind>.<action>` reaches the caller."""
    allowed = []
    for action in state_allows:
        rule = MATRIX.get(f"{kind}.{action}")
        if rule is None:
            continue
        found = granting(rule, principal, reach, registry)
        if found is not None and found[0] not in rule.domain_refuses:
            allowed.append(action)
    return allowed


def request_actions_now(
    principal: Principal, request: Request, registry: Registry
) -> list[str]:
    reach = Reach((request.holding_unit,), request.resident_id)
    return actions_now(
        principal, "requests", request.allowed_actions(), reach, registry
    )
