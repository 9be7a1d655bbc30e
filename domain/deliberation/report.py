"""The supervision committee's implementation report (协商结果落实情况报告, WZ-5.8-d).

The seed (WZ 5.8 ④) names what the report gives: the progress of carrying out the result
(进度), the problems met on the way (问题), the effects the result has had (影响), and, where
money or labour was raised (涉及筹资筹劳的), how much and from whom. The report is published to
everyone (向社会公布); the parts are the committee member's own text, sealed with their key like
a step's note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.deliberation.aftermath import STEP_ROLES
from domain.errors import InvalidValue, OutsideJurisdiction

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic

RULE = "WZ-5.8-d"
PARTS = ("progress", "problems", "effects", "funds_labour")
PART_WORDS = {
    "progress": "落实进度",
    "problems": "落实中的问题",
    "effects": "落实产生的影响",
    "funds_labour": "筹资筹劳情况",
}


@dataclass(frozen=True)
class ReportParts:
    """The four parts; `involves_funds_labour` False states that nothing was raised (None: not said)."""

    progress: str
    problems: str
    effects: str
    funds_labour: str
    involves_funds_labour: bool | None

    def missing(self) -> list[str]:
        given = {
            "progress": self.progress,
            "problems": self.problems,
            "effects": self.effects,
            "funds_labour": "-"
            if self.involves_funds_labour is False
            else self.funds_labour,
        }
        return [part for part in PARTS if not given[part].strip()]


def report_implementation(
    topic: Topic,
    actor: Actor,
    parts: ReportParts,
    complete: bool,
    now: datetime,
    due: datetime | None,
    note: str = "",
) -> None:
    """WZ-5.8-d: the community's supervision committee reports in four parts; late if a
    completing report comes after the implementation deadline (WZ-5.8-c)."""
    topic.require("report", RULE)
    if actor.role not in STEP_ROLES["report"]:
        raise OutsideJurisdiction(
            "the community's supervision committee writes the implementation report",
            rule_id=RULE,
            zh="落实情况报告由社区居务监督委员会形成",
        )
    _complete(parts)
    topic.trigger_event(
        topic.ImplementationReported,
        step="report",
        details={
            "complete": complete,
            "involves_funds_labour": bool(parts.involves_funds_labour),
        },
        late=bool(complete and due and now > due),
        note=note.strip(),
        progress=parts.progress.strip(),
        problems=parts.problems.strip(),
        effects=parts.effects.strip(),
        funds_labour=parts.funds_labour.strip() if parts.involves_funds_labour else "",
        **actor.event_fields(),
    )


def _complete(parts: ReportParts) -> None:
    missing = parts.missing()
    if missing:
        raise InvalidValue(
            "the implementation report gives its progress, problems, effects and the "
            f"money or labour raised (or that none was); missing: {', '.join(missing)}",
            rule_id=RULE,
            allowed=missing,
            zh="落实情况报告须写明落实进度、落实中的问题、落实产生的影响和筹资筹劳情况"
            f"（不涉及筹资筹劳的须注明）；缺少：{'、'.join(PART_WORDS[p] for p in missing)}",
        )
