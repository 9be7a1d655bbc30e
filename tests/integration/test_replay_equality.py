"""Replay equality: replaying the log into a fresh view with the same projection code gives exactly the
live views, now and at each of several past positions (snapshots of the live views taken then)."""

from __future__ import annotations

from projections.replay import replayed
from tests.integration.history import History, dump

COMMANDS, EVERY = 2000, 400


def test_replay_to_now_and_to_past_positions_equals_the_live_views(container):
    snapshots: dict[int, dict] = {}

    def snapshot(position: int) -> None:
        assert container.runner.wait_for(position, 30)
        snapshots[position] = dump(container.view)
    history = History(container)
    history.run(COMMANDS, EVERY, snapshot)
    assert history.written > 900 and len(history.requests) > 300 and len(snapshots) == COMMANDS // EVERY
    print(f"{history.written} of {COMMANDS} commands written, {container.ledger.position()} events")
    head = container.ledger.position()
    snapshot(head)
    busy = {t for t, rows in snapshots[head].items() if rows}
    assert {"gov_requests", "gov_visits", "gov_request_events", "gov_tasks", "gov_assignments"} <= busy
    for position, live in snapshots.items():
        with replayed(container.ledger, stop=position) as view:
            assert view.position() == position
            assert dump(view) == live, f"replay to {position} differs from the live views then"
    with replayed(container.ledger) as view:
        assert dump(view) == snapshots[head]
