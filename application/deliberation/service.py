"""Deliberation topics (协商议题), from proposal to the steps after the outcome (WZ-5.1 … WZ-5.8).

Who acts: anyone entitled to the category proposes (WZ-5.1-a); the community's staff register,
review, announce and record the later steps; the convenor (or staff) plans and drafts the rules;
the street corrects (WZ-5.7-b); the community's supervision committee reports (WZ-5.8-d).
Deadlines are counted here with the working-day calendar and recorded on the events.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from application.access.granted import Granted
from application.access.grants import Grant, Reach
from application.calendar.deadlines import Deadlines
from application.deliberation.acting import topic_grant
from application.deliberation.deadlines import implementation_deadline
from application.deliberation.queries import topic_reach
from application.deliberation.topic_commands import TopicCommand
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from domain.actors import Actor
from domain.calendar import Deadline
from domain.deliberation.profiles import RuleProfile, profile
from domain.deliberation.topics import Topic
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.jurisdiction import acting_role
from domain.levels import Level, Role
from domain.registry import Registry
from domain.requests import Request

STAFF_KINDS = frozenset(ProposerKind) - {
    ProposerKind.RESIDENT,
    ProposerKind.GROUP_LEADER,
}


def topic_summary(topic: Topic) -> dict[str, Any]:
    return {
        "topic_id": str(topic.id),
        "version": topic.version,
        "status": topic.status,
        "profile": topic.profile,
        "allowed_actions": topic.allowed_actions(),
    }


def proposer_kinds(
    principal: Principal, community: str, registry: Registry
) -> set[ProposerKind]:
    """What the caller may propose as: a resident or group leader of the community, or its staff,
    who also record proposals brought by organisations and departments (WZ-5.1-b)."""
    kinds = set()
    if principal.home_group and registry.is_within(principal.home_group, community):
        kinds.add(ProposerKind.RESIDENT)
    for role, unit in principal.roles:
        if role is Role.GROUP_LEADER and registry.is_within(unit, community):
            kinds.add(ProposerKind.GROUP_LEADER)
        if role is Role.COMMUNITY_STAFF and unit == community:
            kinds |= STAFF_KINDS
    return kinds


class DeliberationService:
    def __init__(self, ledger: Ledger, deadlines: Deadlines, default_profile: str):
        self.ledger, self.deadlines, self.default_profile = (
            ledger,
            deadlines,
            default_profile,
        )

    # ---- who acts ---------------------------------------------------------
    def community(self, code: str) -> Registry:
        registry = self.ledger.registry()
        if registry.unit(code).level is not Level.COMMUNITY:
            raise InvalidValue(
                f"{code} is not a community: deliberation happens in communities",
                rule_id="WZ-5.1-a",
                zh=f"{code} 不是社区：协商在社区进行，请选择社区",
            )
        return registry

    def staff(self, principal: Principal, community: str) -> Actor:
        """Staff over the community; anyone else is refused under WZ-5.2-b, which names the topic's roles
        (a role holder reaching a step that is not theirs lands here)."""
        try:
            return acting_role(
                principal.person_id, principal.roles, community, self.ledger.registry()
            )
        except OutsideJurisdiction as refusal:
            raise OutsideJurisdiction(
                f"{refusal}: this step is the community staff's or another role's on the "
                "topic",
                rule_id="WZ-5.2-b",
                zh=f"{refusal.detail}：此步骤由社区工作人员或议题的其他角色办理",
            ) from None

    def staff_or(
        self, principal: Principal, community: str, person: str | None
    ) -> Actor:
        """Staff reaching the community, or else the named person themselves (a convenor, a participant)."""
        if principal.person_id == person:
            try:
                return self.staff(principal, community)
            except OutsideJurisdiction:
                return Actor(principal.person_id, Role.RESIDENT, principal.home_group)
        return self.staff(principal, community)

    def profile_in_force(self, community: str) -> RuleProfile:
        return self.ledger.profile_book().in_force(community, self.default_profile)

    def review_interval(self, community: str) -> timedelta:
        """WZ-5.2-a: how long a topic may wait for review (no pin yet: the profile in force)."""
        return self.profile_in_force(community).deadlines.review_interval()

    def profile_of(self, topic: Topic) -> RuleProfile:
        """The profile pinned on the topic at its approval, whatever is in force now (section P)."""
        return (
            profile(topic.profile)
            if topic.profile
            else self.profile_in_force(topic.community)
        )

    def implementation_due(self, topic: Topic) -> datetime:
        return self.implementation_deadline(topic).at

    def implementation_deadline(self, topic: Topic) -> Deadline:
        """WZ-5.8-c from the result, flagged provisional across a year without data (CAL-1)."""
        start = topic.settled_at or self.deadlines.clock()
        return implementation_deadline(
            self.deadlines.calendar(), self.profile_of(topic), start
        )

    def granted(self, grant: Grant | None, topic_id: UUID) -> Granted[Topic]:
        """The topic the grant's check loaded (application/access/granted.py)."""

        def load() -> Topic:
            return self.ledger.topic(topic_id)

        def reach_of(topic: Topic) -> Reach:
            return topic_reach(self.ledger, topic)

        return Granted(self.ledger, grant, load, reach_of, topic_id)

    # ---- commands ---------------------------------------------------------
    def adopt_profile(
        self,
        principal: Principal,
        community: str,
        key: str,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """A community adopts a rule profile; topics approved afterwards pin it (section P)."""

        def build() -> Outcome:
            self.community(community)
            book = self.ledger.profile_book(for_update=True)
            book.adopt(self.staff(principal, community), community, key)
            chosen = book.in_force(community, self.default_profile)
            return Outcome([book], {"community": community, "profile": chosen.pinned()})

        return self.ledger.commit(build, idem)

    def propose(
        self,
        principal: Principal,
        community: str,
        category: TopicCategory,
        kind: ProposerKind,
        channel: str,
        title: str,
        description: str,
        linked_requests: list[UUID],
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        def build() -> Outcome:
            registry = self.community(community)
            kinds = proposer_kinds(principal, community, registry)
            if kind not in kinds:
                raise OutsideJurisdiction(
                    f"you cannot propose as {kind.value} in {community}",
                    rule_id="WZ-5.1-a",
                    allowed=[k.value for k in kinds],
                    zh=f"您不能以 {kind.value} 的身份在 {community} 提出议题：可用的身份见 allowed_actions",
                )
            actor = self.staff_or(principal, community, principal.person_id)
            topic = Topic.propose(
                actor,
                community,
                category,
                kind,
                principal.person_id,
                channel,
                title,
                description,
                [str(r) for r in linked_requests],
            )
            requests = [self._linked(r, community, registry) for r in linked_requests]
            for request in requests:
                request.link_topic(actor, str(topic.id))
            return Outcome([topic, *requests], topic_summary(topic))

        return self.ledger.commit(build, idem)

    def _linked(self, request_id: UUID, community: str, registry: Registry) -> Request:
        request = self.ledger.request(request_id)
        if not registry.is_within(request.group, community):
            raise InvalidValue(
                f"request {request_id} was not raised in {community}",
                rule_id="WZ-5.1-a",
                zh=f"诉求 {request_id} 不是在 {community} 提出的：只能引用本社区的诉求",
            )
        return request

    def handle(
        self,
        principal: Principal,
        command: TopicCommand,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """One command on a topic, in the route's grant on the topic its check loaded; the
        command acts in the grant's role (`apply`)."""
        acting, held = self.acting_on(
            principal, f"topics.{command.action}", command.topic_id, grant
        )

        def build() -> Outcome:
            topic = held.aggregate(command.expected_version)
            command.apply(self, acting, topic)
            return Outcome([topic], topic_summary(topic))

        return self.ledger.commit(build, idem)

    def acting_on(
        self,
        principal: Principal,
        operation: str,
        topic_id: UUID,
        grant: Grant | None,
    ) -> tuple[Grant, Granted[Topic]]:
        """The route's grant, or for a caller without a route (a script, the demo) the one
        its `allow(operation)` would give; with the topic its check loaded."""
        if grant is None:
            topic = self.ledger.topic(topic_id)
            grant = topic_grant(self.ledger, principal, operation, topic, topic)
        return grant, self.granted(grant, topic_id)
