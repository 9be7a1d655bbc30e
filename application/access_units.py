"""The access matrix's rows for units: the tree, each unit's inbox and figures, its access log
and deliberations, and changes to the tree (BZ-L1).
"""

from __future__ import annotations

from application.access import Rule, Scope
from application.access_roles import (
    AD,
    ADMIN,
    AUDITORS,
    CS,
    DS,
    ISSUERS,
    READERS,
    SC,
    SS,
    everyone,
)


def _registry_changes() -> list[Rule]:
    return [
        Rule(
            f"units.{a}", "POST", f"/units/{{code}}/{a}", "none", ADMIN, rule_id="BZ-L1"
        )
        for a in ("rename", "move", "retire")
    ]


UNIT_RULES: tuple[Rule, ...] = (
    Rule("units.list", "GET", "/units", "none", everyone(Scope.ANYONE), rule_id=""),
    Rule("units.inbox", "GET", "/units/{code}/inbox", "unit", READERS, personal=True),
    Rule("units.stats", "GET", "/units/{code}/stats", "unit", READERS),
    Rule(
        "units.assessment",
        "GET",
        "/units/{code}/assessment",
        "unit",
        READERS,
        note="BZ-A2: a period's figures, each child's, the children ranked",
    ),
    Rule(
        "units.access_log",
        "GET",
        "/units/{code}/access-log",
        "unit",
        AUDITORS,
        rule_id="ACCESS-LOG",
        note="who read whose personal data in the unit's subtree",
    ),
    Rule(
        "units.deliberations",
        "GET",
        "/units/{code}/deliberations",
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
        "GET",
        "/units/{code}/topic-suggestions",
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
        "PUT",
        "/units/{code}/deliberation-profile",
        "unit",
        ISSUERS,
        note="the rule profile a community adopts; the domain refuses a unit that is not a community (422)",
    ),
    Rule("units.register", "POST", "/units", "none", ADMIN, rule_id="BZ-L1"),
    *_registry_changes(),
)
