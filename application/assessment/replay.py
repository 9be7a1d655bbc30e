"""The assessment's rows read straight from the log (no view): the check on the views, and
the raw scan the benchmark compares with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from application.assessment.facts import COUNTED, TREE
from application.assessment.service import Row
from application.ledger import Ledger
from domain.personal import personal_fields

REQUEST_TOPIC = "domain.requests:Request."
REGISTRY_TOPIC = "domain.registry:Registry."
BATCH = 5000
META = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def replayed_rows(ledger: Ledger) -> Iterator[Row]:
    """Every counted request event in log order, with its non-personal fields, and the
    registry's placing of units among them."""
    start = 1
    while True:
        notes = ledger.recorder.select_notifications(start=start, limit=BATCH)
        for note in notes:
            if note.topic.startswith(REQUEST_TOPIC) and _kind(note.topic) in COUNTED:
                yield _row(ledger, note)
            elif note.topic.startswith(REGISTRY_TOPIC) and _kind(note.topic) in TREE:
                yield _placing(ledger, note)
        if len(notes) < BATCH:
            return
        start = notes[-1].id + 1


def _kind(topic: str) -> str:
    return topic.rsplit(".", 1)[-1]


def _row(ledger: Ledger, note: Any) -> Row:
    event: Any = ledger.mapper.to_domain_event(note)
    private = set(personal_fields(type(event)))
    fields = {k: v for k, v in event.__dict__.items() if k not in META | private}
    return (
        str(event.originator_id),
        note.id,
        type(event).__name__,
        event.timestamp,
        event.actor_role,
        fields,
    )


def _placing(ledger: Ledger, note: Any) -> Row:
    event: Any = ledger.mapper.to_domain_event(note)
    parent = getattr(event, "new_parent", getattr(event, "parent", None))
    fields = {"unit": event.code, "to_unit": parent}
    return ("", note.id, type(event).__name__, event.timestamp, "", fields)
