"""Replaying the log into a fresh in-memory view with the same projection code, up to a position or a time.

Events are decoded through the ledger's mapper (the view needs their fields) and
turned into statements by `changes_for`, exactly as the live projection does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment

from application.ledger import Ledger
from projections.dispatch import changes_for
from projections.sqlite_view import SQLiteGovView
from projections.view import APP_NAME

BATCH = 1000


def fresh_view() -> SQLiteGovView:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": f"file:replay-{uuid4().hex}?mode=memory&cache=shared",
    }
    factory = InfrastructureFactory[SQLiteGovView].construct(Environment("replay", env))
    return factory.tracking_recorder(SQLiteGovView)


@contextmanager
def replayed(
    ledger: Ledger, stop: int | None = None, until: datetime | None = None
) -> Iterator[SQLiteGovView]:
    """A view of the log up to position `stop`, or of the events before the first one timed after `until`."""
    view = fresh_view()
    try:
        apply_log(ledger, view, stop, until)
        yield view
    finally:
        view.datastore.close()


def apply_log(
    ledger: Ledger, view: SQLiteGovView, stop: int | None, until: datetime | None
) -> int:
    """Apply the log's prefix to `view`; returns the last position applied (0 if none).

    `view.versions` is left holding each aggregate's version at that position, so reads that load
    aggregates (deliberation topics) can load them as they were then."""
    start, last = 1, 0
    versions: dict[str, int] = {}
    view.versions = versions
    while notes := ledger.recorder.select_notifications(
        start=start, limit=BATCH, stop=stop
    ):
        batch = []
        for note in notes:
            event: Any = ledger.mapper.to_domain_event(note)  # ours have timestamps
            if until is not None and event.timestamp > until:
                break
            batch.append((changes_for(event, note.id), Tracking(APP_NAME, note.id)))
            versions[str(note.originator_id)] = note.originator_version
        if batch:
            view.apply_batch(batch)
            last = batch[-1][1].notification_id
        if len(batch) < len(notes):
            break
        start = notes[-1].id + 1
    return last
