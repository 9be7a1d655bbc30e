"""The joint two-committee review of a topic (WZ-5.2-a/b/c, JH-4.1/4.2, SX-T1): the three checks
with their reasons, the must / must-not screen, and on approval the convenor, recorder and guide,
the rule profile pinned (`key@version`) and the plan and sitting deadlines. `review` records it
on the Topic, which nests a subclass of the event.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain.actors import ActedEvent, Actor
from domain.calendar import china_text
from domain.deliberation.profiles import RuleProfile
from domain.deliberation.vocabulary import (
    MustDeliberate,
    MustNotDeliberate,
    ReviewCheck,
    TopicClass,
)
from domain.errors import InvalidValue

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic


@dataclass(frozen=True)
class Review:
    """What the joint two-committee meeting recorded about one topic (WZ-5.2-a, JH-4.1/4.2)."""

    meeting: str
    attendees: tuple[str, ...]
    checks: dict[ReviewCheck, tuple[bool, str]]
    must: tuple[MustDeliberate, ...] = ()
    must_not: dict[MustNotDeliberate, str] | None = None

    def refusal(self) -> str | None:
        """Why the topic cannot be approved, or None."""
        failed = [
            f"{c.value}: {reason}" for c, (ok, reason) in self.checks.items() if not ok
        ]
        barred = [f"{k.value}: {reason}" for k, reason in (self.must_not or {}).items()]
        return "; ".join(failed + barred) or None


@dataclass(frozen=True)
class Roles:
    convenor: str
    recorder: str
    guide: str


class TopicReviewedBase(ActedEvent):
    class_version = 2
    personal_fields = ("reasons",)
    subject_id: str
    meeting: str
    attendees: list[str]
    checks: dict[str, bool]
    must: list[str]
    must_not: list[str]
    reasons: dict[str, str]
    approved: bool
    convenor: str | None
    recorder: str | None
    guide: str | None
    profile: str | None
    topic_class: str | None
    plan_due: str | None
    sit_due: str | None
    counted_from: str | None
    provisional: list[str]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Reviews stored before CAL-1 flags on topics: counted as final."""
        state["counted_from"], state["provisional"] = None, []

    def apply(self, aggregate: Topic) -> None:
        aggregate.status = "approved" if self.approved else "rejected"
        aggregate.profile, aggregate.convenor = self.profile, self.convenor
        aggregate.recorder, aggregate.topic_class = self.recorder, self.topic_class
        aggregate.guide = self.guide
        aggregate.due_at = {
            k: v for k, v in (("plan", self.plan_due), ("sit", self.sit_due)) if v
        }
        aggregate.counted_from = self.counted_from
        aggregate.provisional = frozenset(self.provisional)


def review_topic(
    topic: Topic,
    actor: Actor,
    review: Review,
    profile: RuleProfile,
    roles: Roles | None,
    topic_class: TopicClass | None = None,
    dues: dict[str, datetime] | None = None,
    provisional: Collection[str] = (),
    counted_from: datetime | None = None,
) -> None:
    """WZ-5.2-a/b, JH-4.2: approve with convenor, recorder and guide, or reject with the reasons."""
    topic.require("review", "WZ-5.2-a")
    _check_review(review, profile)
    refusal, chosen = (
        review.refusal(),
        topic_class.value if topic_class else topic.topic_class,
    )
    if refusal is None:
        _check_approval(roles, profile, chosen)
    approved, dues = refusal is None, dues or {}
    topic.trigger_event(
        topic.TopicReviewed,
        **_reviewed_fields(review, approved, roles, profile),
        topic_class=chosen,
        plan_due=_iso(dues.get("plan")) if approved else None,
        sit_due=_iso(dues.get("sit")) if approved else None,
        counted_from=_iso(counted_from) if approved else None,
        provisional=sorted(provisional) if approved else [],
        **actor.event_fields(),
    )


def _iso(moment: datetime | None) -> str | None:
    return china_text(moment) if moment else None


def _check_review(review: Review, profile: RuleProfile) -> None:
    if not review.attendees:
        raise InvalidValue(
            "the joint meeting's attendance is recorded",
            rule_id="WZ-5.2-a",
            zh="请记录两委联席会议的出席情况",
        )
    missing = set(ReviewCheck) - set(review.checks)
    if missing or any(not reason.strip() for _, reason in review.checks.values()):
        raise InvalidValue(
            "each of the three checks is recorded with its reason",
            rule_id="WZ-5.2-a",
            allowed=sorted(c.value for c in ReviewCheck),
            zh="三项审查须逐项记录，并写明理由",
        )
    if profile.review_screen and review.must_not is None:
        raise InvalidValue(
            "this profile screens every topic against the five must-not items",
            rule_id="JH-4.2",
            allowed=sorted(m.value for m in MustNotDeliberate),
            zh="此规则配置要求每个议题都按“五不议”逐项审查",
        )
    if profile.review_screen and not review.must and not review.must_not:
        raise InvalidValue(
            "name the must-deliberate item the topic falls under",
            rule_id="JH-4.1",
            allowed=sorted(m.value for m in MustDeliberate),
            zh="请写明议题属于“六必议”中的哪一项",
        )


def _check_approval(
    roles: Roles | None, profile: RuleProfile, topic_class: str | TopicClass | None
) -> None:
    if roles is None or not all((roles.convenor, roles.recorder, roles.guide)):
        raise InvalidValue(
            "an approved topic gets a convenor, a recorder and a guide",
            rule_id="WZ-5.2-b",
            zh="立项的议题须指定召集人、记录人和指导人",
        )
    if profile.topic_classes and topic_class is None:
        raise InvalidValue(
            "class the topic immediate or in-depth",
            rule_id="SX-T1",
            allowed=[c.value for c in TopicClass],
            zh="请把议题定为即时议或深入议",
        )


def _reviewed_fields(
    review: Review, approved: bool, roles: Roles | None, profile: RuleProfile
) -> dict[str, Any]:
    reasons = {c.value: reason for c, (_, reason) in review.checks.items()}
    reasons |= {
        f"must_not:{k.value}": reason for k, reason in (review.must_not or {}).items()
    }
    return {
        "meeting": review.meeting,
        "attendees": list(review.attendees),
        "checks": {c.value: ok for c, (ok, _) in review.checks.items()},
        "must": [m.value for m in review.must],
        "must_not": sorted(k.value for k in (review.must_not or {})),
        "reasons": reasons,
        "approved": approved,
        "convenor": roles.convenor if approved and roles else None,
        "recorder": roles.recorder if approved and roles else None,
        "guide": roles.guide if approved and roles else None,
        "profile": profile.pinned() if approved else None,
    }
