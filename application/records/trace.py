"""The five trace records of WZ-6, rebuilt at any time from the event log alone.

    records_for(ledger, topic_id, names=None) -> {1: dict, ..., 5: dict}
    record_for(ledger, topic_id, number, names=None) -> dict
    build_records(topic_events, sitting_events, names=None) -> {1: dict, ..., 5: dict}
    RECORDS[n](History.of(topic_events, sitting_events, names)) -> dict

Each record is a plain, JSON-ready dict with stable English keys (`record_history.envelope`):
record, key, title, rule_id ("WZ-6"), topic_id, status (complete | in_progress | not_yet |
not_applicable), status_text (Chinese), note, as_of (the latest event read, ISO 8601) and
sections: [{key, heading, fields}]. Field values are Chinese text, numbers, lists, rows (lists
of dicts) or nested dicts; `record_labels.LABELS` gives every key its Chinese label. Times read
in Beijing time. Personal text erased after a person's erasure reads as ［已删除］.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from application.records.before import (
    announcement,
    plan_record,
    proposal_review_form,
)
from application.records.history import History
from application.records.implementation import implementation_report
from application.records.sitting import activity_record
from domain.deliberation.topics import Topic
from domain.errors import NotFound, UnknownTopic
from domain.people import Person
from domain.personal import ERASED

# UnknownTopic: the error record_for raises for an id that is no topic.
__all__ = ["RECORDS", "UnknownTopic", "build_records", "record_for", "records_for"]

RECORDS: dict[int, Callable[[History], dict[str, Any]]] = {
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
) -> dict[int, dict[str, Any]]:
    history = History.of(topic_events, sitting_events, names)
    return {n: make(history) for n, make in RECORDS.items()}


def records_for(
    ledger: Any, topic_id: UUID | str, names: Mapping[str, str] | None = None
) -> dict[int, dict[str, Any]]:
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
) -> dict[str, Any]:
    if number not in RECORDS:
        raise NotFound(
            f"there is no trace record {number}",
            rule_id="WZ-6",
            allowed=[str(n) for n in RECORDS],
            zh=f"没有第 {number} 号留痕记录：可查的记录编号见 allowed_actions",
        )
    return RECORDS[number](load_history(ledger, topic_id, names))


def load_history(
    ledger: Any, topic_id: UUID | str, names: Mapping[str, str] | None = None
) -> History:
    topic_events = _events(ledger, topic_id)
    if not topic_events or not isinstance(topic_events[0], Topic.TopicProposed):
        raise UnknownTopic(
            f"unknown topic {topic_id}",
            rule_id="WZ-6",
            zh=f"找不到议题 {topic_id}：请核对编号",
        )
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
