"""Group commit (infra/group_commit.py): concurrent commands saved in one transaction.

Each test forces a group: the first save is held in the database call until the
others have queued behind it, so the next transaction takes them together. Each
command still gets its own log positions; a conflict in one fails only that one;
any other failure fails the whole group and writes none of it.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from eventsourcing.persistence import InfrastructureFactory, IntegrityError, StoredEvent
from eventsourcing.utils import Environment

from infra.group_commit import GroupCommit
from infra.settings import Settings

THREADS = 8


@contextmanager
def application_recorder(settings: Settings, name: str) -> Iterator:
    """The ledger's kind of recorder for `settings`, on a table of its own."""
    env = Environment(name, settings.persistence_env())
    factory = InfrastructureFactory.construct(env)
    recorder = factory.application_recorder()
    recorder.create_table()
    try:
        yield recorder
    finally:
        factory.close()


@pytest.fixture
def recorder(settings: Settings) -> Iterator:
    with application_recorder(settings, "grouped") as grouped:
        yield grouped


def event(originator: uuid.UUID | None = None, version: int = 1) -> StoredEvent:
    return StoredEvent(originator or uuid.uuid4(), version, "grouped:Happened", b"{}")


def hold_first_until_queued(group: GroupCommit, queued: int) -> None:
    """The first save waits inside its database call until `queued` others wait."""
    insert, held = group.insert, threading.Event()

    def first_held(events):
        if not held.is_set():
            held.set()
            deadline = time.monotonic() + 30
            while group.waiting() < queued and time.monotonic() < deadline:
                time.sleep(0.005)
        return insert(events)

    group.insert = first_held


def at_once(saves: list[Callable[[], object]]) -> list[object]:
    """Every save in its own thread; a raised error is the thread's result."""
    results: list[object] = [None] * len(saves)

    def run(i: int) -> None:
        try:
            results[i] = saves[i]()
        except Exception as error:  # noqa: BLE001 - asserted by the test
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(saves))]
    threads[0].start()
    time.sleep(0.05)  # the first leads; the others queue behind it
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def positions_in_log(recorder, originator: uuid.UUID) -> list[int]:
    notes = recorder.select_notifications(start=1, limit=10_000)
    return [n.id for n in notes if n.originator_id == originator]


def test_concurrent_saves_share_a_transaction_and_each_gets_its_own_positions(
    recorder,
):
    hold_first_until_queued(recorder.group_commit, THREADS - 1)
    batches = [[event(), event()] for _ in range(THREADS)]
    results = at_once([lambda b=batch: recorder.insert_events(b) for batch in batches])
    assert recorder.group_commit.groups == 1  # the seven behind the first: one
    for batch, ids in zip(batches, results, strict=True):
        assert ids == [
            p for e in batch for p in positions_in_log(recorder, e.originator_id)
        ]
    every = [p for ids in results for p in ids]
    assert sorted(every) == list(range(1, 2 * THREADS + 1))


def test_a_queue_longer_than_one_transaction_is_saved_in_several_each_answered(
    recorder,
):
    """Whoever leads after the first saves the oldest first, and goes on leading until
    its own command is saved."""
    group = recorder.group_commit
    group.max_events = 2
    hold_first_until_queued(group, THREADS - 1)
    batches = [[event()] for _ in range(THREADS)]
    results = at_once([lambda b=batch: recorder.insert_events(b) for batch in batches])
    for batch, ids in zip(batches, results, strict=True):
        assert ids == positions_in_log(recorder, batch[0].originator_id)
    assert sorted(p for ids in results for p in ids) == list(range(1, THREADS + 1))
    assert group.groups == 3  # the seven behind the first: 2 + 2 + 2, then 1 alone


def test_a_conflict_in_a_group_fails_only_the_command_that_conflicts(recorder):
    taken = uuid.uuid4()
    (first,) = recorder.insert_events([event(taken)])
    hold_first_until_queued(recorder.group_commit, THREADS - 1)
    batches = [[event()] for _ in range(THREADS)]
    batches[4] = [event(), event(taken)]  # a concurrent change to version 1 of `taken`
    results = at_once([lambda b=batch: recorder.insert_events(b) for batch in batches])
    assert isinstance(results[4], IntegrityError)
    others = [r for i, r in enumerate(results) if i != 4]
    assert all(isinstance(ids, list) and len(ids) == 1 for ids in others), results
    stored = recorder.select_notifications(start=1, limit=100)
    assert {n.originator_id for n in stored} == {
        taken,
        *(b[0].originator_id for i, b in enumerate(batches) if i != 4),
    }  # nothing of the conflicting command, everything of the others
    assert positions_in_log(recorder, taken) == [first]


@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_a_failed_shared_transaction_fails_every_command_of_it_and_writes_none(
    recorder,
):
    before = recorder.max_notification_id() or 0
    hold_first_until_queued(recorder.group_commit, 3)
    bad = StoredEvent("not a uuid", 1, "grouped:Happened", b"{}")
    batches = [[event()], [event()], [bad], [event()]]
    results = at_once([lambda b=batch: recorder.insert_events(b) for batch in batches])
    assert isinstance(results[0], list)  # the first was saved alone before the group
    assert all(isinstance(r, Exception) for r in results[1:]), results
    assert not any(isinstance(r, IntegrityError) for r in results[1:])
    stored = recorder.select_notifications(start=before + 1, limit=100)
    assert [n.originator_id for n in stored] == [batches[0][0].originator_id]
