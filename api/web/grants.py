"""The access-matrix check for rows that name no target (`target="none"`), which
`grant_for` cannot resolve: administrators' and the audit proofs' rows."""

from __future__ import annotations

from api.context import ApiContext
from application.access import Grant, Reach, check
from application.access_matrix import MATRIX, same_target
from application.principals import Principal


def grant_untargeted(operation: str, caller: Principal, ctx: ApiContext) -> Grant:
    rule = MATRIX[operation]
    return check(rule, caller, Reach(), ctx.ledger.registry(), same_target(rule))
