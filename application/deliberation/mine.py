"""What a person's own list of deliberations shows (我的协商): one entry a topic, with every role
they hold on it and the next steps they themselves may take now, read from the topic's state and
the access matrix's rows (the convenor sees `explain_dissent`, staff see filing and
communication; WZ-5.2-b, WZ-5.8-b)."""

from __future__ import annotations

from typing import Any

from application.access.grants import Scope
from application.access.rows.deliberation import CONVENOR, TOPIC_ACTORS, TopicActors
from application.ledger import Ledger
from application.principals import Principal
from domain.registry import Registry

ACTORS: dict[str, TopicActors] = {**TOPIC_ACTORS, "open_sitting": CONVENOR}


def one_row_a_topic(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The view's rows (one a role) folded into one a topic, its roles sorted."""
    topics: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = topics.setdefault(row["topic_id"], {**row, "roles": set()})
        entry["roles"].add(row["role"])
    for entry in topics.values():
        entry.pop("role", None)
        entry["roles"] = sorted(entry["roles"])
    return list(topics.values())


def my_next_steps(
    ledger: Ledger, principal: Principal, topic_id: str, roles: list[str]
) -> list[str]:
    topic, registry = ledger.topic(topic_id), ledger.registry()
    return [
        action
        for action in topic.allowed_actions()
        if action in ACTORS
        and _may(ACTORS[action], principal, set(roles), topic.community, registry)
    ]


def _may(
    actors: TopicActors,
    principal: Principal,
    roles: set[str],
    community: str,
    registry: Registry,
) -> bool:
    by_topic_role = any(s is Scope.TOPIC_ROLE for s in actors.scopes.values()) and (
        not actors.roles or bool(set(actors.roles) & roles)
    )
    return by_topic_role or any(
        (scope is Scope.SUBTREE and registry.is_within(community, unit))
        or (scope is Scope.COMMUNITY and unit == community)
        for role, unit in principal.roles
        if (scope := actors.scopes.get(role)) is not None
    )
