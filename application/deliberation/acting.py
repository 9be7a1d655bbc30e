"""Who acts on a topic or a sitting: the grant the access check resolved, once per call.

The route's `allow(operation)` finds the caller's role (application/access/grants.py); a
caller reaching the topic only through a role held on it must hold the role this action
names (the row's `topic_roles`, or the people the command names), else the topic refuses
(WZ-5.2-b, 403). A caller without a route (a script, the demo) gets its grant here by the
same check.
"""

from __future__ import annotations

from collections.abc import Collection

from application.access.granted import grant_actor, grant_on
from application.access.grants import Grant, Scope
from application.deliberation.queries import topic_reach
from application.ledger import Ledger
from application.principals import Principal
from domain.actors import Actor
from domain.deliberation.topics import Topic
from domain.errors import OutsideJurisdiction


def topic_grant(
    ledger: Ledger, caller: Principal, operation: str, topic: Topic, subject: object
) -> Grant:
    """The grant `allow(operation)` gives on a topic (or one of its sittings, `subject`)."""
    return grant_on(ledger, caller, operation, subject, topic_reach(ledger, topic))


def acting(grant: Grant, named: Collection[str | None] = ()) -> Actor:
    """The grant's actor; one reaching only through a role on the topic must be among `named`."""
    through_topic = (
        grant.role is not None and grant.rule.scope(grant.role) is Scope.TOPIC_ROLE
    )
    if through_topic and grant.person_id not in named:
        raise OutsideJurisdiction(
            f"{grant.rule.operation}: this step is the community staff's or another "
            "role's on the topic",
            rule_id="WZ-5.2-b",
            zh=f"{grant.rule.operation}：此步骤由社区工作人员或议题的其他角色办理",
        )
    return grant_actor(grant)
