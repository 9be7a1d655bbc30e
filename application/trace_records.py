"""The five trace records of WZ-6, rebuilt at any time from the event log alone.

    records_for(ledger, topic_id, names=None) -> {1: dict, ..., 5: dict}
    record_for(ledger, topic_id, number, names=None) -> dict
    build_records(topic_events, sitting_events, names=None) -> {1: dict, ..., 5: dict}
    RECORDS[n](History.of(topic_events, sitting_events, names)) -> dict

Each record is a plain, JSON-ready dict with stable English keys (`record_history.envelope`):
record, key, title, rule_id ("WZ-6"), topic_id, status (complete | in_progress | not_yet |
not_applicable), status_text (Chinese), note, as_of (the latest event read, ISO 8601) and
sections: [{key, heading, fields}]. Field values are Chinese text, numbers, lists, rows (lists
of dicts) or nested dicts; `record_words.LABELS` gives every key its Chinese label. Times read
in Beijing time. Personal text erased after a person's erasure reads as ［已删除］.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from application.record_history import History, envelope, section
from application.record_words import (
    LABELS,
    NONE_YET,
    ROUTE_WORDS,
    text,
    when,
    word,
    yes_no,
)
from application.records_before import (
    announcement,
    consultations,
    plan_record,
    proposal_review_form,
)
from application.records_sitting import activity_record, overdue
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from domain.errors import NotFound, UnknownTopic
from domain.people import Person
from domain.personal import ERASED

__all__ = [
    "RECORDS",
    "LABELS",
    "History",
    "UnknownTopic",
    "build_records",
    "record_for",
    "records_for",
    "implementation_report",
]

NOT_IMPLEMENTED = {
    "terminated": ("not_applicable", "协商已终止，无需落实（WZ-5.6-c）"),
    "redeliberate": ("not_yet", "待再次协商形成结果后落实（WZ-5.6-c）"),
    "major_decision": (
        "not_applicable",
        "已上升为重大决策事项，实施结果按“五议两公开”程序公开（LS-2.4.12）",
    ),
}


def implementation_report(history: History) -> dict:
    """Record 5 (WZ-5.8): how the agreed result is carried out, under the supervision committee's report."""
    recorded = history.last(Topic.OutcomeRecorded)
    if recorded is None:
        return envelope(
            5, history, "not_yet", [], "协商结果确定后由居务监督委员会形成（WZ-5.8-d）"
        )
    if recorded.outcome in NOT_IMPLEMENTED:
        status, note = NOT_IMPLEMENTED[recorded.outcome]
        return envelope(5, history, status, [], note)
    sections = [_agreed(history, recorded)] + [
        section(key, heading, rows=_rows(history, step))
        for key, heading, step in (
            ("implementation", "落实情况（WZ-5.8-a/c）", "implement"),
            (
                "explanations",
                "对持不同意见群众的解释说明（WZ-5.8-b）",
                "explain_dissent",
            ),
            ("reports", "监督委员会落实情况报告（WZ-5.8-d）", "report"),
            ("referrals", "提交决定（LS-2.4.9）", "refer"),
            ("appraisals", "民主评议（LS-3.2.4）", "appraise"),
        )
    ]
    sections += _after_sitting(history)
    reported = bool(history.steps("report"))
    return envelope(
        5,
        history,
        "complete" if reported else "in_progress",
        sections,
        None if reported else "居务监督委员会尚未形成落实情况报告（WZ-5.8-d）",
    )


def _after_sitting(history: History) -> list[dict]:
    """Return visits and tracking (WZ-5.6-f), and problems found that reopened the deliberation (LS-2.4.11)."""
    visits = consultations(history, "after")
    problems = [
        {
            "at": when(e.timestamp),
            "by": history.people(e.actor_id),
            "problem": text(e.problem),
        }
        for e in history.all(Topic.DeliberationReopened)
    ]
    return (
        [section("return_visits", "会后回访、跟踪（WZ-5.6-f）", rows=visits)]
        if visits
        else []
    ) + (
        [section("feedback", "落实中发现的问题，重新协商（LS-2.4.11）", rows=problems)]
        if problems
        else []
    )


def _agreed(history: History, recorded: Topic.OutcomeRecorded) -> dict:
    settled = next(
        (
            e
            for e in history.sitting(recorded.sitting_id)
            if isinstance(e, Sitting.OutcomeSettled)
        ),
        None,
    )
    return section(
        "result",
        "协商结果",
        topic=text(history.proposal.title),
        outcome=word(recorded.outcome),
        settled_at=when(recorded.timestamp),
        implementation_plan=text(settled.implementation_plan) if settled else NONE_YET,
        deadline=_deadline(history),
    )


def _deadline(history: History) -> str:
    """WZ-5.8-c: a simple matter's 30 working days, and whether the scheduler found it passed."""
    dues = [
        s.details["due"]
        for s in history.steps("implement")
        if isinstance(s.details, dict) and s.details.get("due")
    ]
    if not dues:
        return NONE_YET
    return f"{when(dues[-1])}前{'（已逾期）' if overdue(history, 'implement') else ''}"


def _rows(history: History, step: str) -> list[dict]:
    return [
        {
            "at": when(s.timestamp),
            "by": history.people(s.actor_id),
            "content": text(s.note),
            "details": _details(s.details),
            "late": yes_no(s.late),
        }
        for s in history.steps(step)
    ]


def _details(details: Any) -> str:
    """A step's details as a line of labelled values (route, complexity, funds, labour, score …)."""
    if not isinstance(details, dict) or not details:
        return NONE_YET
    return "；".join(
        f"{LABELS.get(k, k)}：{_detail_value(k, v)}" for k, v in details.items()
    )


def _detail_value(key: str, value: Any) -> str:
    if key == "due":
        return when(str(value))
    if isinstance(value, bool):
        return yes_no(value)
    if key == "route":
        return ROUTE_WORDS.get(str(value), str(value))
    if isinstance(value, (list, tuple)):
        return "、".join(word(str(v)) for v in value)
    return word(str(value))


RECORDS: dict[int, Callable[[History], dict]] = {
    1: proposal_review_form,
    2: plan_record,
    3: announcement,
    4: activity_record,
    5: implementation_report,
}


def build_records(
    topic_events: Sequence[Any],
    sitting_events: Mapping[str, Sequence[Any]] | None = None,
    names: Mapping[str, str] | None = None,
) -> dict[int, dict]:
    history = History.of(topic_events, sitting_events, names)
    return {n: make(history) for n, make in RECORDS.items()}


def records_for(
    ledger: Any, topic_id: UUID | str, names: Mapping[str, str] | None = None
) -> dict[int, dict]:
    """All five records of a topic, read from the ledger's event store (no read model).

    `names` maps person ids to display labels; when None, each label is read from the person's own
    events (see `_names`).
    """
    history = load_history(ledger, topic_id, names)
    return {n: make(history) for n, make in RECORDS.items()}


def record_for(
    ledger: Any,
    topic_id: UUID | str,
    number: int,
    names: Mapping[str, str] | None = None,
) -> dict:
    if number not in RECORDS:
        raise NotFound(
            f"there is no trace record {number}",
            rule_id="WZ-6",
            allowed=[str(n) for n in RECORDS],
        )
    return RECORDS[number](load_history(ledger, topic_id, names))


def load_history(
    ledger: Any, topic_id: UUID | str, names: Mapping[str, str] | None = None
) -> History:
    topic_events = _events(ledger, topic_id)
    if not topic_events or not isinstance(topic_events[0], Topic.TopicProposed):
        raise UnknownTopic(f"unknown topic {topic_id}", rule_id="WZ-6")
    started = [
        e.sitting_id for e in topic_events if isinstance(e, Topic.SittingStarted)
    ]
    sittings = {sitting_id: _events(ledger, sitting_id) for sitting_id in started}
    history = History.of(topic_events, sittings)
    return History.of(
        topic_events, sittings, names if names is not None else _names(ledger, history)
    )


def _events(ledger: Any, aggregate_id: UUID | str) -> list[Any]:
    try:
        uuid = (
            aggregate_id if isinstance(aggregate_id, UUID) else UUID(str(aggregate_id))
        )
    except ValueError:
        return []
    if getattr(ledger, "keyring", None) is not None:
        ledger.keyring.refresh()  # see erasures made by other processes before decrypting
    return list(ledger.events.get(uuid))


def _names(ledger: Any, history: History) -> dict[str, str]:
    """Each person's label, "name（reference）", replayed from their own events. An erased person reads
    as ［已删除］ with their reference; an id that is no person (a department's name, say) stays as it is."""
    names = {}
    for person_id in sorted(_refs(history)):
        events = _events(ledger, person_id)
        registered = next((e for e in events if isinstance(e, Person.Registered)), None)
        if registered is None:
            continue
        named = [
            e.name
            for e in events
            if isinstance(e, (Person.Registered, Person.DetailsChanged))
        ]
        erased = any(isinstance(e, Person.PersonErased) for e in events)
        names[person_id] = f"{ERASED if erased else named[-1]}（{registered.ref}）"
    return names


PERSON_FIELDS = (
    "actor_id",
    "proposer_id",
    "convenor",
    "recorder",
    "guide",
    "host",
    "participant",
    "voter",
)


def _refs(history: History) -> set[str]:
    """Every person reference the records may show."""
    refs: set[str] = set()
    for e in history.every():
        refs |= {
            value
            for f in PERSON_FIELDS
            if isinstance(value := getattr(e, f, None), str)
        }
        refs |= set(getattr(e, "attendees", None) or ()) | set(
            getattr(e, "participants", None) or {}
        )
        details = getattr(e, "details", None)
        if isinstance(details, dict) and isinstance(details.get("supervisor"), str):
            refs.add(details["supervisor"])
    return refs - {""}
