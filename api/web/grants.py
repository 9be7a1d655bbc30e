"""The access-matrix check for rows that name no target (`target="none"`), which
`grant_for` cannot resolve: administrators' and the audit proofs' rows."""

from __future__ import annotations

from typing import TypeVar

from api.context import ApiContext
from application.access.grants import Grant, Reach, check
from application.access.matrix import MATRIX, same_target
from application.principals import Principal
from domain.errors import NotFound

T = TypeVar("T")


def grant_untargeted(operation: str, caller: Principal, ctx: ApiContext) -> Grant:
    rule = MATRIX[operation]
    return check(rule, caller, Reach(), ctx.ledger.registry(), same_target(rule))


class NotConfigured(NotFound):
    """The deployment runs without the service a page needs (e.g. no audit log)."""

    default_rule = "WZ-6"


def needed(service: T | None, what: str) -> T:
    """A service of the context that a deployment may leave out, or a 404 page saying so."""
    if service is None:
        raise NotConfigured(
            f"this deployment runs without this service ({what})",
            zh=f"本系统未启用{what}。",
        )
    return service
