"""The access matrix's rows for residents' requests (BZ-D1): raising, reading, acting, urging."""

from __future__ import annotations

from dataclasses import dataclass

from application.access.grants import Rule, Scope
from application.access.roles import CS, GL, HANDLERS, READERS, RESIDENT, URGERS
from domain.levels import Role


@dataclass(frozen=True)
class UnitAction:
    """An action the handling unit takes on a request: its row's note, and the roles whose
    only reach is a state the domain refuses (in every state they reach)."""

    action: str
    note: str = ""
    domain_refuses: frozenset[Role] = frozenset()


UNIT_ACTIONS: tuple[UnitAction, ...] = (
    UnitAction("accept"),
    UnitAction("escalate", "a request at the district cannot be escalated (409)"),
    UnitAction(
        "delegate",
        "a request at a group has nothing below to delegate to (409)",
        frozenset({GL}),
    ),
    UnitAction(
        "reassign",
        "to a unit beside the holder under the same parent; not at the district (409)",
    ),
    UnitAction("resolve"),
    UnitAction("answer_urge", "only while an urge is open"),
)
RESIDENT_ACTIONS = ("withdraw", "confirm", "dispute", "rate")


def _request_actions() -> list[Rule]:
    unit = [
        Rule(
            f"requests.{a.action}",
            "request",
            HANDLERS,
            note=a.note,
            domain_refuses=a.domain_refuses,
        )
        for a in UNIT_ACTIONS
    ]
    own = [
        Rule(
            f"requests.{a}", "request", RESIDENT, note="only the resident who raised it"
        )
        for a in RESIDENT_ACTIONS
    ]
    return [*unit, *own]


REQUEST_RULES: tuple[Rule, ...] = (
    Rule(
        "requests.raise",
        "raised_for",
        {**HANDLERS, **RESIDENT},
        note="a resident for themselves at their group; staff for a resident of their jurisdiction",
    ),
    Rule(
        "requests.read",
        "request_path",
        {**READERS, **RESIDENT},
        personal=True,
        note="staff and supervision of any unit it passed through",
    ),
    *_request_actions(),
    Rule(
        "requests.return_visit",
        "request_origin",
        {CS: Scope.SUBTREE},
        rule_id="BZ-A3",
        note="community staff of the resident's community, on the resident's behalf (回访)",
    ),
    Rule(
        "requests.urge",
        "request",
        URGERS,
        rule_id="WZ-5.6-e",
        note="a unit above the holder, or the supervision committee over it; only an overdue request (409)",
    ),
)
