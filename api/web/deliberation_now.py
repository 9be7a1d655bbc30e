"""What a caller may do to a topic or a sitting now: the access matrix's row (where), the
item's state (when), and for a resident or group leader the role on the topic the row names
(a participant passes `topic role` for `sittings.speak`, but only the host gives the floor).

Pages show a button only for an action listed here; the services check the same again.
"""

from __future__ import annotations

from typing import Any

from application.access.grants import Reach, Rule, Scope, reaches
from application.access.matrix import MATRIX
from application.deliberation.queries import topic_reach
from application.ledger import Ledger
from application.principals import Principal
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from domain.registry import Registry


def roles_on(person: str, topic: Topic, sitting: Sitting | None = None) -> set[str]:
    """The roles `person` holds on the topic and on the sitting (proposer, convenor, host …)."""
    plan = topic.arrangements or {}
    holders: dict[str, set[Any]] = {
        "proposer": {topic.proposer_id},
        "convenor": {topic.convenor},
        "recorder": {topic.recorder},
        "guide": {topic.guide},
        "host": {plan.get("host")},
        "participant": set(plan.get("participants", {})),
    }
    if sitting is not None:
        holders["host"] = {sitting.host}
        holders["recorder"] = {sitting.recorder}
        holders["participant"] = set(sitting.participants)
    return {role for role, people in holders.items() if person in people}


def may(
    rule: Rule, principal: Principal, reach: Reach, registry: Registry, mine: set[str]
) -> bool:
    """Some role of the caller reaches the target under the row, and the domain lets it act."""
    for role, unit in principal.held():
        scope = rule.scope(role)
        if role in rule.domain_refuses or not reaches(
            scope, principal, unit, reach, registry
        ):
            continue
        by_topic_role = scope in (Scope.TOPIC_ROLE, Scope.MEMBER)
        if by_topic_role and rule.topic_roles and not mine & rule.topic_roles:
            continue
        return True
    return False


def topic_actions_now(
    principal: Principal, ledger: Ledger, topic: Topic, registry: Registry
) -> list[str]:
    reach, mine = topic_reach(ledger, topic), roles_on(principal.person_id, topic)
    return [
        action
        for action in topic.allowed_actions()
        if may(MATRIX[f"topics.{action}"], principal, reach, registry, mine)
    ]


def sitting_actions_now(
    principal: Principal,
    ledger: Ledger,
    topic: Topic,
    sitting: Sitting,
    registry: Registry,
) -> list[str]:
    reach = topic_reach(ledger, topic)
    mine = roles_on(principal.person_id, topic, sitting)
    return [
        action
        for action in sitting.allowed_actions()
        if may(MATRIX[f"sittings.{action}"], principal, reach, registry, mine)
    ]


def acts_for_others(
    principal: Principal,
    ledger: Ledger,
    topic: Topic,
    sitting: Sitting,
    registry: Registry,
) -> bool:
    """The host, the recorder or staff over the community sign in and raise hands for
    others; a participant does so only for themselves (WZ-5.6-a)."""
    if roles_on(principal.person_id, topic, sitting) & {"host", "recorder"}:
        return True
    rule, reach = MATRIX["sittings.sign_in"], topic_reach(ledger, topic)
    return any(
        rule.scope(role) not in (Scope.TOPIC_ROLE, Scope.MEMBER, Scope.NONE)
        and reaches(rule.scope(role), principal, unit, reach, registry)
        for role, unit in principal.held()
    )
