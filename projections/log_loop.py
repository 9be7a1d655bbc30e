"""The one loop that carries the log into a store, batch by batch (issue 12).

Read notifications → changes → tracking → apply: the live views' catch-up
(infra/runners.py), the sealing runner (infra/sealing_runner.py), a replay
(projections/replay.py) and a rebuild (projections/rebuild.py) all run `follow`.
Each says how it selects the next notifications (from its own position) and
what it does with a batch; the views' "changes → tracking" step is `view_batch`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import Notification, Tracking

from projections.dispatch import changes_for, handles_topic
from projections.schema import Statement
from projections.view import APP_NAME

Batch = list[tuple[list[Statement], Tracking]]
Select = Callable[[int], Sequence[Notification]]  # limit -> the next notifications
# (a batch, the limit it was selected with) -> the next batch's limit, or None to stop
Apply = Callable[[Sequence[Notification], int], int | None]


def follow(select: Select, apply: Apply, limit: int) -> None:
    """Select and apply batches until the log has no more or `apply` says stop."""
    while notes := select(limit):
        next_limit = apply(notes, limit)
        if next_limit is None:
            return
        limit = next_limit


def log_select(
    recorder: Any, after: Callable[[], int], stop: int | None = None
) -> Select:
    """The notifications after the position `after()` gives, up to `stop` if given."""
    return lambda limit: recorder.select_notifications(
        start=after() + 1, limit=limit, stop=stop
    )


def decoded(
    mapper: Any, notes: Sequence[Notification]
) -> list[tuple[Notification, Any]]:
    return [(note, mapper.to_domain_event(note)) for note in notes]


def view_events(
    mapper: Any, notes: Sequence[Notification]
) -> list[tuple[Notification, Any]]:
    """Each notification with its event, decoded only if some view handles its type:
    decoding is most of a projection's time, and most of a long log (idempotency
    records, sign-in facts) is of types no view reads. The others carry `None`."""
    return [
        (note, mapper.to_domain_event(note) if handles_topic(note.topic) else None)
        for note in notes
    ]


def view_batch(
    events: list[tuple[Notification, Any]],
    keep: Callable[[list[Statement]], list[Statement]] = lambda s: s,
) -> Batch:
    """Changes → tracking: each event's statements (those `keep` keeps) with its log position."""
    return [
        (keep(changes_for(event, note.id)), Tracking(APP_NAME, note.id))
        for note, event in events
    ]
