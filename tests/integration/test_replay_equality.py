"""Replay equality: replaying the log into a fresh view with the same projection code gives exactly the
live views, now and at each of several past positions (snapshots of the live views taken then).

The history mixes requests, tasks, deliberations (topics proposed, reviewed, planned, announced, sat,
voted and settled, by the deliberation services), witnessing and an erasure (PIPL-47). The erasure comes
before the first snapshot: a replay reads an erased person's fields as erased at every position, while a
snapshot taken before the erasure still shows them, so those two could not be equal by design."""

from __future__ import annotations

from collections import Counter

from application.as_of import PinnedLedger
from application.deliberation.queries import DeliberationQueries
from domain.personal import ERASED
from projections.replay import replayed
from tests.integration.history import History, dump

COMMANDS, EVERY, ERASE_AT = 2000, 400, 150


def test_replay_to_now_and_to_past_positions_equals_the_live_views(container):
    snapshots: dict[int, dict] = {}
    topic_reads: dict[int, dict] = {}

    def snapshot(position: int) -> None:
        assert container.runner.wait_for(position, 30)
        snapshots[position] = dump(container.view)
        topic_reads[position] = read_topics(container.deliberation_queries)

    history = History(container)
    history.run(COMMANDS, EVERY, snapshot, erase_at=ERASE_AT)
    assert (
        history.written > 900
        and len(history.requests) > 200
        and len(snapshots) == COMMANDS // EVERY
    )
    head = container.ledger.position()
    snapshot(head)
    statuses = Counter(
        row["status"]
        for row in container.view.fetch("SELECT status FROM gov_topics", {})
    )
    print(
        f"{history.written} of {COMMANDS} commands written, {head} events, topics {dict(statuses)}"
    )
    assert_the_history_is_varied(history, snapshots[head], statuses)
    assert_replays_equal(container, snapshots, topic_reads)
    with replayed(container.ledger) as view:
        assert dump(view) == snapshots[head]


def assert_replays_equal(
    container, snapshots: dict[int, dict], topic_reads: dict[int, dict]
) -> None:
    for position, live in snapshots.items():
        with replayed(container.ledger, stop=position) as view:
            assert view.position() == position
            assert dump(view) == live, (
                f"replay to {position} differs from the live views then"
            )
            as_of = DeliberationQueries(
                PinnedLedger(container.ledger, view.versions),
                view,  # type: ignore[arg-type]
                container.deliberation_queries.clock,
            )
            assert read_topics(as_of) == topic_reads[position], (
                f"topics as of {position} differ"
            )


def read_topics(queries: DeliberationQueries) -> dict[str, dict]:
    """Every topic of the view with its sittings, votes and outcome (loaded at the versions of the view's
    position, as `?as_of=` does; who may read them is the access matrix's, not the query's)."""
    ids = [
        row["topic_id"]
        for row in queries.view.fetch("SELECT topic_id FROM gov_topics", {})
    ]
    return {topic_id: queries.topic(topic_id) for topic_id in sorted(ids)}


def assert_the_history_is_varied(
    history: History, live: dict, statuses: Counter
) -> None:
    """Else the views of deliberations, witnesses and erasure would compare equal trivially."""
    busy = {t for t, rows in live.items() if rows}
    assert {
        "gov_requests",
        "gov_visits",
        "gov_request_events",
        "gov_tasks",
        "gov_assignments",
        "gov_topics",
        "gov_topic_people",
        "gov_witnesses",
        "gov_cosignatures",
    } <= busy
    assert len(statuses) >= 5 and {"rejected", "implementing", "terminated"} <= set(
        statuses
    ), statuses
    people = {dict(row)["person_id"]: dict(row) for row in live["gov_people"]}
    assert history.erased and people[history.erased[0]]["name"] == ERASED
