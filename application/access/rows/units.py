"""The access matrix's rows for units: the tree, each unit's inbox and figures, its access log
and deliberations, and changes to the tree (BZ-L1).
"""

from __future__ import annotations

from application.access.grants import Rule, Scope
from application.access.roles import (
    AD,
    ADMIN,
    AUDITORS,
    CS,
    DS,
    ISSUERS,
    READERS,
    SC,
    SS,
    STAFF,
    everyone,
)


def _registry_changes() -> list[Rule]:
    return [
        Rule(f"units.{a}", "none", ADMIN, rule_id="BZ-L1")
        for a in ("rename", "move", "retire")
    ]


UNIT_RULES: tuple[Rule, ...] = (
    Rule("units.list", "none", everyone(Scope.ANYONE), rule_id=""),
    Rule("units.inbox", "unit", READERS, personal=True),
    Rule(
        "units.inbox_export",
        "unit",
        READERS,
        personal=True,
        note="the inbox as CSV or XLSX: the same readers as the inbox",
    ),
    Rule("units.stats", "unit", READERS),
    Rule(
        "units.residents",
        "unit",
        STAFF,
        personal=True,
        rule_id="BZ-D3",
        note="staff find the residents of their units by name or reference; "
        "names decrypted in memory, an erased person is not found",
    ),
    Rule(
        "units.assessment",
        "unit",
        READERS,
        note="BZ-A2: a period's figures, each child's, the children ranked",
    ),
    Rule(
        "units.access_log",
        "unit",
        AUDITORS,
        rule_id="ACCESS-LOG",
        note="who read whose personal data in the unit's subtree",
    ),
    Rule(
        "units.deliberations",
        "unit",
        {
            CS: Scope.SUBTREE,
            SS: Scope.SUBTREE,
            DS: Scope.SUBTREE,
            SC: Scope.COMMUNITY,
            AD: Scope.SUBTREE,
        },
        note="a community's topics and what is due",
    ),
    Rule(
        "units.topic_suggestions",
        "unit",
        {
            CS: Scope.SUBTREE,
            SS: Scope.SUBTREE,
            DS: Scope.SUBTREE,
            SC: Scope.COMMUNITY,
            AD: Scope.SUBTREE,
        },
        note="requests raised more than once on the same matter: candidates for one topic",
    ),
    Rule(
        "units.deliberation_profile",
        "unit",
        ISSUERS,
        note="the rule profile a community adopts; the domain refuses a unit that is not a community (422)",
    ),
    Rule("units.register", "none", ADMIN, rule_id="BZ-L1"),
    *_registry_changes(),
)
