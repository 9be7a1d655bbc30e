"""The access matrix's rows for residents' requests (BZ-D1): raising, reading, acting, urging."""

from __future__ import annotations

from application.access import Rule, Scope
from application.access_roles import CS, GL, HANDLERS, READERS, RESIDENT, URGERS
from domain.levels import Role

# The unit's actions: (action, note, roles the domain refuses in every state they reach).
UNIT_ACTIONS: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("accept", "", frozenset()),
    ("escalate", "a request at the district cannot be escalated (409)", frozenset()),
    (
        "delegate",
        "a request at a group has nothing below to delegate to (409)",
        frozenset({GL}),
    ),
    ("resolve", "", frozenset()),
    ("answer_urge", "only while an urge is open", frozenset()),
)
RESIDENT_ACTIONS = ("withdraw", "confirm", "dispute", "rate")


def _action(action: str) -> tuple[str, str, str, str]:
    return f"requests.{action}", "POST", f"/requests/{{request_id}}/{action}", "request"


def _request_actions() -> list[Rule]:
    unit = [
        Rule(*_action(a), HANDLERS, note=note, domain_refuses=refuses)
        for a, note, refuses in UNIT_ACTIONS
    ]
    own = [
        Rule(*_action(a), RESIDENT, note="only the resident who raised it")
        for a in RESIDENT_ACTIONS
    ]
    return [*unit, *own]


REQUEST_RULES: tuple[Rule, ...] = (
    Rule(
        "requests.raise",
        "POST",
        "/requests",
        "raised_for",
        {**HANDLERS, **RESIDENT},
        note="a resident for themselves at their group; staff for a resident of their jurisdiction",
    ),
    Rule(
        "requests.read",
        "GET",
        "/requests/{request_id}",
        "request_path",
        {**READERS, **RESIDENT},
        personal=True,
        note="staff and supervision of any unit it passed through",
    ),
    *_request_actions(),
    Rule(
        "requests.return_visit",
        "POST",
        "/requests/{request_id}/return_visit",
        "request_origin",
        {CS: Scope.SUBTREE},
        rule_id="BZ-A3",
        note="community staff of the resident's community, on the resident's behalf (回访)",
    ),
    Rule(
        "requests.urge",
        "POST",
        "/requests/{request_id}/urge",
        "request",
        URGERS,
        rule_id="WZ-5.6-e",
        note="a unit above the holder, or the supervision committee over it; only an overdue request (409)",
    ),
)
