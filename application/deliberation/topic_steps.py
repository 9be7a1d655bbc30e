"""The steps on a topic after its outcome (WZ-5.7 … WZ-5.8, JH-5.4, LS-2.4.9,
LS-2.4.11, LS-3.2.4), one frozen dataclass per use case, run by
`DeliberationService.handle` like the commands before the sitting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from application.access.grants import Grant
from application.calendar.deadlines import china_iso
from application.deliberation.acting import acting
from application.deliberation.topic_commands import TopicCommand
from domain.deliberation.aftermath import record_step, reopen_topic
from domain.deliberation.topics import Topic
from domain.errors import UnknownTask
from domain.tasks import Task

if TYPE_CHECKING:
    from application.deliberation.service import DeliberationService

Detail = str | int | bool | list[str]

END_OF_DAY = "T23:59:59.999999+08:00"  # a complex matter's new date, in China time


@dataclass(frozen=True, kw_only=True)
class TopicStep(TopicCommand):
    """A step recorded with a note and its details, by the role the standard gives it."""

    note: str = ""
    details: dict[str, Detail] = field(default_factory=dict)

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        step = self.action
        actor = acting(grant, {topic.convenor})  # a convenor explains (WZ-5.8-b)
        details: dict[str, Detail] = dict(self.details)
        if step == "implement" and details.get("complexity", "simple") == "simple":
            due = svc.implementation_deadline(topic)  # WZ-5.8-c, CAL-1
            details["due"], details["provisional"] = china_iso(due.at), due.provisional
        elif step == "implement" and details.get("expected_by"):
            details["due"] = f"{details['expected_by']}{END_OF_DAY}"  # WZ-5.8-c
        if step == "implement" and details.get("task_id"):
            # tracked as a top-down task
            svc.ledger.load(Task, str(details["task_id"]), UnknownTask)
        record_step(topic, actor, step, svc.deadlines.clock(), self.note, details)


@dataclass(frozen=True, kw_only=True)
class FileOutcome(TopicStep):
    action = "file"


@dataclass(frozen=True, kw_only=True)
class CommunicateOutcome(TopicStep):
    action = "communicate"


@dataclass(frozen=True, kw_only=True)
class ImplementOutcome(TopicStep):
    action = "implement"


@dataclass(frozen=True, kw_only=True)
class ExplainToDissenters(TopicStep):
    action = "explain_dissent"


@dataclass(frozen=True, kw_only=True)
class ReferOutcome(TopicStep):
    action = "refer"


@dataclass(frozen=True, kw_only=True)
class AppraiseOutcome(TopicStep):
    action = "appraise"


@dataclass(frozen=True, kw_only=True)
class PostOutcome(TopicStep):
    action = "post"


@dataclass(frozen=True, kw_only=True)
class ArchiveTopic(TopicStep):
    action = "archive"


@dataclass(frozen=True, kw_only=True)
class ReopenTopic(TopicCommand):
    action = "reopen"
    problem: str

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        reopen_topic(topic, acting(grant), self.problem)


STEPS: tuple[type[TopicStep], ...] = (
    FileOutcome,
    CommunicateOutcome,
    ImplementOutcome,
    ExplainToDissenters,
    ReferOutcome,
    AppraiseOutcome,
    PostOutcome,
    ArchiveTopic,
)
