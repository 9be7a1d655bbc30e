"""The access matrix's rows for people (erasure, token revocation), the official calendar and the
training clock."""

from __future__ import annotations

from application.access.grants import Rule, Scope
from application.access.roles import ADMIN, everyone

ADMIN_RULES: tuple[Rule, ...] = (
    Rule(
        "people.erase",
        "none",
        ADMIN,
        rule_id="BZ-L1",
        note="on a lawful request (PIPL art. 47)",
    ),
    Rule(
        "people.revoke_tokens",
        "none",
        ADMIN,
        rule_id="BZ-L1",
        note="tokens issued before now are refused (docs/security.md)",
    ),
    Rule(
        "calendar.read",
        "none",
        everyone(Scope.ANYONE),
        rule_id="",
    ),
    Rule(
        "calendar.load",
        "none",
        ADMIN,
        rule_id="ACCESS-ADMIN",
    ),
    Rule(
        "clock.read",
        "none",
        everyone(Scope.ANYONE),
        rule_id="",
    ),
    Rule(
        "clock.advance",
        "none",
        ADMIN,
        rule_id="ACCESS-ADMIN",
        note="development mode only (TRAINING-CLOCK, 409 otherwise)",
    ),
)
