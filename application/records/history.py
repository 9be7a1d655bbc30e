"""One topic's history as the trace records read it: its events and its sittings' events, in log order.

Built from lists of domain events only (what `ledger.events.get` returns), never from a read model,
so every record can be rebuilt from the log alone at any time (WZ-6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from application.records.words import People
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic

E = TypeVar("E")

NUMBERS = {
    1: "proposal_review_form",
    2: "plan_record",
    3: "announcement",
    4: "activity_record",
    5: "implementation_report",
}
TITLES = {
    1: "协商议题建议和审核表",
    2: "议事方案确定记录",
    3: "协商事宜公告（附议事方案）",
    4: "城乡社区协商活动记录表",
    5: "协商结果落实情况报告",
}
STATUS_TEXT = {
    "complete": "已形成",
    "in_progress": "进行中：部分环节尚未发生",
    "not_yet": "尚未形成：该环节尚未发生",
    "not_applicable": "不适用",
}


@dataclass(frozen=True)
class History:
    topic: tuple[Any, ...]
    sittings: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    people: People = field(default_factory=People)

    @classmethod
    def of(
        cls,
        topic_events: Sequence[Any],
        sitting_events: Mapping[str, Sequence[Any]] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> History:
        if not topic_events or not isinstance(topic_events[0], Topic.TopicProposed):
            raise ValueError("a topic's history starts with its proposal")
        sittings = {str(k): tuple(v) for k, v in (sitting_events or {}).items()}
        return cls(tuple(topic_events), sittings, People(names))

    @property
    def topic_id(self) -> str:
        return str(self.topic[0].originator_id)

    @property
    def proposal(self) -> Topic.TopicProposed:
        proposed: Topic.TopicProposed = self.topic[0]  # a topic's history starts so
        return proposed

    def all(self, cls: type[E]) -> list[E]:
        return [e for e in self.topic if isinstance(e, cls)]

    def last(self, cls: type[E]) -> E | None:
        found = self.all(cls)
        return found[-1] if found else None

    def steps(self, step: str) -> list[Topic.StepRecorded]:
        return [e for e in self.all(Topic.StepRecorded) if e.step == step]

    def sitting_ids(self) -> list[str]:
        """The topic's sittings in the order they started (a re-deliberation adds one)."""
        return [e.sitting_id for e in self.all(Topic.SittingStarted)]

    def sitting(self, sitting_id: str) -> tuple[Any, ...]:
        """A sitting's events; empty if the loader has not (yet) found any."""
        return self.sittings.get(str(sitting_id), ())

    def every(self) -> list[Any]:
        return [*self.topic, *(e for events in self.sittings.values() for e in events)]

    def as_of(self) -> str:
        """The moment of the latest event read: the record is true as of then."""
        latest: datetime = max(e.timestamp for e in self.every())
        return latest.isoformat()


def of_type(events: Sequence[Any], cls: type[E]) -> list[E]:
    return [e for e in events if isinstance(e, cls)]


def first_of(events: Sequence[Any], cls: type[E]) -> E | None:
    return next((e for e in events if isinstance(e, cls)), None)


def envelope(
    number: int,
    history: History,
    status: str,
    sections: list[dict[str, Any]],
    note: str | None = None,
) -> dict[str, Any]:
    """The parts every record shares; `sections` hold its fields under stable English keys."""
    return {
        "record": number,
        "key": NUMBERS[number],
        "title": TITLES[number],
        "rule_id": "WZ-6",
        "topic_id": history.topic_id,
        "status": status,
        "status_text": STATUS_TEXT[status],
        "note": note,
        "as_of": history.as_of(),
        "sections": sections,
    }


def section(key: str, heading: str, **fields: Any) -> dict[str, Any]:
    return {"key": key, "heading": heading, "fields": fields}


def opened(events: Sequence[Any]) -> Sitting.SittingOpened | None:
    return first_of(events, Sitting.SittingOpened)
