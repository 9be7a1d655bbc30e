"""docs/access.md, generated from the access matrix and the routes: `python -m api.access_doc > docs/access.md`.

The matrix says who may call each operation, where; the route serving it (api/operations.py)
gives its method and path. A test compares the file with this rendering, so the document
cannot drift from either.
"""

from __future__ import annotations

from api.operations import Served, api_only, by_operation
from application.access.grants import ROLES, Rule, Scope
from application.access.matrix import RULES
from domain.levels import Role

HEADER = """# Access matrix (generated from `application/access/matrix.py` and the routes; do not edit by hand)

Who may call each operation of the API, and where. The API checks this table in one place
(`api/access.py`): every route declares its operation, the dependency finds where the target
lies (its units, the person it belongs to) and refuses a caller none of whose roles reaches it
with `403` problem+json carrying the row's `rule_id` and, in `allowed_actions`, the operations on
the same target the caller may call instead. What the item's state allows is checked afterwards by
the domain (`409`). `tests/api/test_access_matrix.py` walks every cell on SQLite and PostgreSQL.

Scopes: **public** no token · **anyone** any authenticated caller · **self** the caller's own data
· **anywhere** whoever holds the role · **own** the caller is the person the target belongs to
(their request, their notice, raising for themselves) · **own unit** the target is at the role's
unit · **subtree** at the role's unit or below · **community** the supervision committee's
community and below · **above** strictly below the role's unit (urging) · **topic role** the
caller holds a role on the deliberation topic (proposer, convenor, recorder, guide, host,
participant of it or of one of its sittings); where the cell names roles, the topic lets only
those act and refuses the others itself (`403`) · **member** a topic role, or the role's unit lies
in the topic's community (its residents and group leaders) · **–** refused.
A home group counts as the resident role. The system role acts only through the scheduler: the
API has no system principal, and a token naming it is refused `401`.

Rule ids: `BZ-D3` jurisdiction, `BZ-L1` registry changes, `WZ-5.6-e` urging and supervision reads,
`WZ-5.1-a` proposing, `WZ-5.7-b`/`WZ-5.8-d` the street's correction and the supervision report (from RULES.md);
`ACCESS-LOG` reading the access log, `ACCESS-ADMIN` administrator-only settings (this service's own).
**logged**: a read by anyone but its data subject is recorded in the access log
(`GET /units/{code}/access-log`). A role marked `*` reaches the operation only in a state the
domain refuses (see the note); the walk expects that refusal, never a 401/403.
"""

ABBREVIATIONS = {
    "resident": "resident",
    "group_leader": "group leader",
    "community_staff": "community staff",
    "street_staff": "street staff",
    "district_staff": "district staff",
    "supervision_committee": "supervision",
    "administrator": "admin",
    "system": "system",
}


def cell(rule: Rule, role: Role) -> str:
    scope = rule.scope(role)
    text = "–" if scope is Scope.NONE else scope.value
    if scope is Scope.TOPIC_ROLE and rule.topic_roles:
        text = f"{text}: {', '.join(sorted(rule.topic_roles))}"
    return f"{text}*" if role in rule.domain_refuses else text


def row(rule: Rule, route: Served) -> str:
    cells = " | ".join(cell(rule, role) for role in ROLES)
    logged = "yes" if rule.personal else ""
    return (
        f"| `{rule.operation}` | `{route.method} {route.path}` | {cells} | {rule.rule_id or ''} | {logged} "
        f"| {rule.note} |"
    )


def render() -> str:
    routes = by_operation(api_only())
    head = " | ".join(ABBREVIATIONS[role.value] for role in ROLES)
    lines = [
        HEADER,
        f"| operation | route | {head} | rule | logged | note |",
        "|" + "---|" * (len(ROLES) + 5),
    ]
    return (
        "\n".join([*lines, *(row(rule, routes[rule.operation]) for rule in RULES)])
        + "\n"
    )


if __name__ == "__main__":
    print(render(), end="")
