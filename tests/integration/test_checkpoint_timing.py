"""A checkpoint is signed when GOV_CHECKPOINT_EVERY_SECONDS have passed since the last one and something was
added, even with fewer than GOV_CHECKPOINT_EVERY_EVENTS new events; not before, and not for nothing new."""

from __future__ import annotations

from datetime import datetime, timedelta

from application.audit.notes import Checkpoint, split_note
from tests.clock import FakeClock
from tests.integration.audit_helpers import raise_one

EVERY_EVENTS, EVERY_SECONDS = 1000, 60


def signed_now(container) -> dict:
    """The background sealer stopped (this test drives it), everything sealed and signed."""
    parts = container.audit_parts
    parts.sealing.stop()
    parts.sealing.catch_up()
    if parts.store.latest_checkpoint()["size"] < parts.store.size():
        parts.sealing.checkpointer.checkpoint(parts.store.size())
    return parts.store.latest_checkpoint()


def test_a_checkpoint_is_signed_after_t_seconds_with_fewer_than_n_new_events(container):
    parts, first = container.audit_parts, signed_now(container)
    clock = FakeClock(datetime.fromisoformat(first["at"]))
    parts.sealing.checkpointer.clock = (
        clock  # the sealer's own clock, moved by hand from the last checkpoint
    )
    (
        parts.sealing.checkpointer.every_events,
        parts.sealing.checkpointer.every_seconds,
    ) = EVERY_EVENTS, EVERY_SECONDS

    raise_one(container)
    clock.now += timedelta(seconds=EVERY_SECONDS - 1)
    parts.sealing.catch_up()
    assert parts.store.size() - first["size"] < EVERY_EVENTS
    assert parts.store.latest_checkpoint()["size"] == first["size"], (
        "signed before T seconds had passed"
    )

    clock.now += timedelta(seconds=1)
    parts.sealing.catch_up()
    second = parts.store.latest_checkpoint()
    assert second["size"] == parts.store.size() > first["size"]
    signed_at = Checkpoint.parse(split_note(second["note"])[0]).time
    assert (
        datetime.fromisoformat(signed_at)
        == clock.now
        == datetime.fromisoformat(first["at"]) + timedelta(seconds=60)
    )

    clock.now += timedelta(seconds=10 * EVERY_SECONDS)
    parts.sealing.catch_up()
    assert parts.store.latest_checkpoint()["size"] == second["size"], (
        "nothing new was added: nothing to sign"
    )
