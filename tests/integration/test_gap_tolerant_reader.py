"""With the library's database functions on, ids commit out of order; no reader skips one.

`POSTGRES_ENABLE_DB_FUNCTIONS` inserts without the table lock (infra/gap_guard.py): a
transaction holding id 8 can commit after the one holding 9. The guard hands out only
gap-free prefixes, waits while a transaction that could fill a gap is open, and passes
a gap only once no such transaction is left (a rolled-back insert's true gap).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from eventsourcing.persistence import (
    IntegrityError,
    StoredEvent,
)

from infra.gap_guard import GapGuard, PostgresHorizon, guard_for
from tests.conftest import BACKENDS, PG, _pg_execute, demo_container, pg_settings
from tests.integration.audit_helpers import raise_one
from tests.integration.test_group_commit import application_recorder

WRITERS, COMMANDS = 8, 10_000
pytestmark = pytest.mark.skipif(
    "postgres" not in BACKENDS, reason="database functions are PostgreSQL's"
)


@pytest.fixture
def recorder() -> Iterator:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE SCHEMA "{schema}"')
    settings = pg_settings(schema, postgres_db_functions=True)
    try:
        with application_recorder(settings, "gaps") as recorder:
            yield recorder
    finally:
        _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')


def event(originator: uuid.UUID | None = None, version: int = 1) -> StoredEvent:
    return StoredEvent(originator or uuid.uuid4(), version, "gaps:Happened", b"{}")


def held_open_insert(recorder) -> psycopg.Connection:
    """An insert that took its id and has not committed (as a slow writer's would)."""
    conn = psycopg.connect(**PG)
    table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
    conn.execute(
        f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
        "VALUES (%s, 1, 'gaps:Happened', %s)",
        (uuid.uuid4(), b"{}"),
    )
    return conn


def ids(notes) -> list[int]:
    return [n.id for n in notes]


def test_an_id_that_commits_late_is_waited_for_not_skipped(recorder):
    assert guard_for(recorder) is not None  # database functions on: the runners guard
    slow = held_open_insert(recorder)  # takes id 1
    (later,) = recorder.insert_events([event()])  # id 2 commits first
    guard = GapGuard(PostgresHorizon(recorder.datastore), grace=0.0)
    try:
        # a plain read passes over 1 (the bug); the guard hands out nothing yet
        assert ids(recorder.select_notifications(start=1, limit=10)) == [later]
        assert ids(guard.select(recorder, 0, 10)) == []
        assert ids(guard.select(recorder, 0, 10)) == []  # the holder is still open
        slow.commit()
        assert ids(guard.select(recorder, 0, 10)) == [later - 1, later]
        assert guard.passed_gaps == []
    finally:
        slow.close()


def test_a_rolled_back_id_is_passed_once_no_transaction_can_fill_it(recorder):
    slow = held_open_insert(recorder)
    (later,) = recorder.insert_events([event()])
    guard = GapGuard(PostgresHorizon(recorder.datastore), grace=0.0)
    assert ids(guard.select(recorder, 0, 10)) == []
    slow.rollback()
    slow.close()
    assert ids(guard.select(recorder, 0, 10)) == [later]
    assert guard.passed_gaps == [later - 1]


def _write(recorder, count: int, failures: list[BaseException]) -> None:
    try:
        for n in range(count):
            recorder.insert_events([event()])
            if n % 500 == 0:  # a conflict now and then consumes an id: a true gap
                taken = uuid.uuid4()
                recorder.insert_events([event(taken)])
                with pytest.raises(IntegrityError):
                    recorder.insert_events([event(taken)])
    except BaseException as error:  # reported by the test, not lost in the thread
        failures.append(error)


def _tail(recorder, guard: GapGuard, writing: threading.Event) -> list[int]:
    seen, position = [], 0
    while True:
        done = not writing.is_set()  # read once more after the last writer finished
        notes = guard.select(recorder, position, 500)
        seen.extend(ids(notes))
        position = notes[-1].id if notes else position
        if done and position >= (recorder.max_notification_id() or 0):
            return seen
        if not notes:
            time.sleep(0.01)


def test_eight_writers_and_a_tailing_reader_skip_no_event_in_10000_commands(recorder):
    guard = GapGuard(PostgresHorizon(recorder.datastore), grace=0.05)
    writing, failures = threading.Event(), []
    writing.set()
    writers = [
        threading.Thread(target=_write, args=(recorder, COMMANDS // WRITERS, failures))
        for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    reader_result: list[list[int]] = []
    reader = threading.Thread(
        target=lambda: reader_result.append(_tail(recorder, guard, writing))
    )
    reader.start()
    for writer in writers:
        writer.join()
    writing.clear()
    reader.join(timeout=300)
    assert failures == []
    stored = ids(recorder.select_notifications(start=1, limit=10**6))
    conflicts_won = WRITERS * len(range(0, COMMANDS // WRITERS, 500))
    assert len(stored) == COMMANDS + conflicts_won
    assert reader_result == [stored]  # every committed id, in order, none skipped


def test_the_service_runs_with_database_functions_on_and_its_runners_guard():
    """The setting end to end: commands saved through the insert function, views and sealing caught up."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE SCHEMA "{schema}"')
    try:
        container = demo_container(
            pg_settings(schema, postgres_db_functions=True), start=False
        )
        try:
            assert container.runner.gaps is not None
            assert container.audit_parts.sealing.gaps is not None
            request_id = raise_one(container)["request_id"]
            container.runner.catch_up()
            container.audit_parts.sealing.catch_up()
            head = container.ledger.position()
            assert container.view.request(request_id)["status"] == "new"
            assert container.audit_parts.store.sealed_position() == head
        finally:
            container.close()
    finally:
        _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')
