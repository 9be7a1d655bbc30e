"""Who may read the audit log, one small rule per route (to move into the declarative access matrix).

Proofs and checkpoints reveal no personal data: supervision committee members, district staff and
administrators read them. Bundles carry events as stored (personal fields too), so exporting follows
jurisdiction: a request its reader could read, a unit in the reader's reach, a time window only
district-wide roles.
"""

from __future__ import annotations

from collections.abc import Iterable

from application.principals import Principal
from domain.errors import OutsideJurisdiction
from domain.jurisdiction import can_read_any, reading_role
from domain.levels import Role
from domain.registry import Registry

AUDITORS = frozenset({Role.SUPERVISION_COMMITTEE, Role.DISTRICT_STAFF, Role.ADMINISTRATOR})
DISTRICT_WIDE = frozenset({Role.DISTRICT_STAFF, Role.ADMINISTRATOR})
RULE = "WZ-5.6-e"


def _auditor_roles(principal: Principal, allowed: frozenset[Role] = AUDITORS) -> list[tuple[Role, str]]:
    roles = [(role, unit) for role, unit in principal.roles if role in allowed]
    if not roles:
        raise OutsideJurisdiction("only the supervision committee, district staff and administrators read the "
                                  "audit log", rule_id=RULE)
    return roles


def may_read_proofs(principal: Principal) -> None:
    """GET /audit/checkpoints, /audit/proofs/*."""
    _auditor_roles(principal)


def may_export_request(principal: Principal, visited_units: Iterable[str], registry: Registry) -> None:
    """GET /audit/bundles?request_id=: an auditor whose reach covers a unit the request passed through."""
    if not can_read_any(_auditor_roles(principal), list(visited_units), registry):
        raise OutsideJurisdiction("this request never passed through your units", rule_id=RULE)


def may_export_unit(principal: Principal, unit: str, registry: Registry) -> None:
    """GET /audit/bundles?unit=: an auditor whose reach covers the unit (its subtree is exported)."""
    registry.unit(unit)
    reading_role(principal.person_id, _auditor_roles(principal), unit, registry)


def may_export_window(principal: Principal) -> None:
    """GET /audit/bundles?since=&until=: a time window crosses communities, so district-wide roles only."""
    _auditor_roles(principal, DISTRICT_WIDE)


def may_register_witness(principal: Principal) -> None:
    """POST /audit/witnesses, cosignatures: supervision committee members witness the log."""
    _auditor_roles(principal, frozenset({Role.SUPERVISION_COMMITTEE}))
