"""Replaying the log into a fresh in-memory view with the same projection code, up to a position or a time.

Events are decoded through the ledger's mapper (the view needs their fields) and
turned into statements by `changes_for`, exactly as the live projection does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from uuid import uuid4

from eventsourcing.persistence import InfrastructureFactory, Notification
from eventsourcing.utils import Environment

from application.ledger import Ledger
from projections.log_loop import decoded, follow, log_select, view_batch
from projections.sqlite_view import SQLiteGovView

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
    last = 0
    versions: dict[str, int] = {}
    view.versions = versions

    def apply(notes: Sequence[Notification], limit: int) -> int | None:
        nonlocal last
        events = decoded(ledger.mapper, notes)  # ours have timestamps
        after_until = (
            i for i, (_, e) in enumerate(events) if until and e.timestamp > until
        )
        before = events[: next(after_until, len(events))]
        if before:
            view.apply_batch(view_batch(before))
            last = before[-1][0].id
            versions.update(
                (str(n.originator_id), n.originator_version) for n, _ in before
            )
        return limit if len(before) == len(notes) else None

    follow(log_select(ledger.recorder, lambda: last, stop), apply, BATCH)
    return last
