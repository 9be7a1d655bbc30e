"""The supervision committee's implementation report in its four parts (WZ-5.8-d), run by
`DeliberationService.handle` like every topic command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from application.access.grants import Grant
from application.deliberation.acting import acting
from application.deliberation.topic_commands import TopicCommand
from domain.deliberation.report import ReportParts, report_implementation
from domain.deliberation.topics import Topic

if TYPE_CHECKING:
    from application.deliberation.service import DeliberationService


@dataclass(frozen=True, kw_only=True)
class ReportImplementation(TopicCommand):
    """WZ-5.8-d: progress, problems, effects and the money or labour raised (or that none was);
    `complete` when the result is fully carried out (late after its WZ-5.8-c deadline)."""

    action = "report"
    progress: str = ""
    problems: str = ""
    effects: str = ""
    involves_funds_labour: bool | None = None
    funds_labour: str = ""
    complete: bool = False
    note: str = ""

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        actor = acting(grant)
        due = topic.implement_due if self.complete else None
        report_implementation(
            topic,
            actor,
            ReportParts(
                self.progress,
                self.problems,
                self.effects,
                self.funds_labour,
                self.involves_funds_labour,
            ),
            self.complete,
            svc.deadlines.clock(),
            datetime.fromisoformat(due) if due else None,
            self.note,
        )
