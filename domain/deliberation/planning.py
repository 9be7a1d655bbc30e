"""After approval, before the sitting: the plan (WZ-5.3), the rules of procedure (WZ-5.5) and the
announcement (WZ-5.4): plain functions over the Topic; the Topic nests subclasses of these events.

Deadlines are counted by the application with the working-day calendar and passed in: the plan
is due within 10 working days of approval (recorded as late if after), and the sitting itself
must fall within 15 (refused otherwise) under the Wenzhou profile.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from domain.actors import ActedEvent, Actor
from domain.deliberation.participants import NO_RULES_FORMS, VOTING, ParticipantCategory
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.profiles import RuleProfile
from domain.deliberation.thresholds import Threshold
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.levels import Role

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic

FORMS = (
    "online",
    "seminar",
    "argumentation",
    "hearing",
    "online_offline",
    "door_to_door",
    "written",
    "proposal",
    "meeting",
    "publicity",
    "evaluation",
    "consultation",
    "survey",
)  # WZ-5.3-d, LS-2.4.4


class TopicPlannedBase(ActedEvent):
    when: str
    place: str
    form: str
    host: str
    participants: dict[str, str]
    late: bool

    def apply(self, aggregate: Topic) -> None:
        aggregate.status, aggregate.arrangements = (
            "planned",
            dict(
                when=self.when,
                place=self.place,
                form=self.form,
                host=self.host,
                participants=dict(self.participants),
            ),
        )


class RulesDraftedBase(ActedEvent):
    speech_minutes: int
    speeches_per_person: int
    passing: str

    def apply(self, aggregate: Topic) -> None:
        aggregate.rules_drafted = True
        aggregate.drafted_rules = {
            "speech_minutes": self.speech_minutes,
            "speeches_per_person": self.speeches_per_person,
            "passing": self.passing,
        }


class TopicAnnouncedBase(ActedEvent):
    channels: list[str]
    attachments: list[str]

    def apply(self, aggregate: Topic) -> None:
        aggregate.status, aggregate.announced = "announced", True


class SittingAdjournedBase(ActedEvent):
    """WZ-5.6-b: the sitting's draft rules were voted down and it closed without a result; the topic
    is planned again, with new rules of procedure, for another sitting."""

    sitting_id: str

    def apply(self, aggregate: Topic) -> None:
        aggregate.status, aggregate.rules_drafted = "adjourned", False
        aggregate.announced, aggregate.due_at = False, {}


def plan_topic(
    topic: Topic,
    actor: Actor,
    when: datetime,
    place: str,
    form: str,
    host: str,
    participants: dict[str, ParticipantCategory],
    *,
    now: datetime,
    settle_due: datetime | None = None,
    sit_due: datetime | None = None,
) -> None:
    """WZ-5.3-a/b/c: time, place, form, participants with their category, host (by default against
    the dues counted when the topic was approved)."""
    topic.require("plan", "WZ-5.3-a")
    settle_due = settle_due or _due(topic.due_at, "plan")
    sit_due = sit_due or _due(topic.due_at, "sit")
    convenor_or_staff(actor, topic.convenor)
    _check_plan(when, form, participants, sit_due, topic.topic_class)
    topic.trigger_event(
        topic.TopicPlanned,
        when=when.isoformat(),
        place=place,
        form=form,
        host=host,
        participants={p: c.value for p, c in participants.items()},
        late=settle_due is not None and now > settle_due,
        **actor.event_fields(),
    )


def draft_rules(
    topic: Topic,
    actor: Actor,
    profile: RuleProfile,
    speech_minutes: int | None = None,
    speeches_per_person: int | None = None,
    passing: Threshold | None = None,
) -> None:
    """WZ-5.5-a/b/c: defaults from the profile; the pass share may be raised, never lowered."""
    topic.require("draft_rules", "WZ-5.5-a")
    convenor_or_staff(actor, topic.convenor)
    rules = ProcedureRules.drafted(
        profile, speech_minutes, speeches_per_person, passing
    )
    topic.trigger_event(topic.RulesDrafted, **rules.fields(), **actor.event_fields())


def announce_topic(topic: Topic, actor: Actor, channels: list[str]) -> None:
    """WZ-5.4: through one or more channels, with the review form attached."""
    topic.require("announce", "WZ-5.4")
    form = (topic.arrangements or {}).get("form")
    if not topic.rules_drafted and form not in NO_RULES_FORMS:
        raise InvalidValue(
            "draft the rules of procedure before announcing",
            rule_id="WZ-5.5-a",
            allowed=["draft_rules"],
            zh="公告前请先拟定议事规则",
        )
    if not channels:
        raise InvalidValue(
            "announce through at least one channel",
            rule_id="WZ-5.4",
            zh="请至少通过一个渠道公告",
        )
    topic.trigger_event(
        topic.TopicAnnounced,
        channels=sorted(set(channels)),
        attachments=["review_form"],
        **actor.event_fields(),
    )


def adjourn_topic(topic: Topic, actor: Actor, sitting_id: str) -> None:
    if topic.status != "sitting" or sitting_id != topic.sittings[-1]:
        raise InvalidValue(
            "only the topic's current sitting closes without a result",
            rule_id="WZ-5.6-b",
            zh="只有议题当前的会议可以无结果结束",
        )
    topic.trigger_event(
        topic.SittingAdjourned, sitting_id=sitting_id, **actor.event_fields()
    )


def convenor_or_staff(actor: Actor, convenor: str | None) -> None:
    if actor.person_id != convenor and actor.role is not Role.COMMUNITY_STAFF:
        raise OutsideJurisdiction(
            "the convenor (or the community's staff) settles the plan",
            rule_id="WZ-5.2-b",
            zh="协商方案由召集人（或本社区工作人员）确定",
        )


def _check_plan(
    when: datetime,
    form: str,
    participants: dict[str, ParticipantCategory],
    sit_due: datetime | None,
    topic_class: str | None,
) -> None:
    if form not in FORMS:
        raise InvalidValue(
            f"unknown form {form!r}",
            rule_id="WZ-5.3-d",
            allowed=list(FORMS),
            zh=f"未知的会议形式 {form!r}：可选形式见 allowed_actions",
        )
    if sit_due is not None and when > sit_due:
        raise InvalidValue(
            f"the sitting must take place by {sit_due.isoformat()}",
            rule_id="SX-T1" if topic_class else "WZ-5.3-b",
            zh=f"会议须在 {sit_due.isoformat()} 之前召开",
        )
    if not any(category in VOTING for category in participants.values()):
        raise InvalidValue(
            "stakeholders take part and vote",
            rule_id="WZ-5.3-c",
            zh="利益相关方参与协商并表决：请把他们列为参与人员",
        )


def _due(dues: dict[str, str], key: str) -> datetime | None:
    return datetime.fromisoformat(dues[key]) if key in dues else None
