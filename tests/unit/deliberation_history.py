"""Deliberation histories for the trace-record tests, made by driving the domain aggregates as the
standards' procedure does (WZ 8 stages) and collecting the events they trigger, in log order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.actors import Actor
from domain.deliberation.aftermath import record_outcome, record_step, start_sitting
from domain.deliberation.debate import (
    expert_statement,
    explain,
    request_floor,
    sign_in,
    speak,
)
from domain.deliberation.outcome import Outcome
from domain.deliberation.planning import announce_topic, draft_rules, plan_topic
from domain.deliberation.profiles import WENZHOU
from domain.deliberation.report import ReportParts, report_implementation
from domain.deliberation.review import review_topic
from domain.deliberation.settling import settle_sitting
from domain.deliberation.sittings import ParticipantCategory as C
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Review, Roles, Topic
from domain.deliberation.vocabulary import (
    MustDeliberate,
    ProposerKind,
    ReviewCheck,
    TopicCategory,
)
from domain.deliberation.voting import RULES, close_vote, open_vote, record_counts
from domain.levels import Role
from domain.people import person_id_for

ID = {
    ref: str(person_id_for(ref)) for ref in ("P0038", "P0010", "P0011", "P0028")
}  # demo people
PROPOSER = Actor(ID["P0038"], Role.RESIDENT, "CX010101")
STAFF = Actor(ID["P0010"], Role.COMMUNITY_STAFF, "CX0101")  # the recorder
GUIDE = ID["P0011"]
SUPERVISOR = Actor(ID["P0028"], Role.SUPERVISION_COMMITTEE, "CX0101")
VOTERS = [ID["P0038"]] + [
    f"R{i:02d}" for i in range(1, 9)
]  # R01…: ids of no registered person
PARTICIPANTS = {
    **{v: C.STAKEHOLDER for v in VOTERS},
    "E01": C.EXPERT,
    "D01": C.DEPARTMENT,
    "V01": C.NON_STAKEHOLDER,
}
NOW = datetime(2026, 11, 23, 1, tzinfo=UTC)
PASSING = {c: (True, f"{c.value}：符合") for c in ReviewCheck}
DUE = "2027-01-05T16:00:00+00:00"  # 30 working days after the result (WZ-5.8-c), as the application counts them
NAMES = {
    ID["P0038"]: "张三（P0038）",
    ID["P0010"]: "李四（P0010）",
    ID["P0028"]: "王五（P0028）",
    "E01": "赵工（E01）",
}


@dataclass
class Story:
    """A topic and its sittings being driven; `events()` gives what the log would hold."""

    topic: Topic
    sittings: list[Sitting] = field(default_factory=list)
    topic_log: list[Any] = field(default_factory=list)
    sitting_logs: dict[str, list[Any]] = field(default_factory=dict)

    def events(self) -> tuple[list[Any], dict[str, list[Any]]]:
        self.topic_log += self.topic.collect_events()
        for sitting in self.sittings:
            self.sitting_logs.setdefault(str(sitting.id), []).extend(
                sitting.collect_events()
            )
        return list(self.topic_log), {k: list(v) for k, v in self.sitting_logs.items()}


def proposed(
    title: str = "3栋加装电梯", description: str = "3栋老人多，上下楼难"
) -> Story:
    topic = Topic.propose(
        PROPOSER,
        "CX0101",
        TopicCategory.COMMUNITY_RESIDENTS,
        ProposerKind.RESIDENT,
        ID["P0038"],
        "wechat",
        title,
        description,
        linked_requests=["req-1"],
    )
    topic.register(STAFF, "2026-017")
    return Story(topic)


def reviewed(story: Story, checks=PASSING) -> Story:
    review = Review(
        "2026年11月两委联席会议",
        (ID["P0010"], GUIDE),
        checks,
        (MustDeliberate.PUBLIC_AFFAIRS,),
    )
    approved = all(ok for ok, _ in checks.values())
    review_topic(
        story.topic,
        STAFF,
        review,
        WENZHOU,
        Roles(ID["P0038"], ID["P0010"], GUIDE) if approved else None,
    )
    story.topic.notify_proposer(STAFF, "phone")
    return story


def announced(story: Story) -> Story:
    plan_topic(
        story.topic,
        STAFF,
        NOW + timedelta(days=7),
        "社区议事厅",
        "seminar",
        ID["P0038"],
        PARTICIPANTS,
        now=NOW,
        settle_due=NOW + timedelta(days=14),
        sit_due=NOW + timedelta(days=21),
    )
    draft_rules(story.topic, STAFF, WENZHOU)
    announce_topic(story.topic, STAFF, ["notice_board", "wechat"])
    return story


def sitting_opened(story: Story) -> Sitting:
    sitting = Sitting.open(
        STAFF,
        str(story.topic.id),
        WENZHOU,
        "on_site",
        "seminar",
        PARTICIPANTS,
        proposer_id=ID["P0038"],
        host=ID["P0038"],
        recorder=ID["P0010"],
        sequence=len(story.sittings) + 1,
    )
    start_sitting(story.topic, STAFF, str(sitting.id))
    story.sittings.append(sitting)
    for person in PARTICIPANTS:
        sign_in(sitting, STAFF, person)
    return sitting


def counted(
    sitting: Sitting, item: str, text: str, yes: int, no: int, abstain: int
) -> None:
    open_vote(sitting, STAFF, item, text)
    record_counts(sitting, STAFF, item, yes, no, abstain)
    close_vote(sitting, STAFF, item)


def debated(sitting: Sitting) -> None:
    counted(sitting, RULES, "议事规则（草案）", 7, 2, 0)
    explain(sitting, PROPOSER, "3栋有12户老人，提议加装电梯")
    request_floor(sitting, STAFF, "R01", "for")
    speak(sitting, STAFF, "R01", 150, "支持，老人上下楼困难")
    request_floor(sitting, STAFF, "R02", "against")
    speak(sitting, STAFF, "R02", 200, "一楼住户担心采光")
    expert_statement(sitting, STAFF, "E01", "结构可行，采光影响小")


def consensus_sitting(story: Story) -> Sitting:
    sitting = sitting_opened(story)
    debated(sitting)
    counted(sitting, "item-1", "同意加装电梯", 6, 2, 1)
    counted(sitting, "item-2", "费用按楼层分摊", 5, 3, 1)
    settle_sitting(
        sitting, STAFF, implementation_plan="12月底前完成报建，费用按楼层分摊"
    )
    record_outcome(
        story.topic,
        STAFF,
        str(sitting.id),
        Outcome.CONSENSUS,
        file_due=NOW + timedelta(days=9),
        communicate_due=NOW + timedelta(days=10),
    )
    return sitting


def failed_sitting(story: Story, yes: int) -> Sitting:
    sitting = sitting_opened(story)
    debated(sitting)
    counted(sitting, "item-1", "同意加装电梯", yes, 9 - yes, 0)
    outcome = settle_sitting(sitting, STAFF)
    record_outcome(
        story.topic,
        STAFF,
        str(sitting.id),
        outcome,
        file_due=NOW + timedelta(days=9),
        communicate_due=NOW + timedelta(days=10),
    )
    return sitting


def carried_out(story: Story) -> Story:
    topic, later = story.topic, NOW + timedelta(days=8)
    record_step(topic, STAFF, "file", now=later, details={"supervisor": ID["P0028"]})
    record_step(
        topic,
        STAFF,
        "communicate",
        now=later + timedelta(days=3),
        details={"channels": ["wechat", "sms"]},
    )
    record_step(
        topic,
        STAFF,
        "implement",
        now=later,
        details={"route": "community", "complexity": "simple", "due": DUE},
        note="已委托施工单位报建",
    )
    record_step(
        topic, STAFF, "explain_dissent", now=later, note="向R02说明采光补偿办法"
    )
    report_implementation(
        topic,
        SUPERVISOR,
        ReportParts("过半", "一楼采光", "老人出行便利", "3万元", True),
        False,
        later,
        None,
        note="报建完成，进度过半",
    )
    return story


def full_wz_history() -> tuple[list[Any], dict[str, list[Any]]]:
    """proposal → review → plan → rules → announcement → sitting → consensus → filing → … → report."""
    story = announced(reviewed(proposed()))
    consensus_sitting(story)
    return carried_out(story).events()
