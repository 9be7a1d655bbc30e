"""The topic once a sitting has an outcome (WZ-5.6-c, WZ-5.7, WZ-5.8, JH-5.4, LS-2.4.9, LS-2.4.11, LS-3.2.4).

Filing with the supervision committee is due by the end of the next day (WZ-5.7-a, CAL-2), the
result reaches stakeholders within 2 calendar days (WZ-5.7-c), and a simple matter is done within
30 working days (WZ-5.8-c). The application computes those moments with the calendar; the topic
records them and whether each step came late, so the supervision committee sees it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from domain.actors import ActedEvent, Actor
from domain.calendar import china_text
from domain.deliberation.outcome import Outcome
from domain.deliberation.step_checks import PER_RESULT as PER_RESULT
from domain.deliberation.step_checks import ROUTES as ROUTES
from domain.deliberation.step_checks import RULE_OF_STEP, checked
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.levels import Role

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic

AFTER = {
    Outcome.CONSENSUS: "implementing",
    Outcome.TERMINATED: "terminated",
    Outcome.REDELIBERATE: "redeliberate",
    Outcome.MAJOR_DECISION: "major_decision",
}
REOPENERS = {Role.COMMUNITY_STAFF, Role.SUPERVISION_COMMITTEE}  # LS-2.4.11


class SittingStartedBase(ActedEvent):
    sitting_id: str
    sequence: int

    def apply(self, aggregate: Topic) -> None:
        aggregate.status, aggregate.sittings = (
            "sitting",
            [*aggregate.sittings, self.sitting_id],
        )


class OutcomeRecordedBase(ActedEvent):
    sitting_id: str
    outcome: str
    file_due: str
    communicate_due: str

    def apply(self, aggregate: Topic) -> None:
        aggregate.status, aggregate.outcome = (
            AFTER[Outcome(self.outcome)],
            Outcome(self.outcome),
        )
        aggregate.settled_at = self.timestamp
        aggregate.steps = {
            k: n for k, n in aggregate.steps.items() if k not in PER_RESULT
        }
        aggregate.due_at = {"file": self.file_due, "communicate": self.communicate_due}


class DeliberationReopenedBase(ActedEvent):
    """LS-2.4.11: a problem found during implementation sends the topic back to deliberation; the
    implementation deadline stops until a new result (a new sitting, linked to the earlier ones)."""

    personal_fields = ("problem",)
    subject_id: str
    problem: str

    def apply(self, aggregate: Topic) -> None:
        aggregate.status, aggregate.implement_due = "redeliberate", None


class StepRecordedBase(ActedEvent):
    """Filing, communication, posting, archiving, correction, implementation, explanation, report, referral
    or appraisal."""

    personal_fields: ClassVar[tuple[str, ...]] = ("note",)
    subject_id: str
    step: str
    details: dict[str, Any]
    late: bool
    note: str

    def apply(self, aggregate: Topic) -> None:
        aggregate.steps = {
            **aggregate.steps,
            self.step: aggregate.steps.get(self.step, 0) + 1,
        }
        if self.step == "implement":
            aggregate.implement_due = self.details.get("due")
            aggregate.implement_provisional = bool(self.details.get("provisional"))
        if self.step == "report" and self.details.get("complete"):
            aggregate.completed = True


STEP_ROLES = {
    "file": {Role.COMMUNITY_STAFF},
    "communicate": {Role.COMMUNITY_STAFF},
    "post": {Role.COMMUNITY_STAFF},
    "archive": {Role.COMMUNITY_STAFF},  # JH-5.4
    "implement": {Role.COMMUNITY_STAFF},
    "explain_dissent": {Role.COMMUNITY_STAFF, Role.RESIDENT},
    "report": {Role.SUPERVISION_COMMITTEE},  # WZ-5.8-d
    "refer": {Role.COMMUNITY_STAFF},
    "appraise": {Role.COMMUNITY_STAFF, Role.SUPERVISION_COMMITTEE},
}


def start_sitting(topic: Topic, actor: Actor, sitting_id: str) -> None:
    """WZ-5.4: no sitting before its announcement."""
    topic.require("open_sitting", "WZ-5.4")
    topic.trigger_event(
        topic.SittingStarted,
        sitting_id=sitting_id,
        sequence=len(topic.sittings) + 1,
        **actor.event_fields(),
    )


def record_outcome(
    topic: Topic,
    actor: Actor,
    sitting_id: str,
    outcome: Outcome,
    file_due: datetime,
    communicate_due: datetime,
) -> None:
    if topic.status != "sitting" or sitting_id != topic.sittings[-1]:
        raise InvalidValue(
            "the outcome comes from the topic's current sitting",
            rule_id="WZ-5.6-c",
            zh="协商结果须来自议题当前的会议",
        )
    topic.trigger_event(
        topic.OutcomeRecorded,
        sitting_id=sitting_id,
        outcome=outcome.value,
        file_due=china_text(file_due),
        communicate_due=china_text(communicate_due),
        **actor.event_fields(),
    )


def record_step(
    topic: Topic,
    actor: Actor,
    step: str,
    now: datetime,
    note: str = "",
    details: dict[str, Any] | None = None,
    due: datetime | None = None,
) -> None:
    """One step after the outcome, by the role the standard gives it, late if after its due moment."""
    if step == "report":  # WZ-5.8-d: in its four parts (domain/deliberation/report.py)
        raise InvalidValue(
            "the implementation report is recorded in its four parts",
            rule_id="WZ-5.8-d",
            zh="落实情况报告须分四部分填写（进度、问题、影响、筹资筹劳）",
        )
    topic.require(step, RULE_OF_STEP.get(step, "WZ-5.7-a"))
    if actor.role not in STEP_ROLES[step]:
        raise OutsideJurisdiction(
            f"{step} is for {', '.join(sorted(r.value for r in STEP_ROLES[step]))}",
            rule_id=RULE_OF_STEP[step],
            zh=f"步骤 {step} 由 {'、'.join(sorted(r.value for r in STEP_ROLES[step]))} 办理",
        )
    details = checked(step, details or {}, note, topic.steps)
    due_text = (topic.due_at or {}).get(step)
    limit = due or (datetime.fromisoformat(due_text) if due_text else None)
    topic.trigger_event(
        topic.StepRecorded,
        step=step,
        details=details,
        late=bool(limit and now > limit),
        note=note,
        **actor.event_fields(),
    )


def reopen_topic(topic: Topic, actor: Actor, problem: str) -> None:
    """LS-2.4.11: the community's staff or supervision committee records a problem found while the
    result is carried out, with its reason; the topic is then planned and sat again."""
    topic.require("reopen", "LS-2.4.11")
    if actor.role not in REOPENERS:
        raise OutsideJurisdiction(
            "the community's staff or supervision committee reopens a deliberation",
            rule_id="LS-2.4.11",
            zh="重新协商由本社区工作人员或居务监督委员会发起",
        )
    if not problem.strip():
        raise InvalidValue(
            "say what problem was found and why it needs deliberating again",
            rule_id="LS-2.4.11",
            zh="请写明发现了什么问题、为什么需要重新协商",
        )
    topic.trigger_event(
        topic.DeliberationReopened, problem=problem.strip(), **actor.event_fields()
    )
