"""The roles of the access matrix and the groups of scopes its rows share."""

from __future__ import annotations

from application.access.grants import Scope
from domain.levels import Role

R, GL, CS, SS, DS, SC, AD = (
    Role.RESIDENT,
    Role.GROUP_LEADER,
    Role.COMMUNITY_STAFF,
    Role.STREET_STAFF,
    Role.DISTRICT_STAFF,
    Role.SUPERVISION_COMMITTEE,
    Role.ADMINISTRATOR,
)


def everyone(scope: Scope) -> dict[Role, Scope]:
    """Every role a person can hold; public rows reach the system too (it needs no token)."""
    roles = tuple(Role) if scope is Scope.PUBLIC else (R, GL, CS, SS, DS, SC, AD)
    return {role: scope for role in roles}


HANDLERS = {GL: Scope.OWN_UNIT, CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE}
READERS = {**HANDLERS, SC: Scope.COMMUNITY, AD: Scope.SUBTREE}
STAFF = {CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE}
ISSUERS = STAFF
URGERS = {CS: Scope.ABOVE, SS: Scope.ABOVE, DS: Scope.ABOVE, SC: Scope.COMMUNITY}
RESIDENT = {R: Scope.OWN}
ADMIN = {AD: Scope.ANYWHERE}
AUDITORS = {SC: Scope.COMMUNITY, DS: Scope.SUBTREE, AD: Scope.SUBTREE}
PROOF_READERS = {SC: Scope.ANYWHERE, DS: Scope.ANYWHERE, AD: Scope.ANYWHERE}
