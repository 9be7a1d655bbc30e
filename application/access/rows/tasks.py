"""The access matrix's rows for tasks issued down the tree and their assignments (BZ-D2)."""

from __future__ import annotations

from application.access.grants import Rule
from application.access.roles import HANDLERS, ISSUERS, READERS, RESIDENT, URGERS, R

NOTICE_NOTE = "a resident's notice allows only acknowledge and answer_urge: the domain refuses this one (409)"


def _assignment_actions() -> list[Rule]:
    notice_refuses = {"delegate", "progress", "complete", "return"}
    return [
        Rule(
            f"assignments.{a}",
            "assignment",
            {**HANDLERS, **RESIDENT},
            note=NOTICE_NOTE if a in notice_refuses else "",
            domain_refuses=frozenset({R}) if a in notice_refuses else frozenset(),
        )
        for a in (
            "acknowledge",
            "delegate",
            "progress",
            "complete",
            "return",
            "answer_urge",
        )
    ]


TASK_RULES: tuple[Rule, ...] = (
    Rule(
        "tasks.issue",
        "task_issuer",
        ISSUERS,
        note="a unit with units below it; a group reaches its residents by delegating an assignment",
    ),
    Rule(
        "tasks.rollup",
        "rollup",
        READERS,
        personal=True,
        note="from the `unit` asked for (the issuing unit by default)",
    ),
    Rule(
        "tasks.rollup_export",
        "rollup",
        READERS,
        personal=True,
        note="the roll-up as CSV or XLSX: the same readers as the roll-up",
    ),
    Rule(
        "tasks.cancel",
        "task",
        ISSUERS,
        note="the issuing unit or above it",
    ),
    Rule(
        "tasks.extend",
        "task",
        ISSUERS,
        note="the issuing unit or above it",
    ),
    *_assignment_actions(),
)
ASSIGNMENT_URGE = Rule(
    "assignments.urge",
    "assignment_holder",
    URGERS,
    rule_id="WZ-5.6-e",
    note="a resident's notice is urged at their group; only an overdue one (409)",
)
