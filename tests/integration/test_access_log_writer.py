"""The access log's background writer, on each backend's real table: batched, bounded, complete.

Reads queue their entry (application/access/batch_writer.py); these tests hold the writer at a
gate (an Event) to make batching and a full queue happen on purpose, not by timing luck.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from application.access.grants import Grant, Rule
from application.access.log import AccessLog
from application.calendar.deadlines import utc_now
from domain.levels import Role
from domain.people import person_id_for
from domain.reach import Reach
from infra.container import build_container
from tests.conftest import demo_container
from tests.integration.access_log_helpers import GatedTable

READER = Grant(
    Rule("requests.read", "request", {}, personal=True),
    person_id=str(person_id_for("P0010")),
    role=Role.COMMUNITY_STAFF,
    unit="CX0101",
    reach=Reach(("CX010101",)),
)
SUBJECT = str(person_id_for("P0038"))


@pytest.fixture
def gated(container) -> Iterator[tuple[AccessLog, GatedTable]]:
    """An access log over the container's table whose writer waits at the gate (queue of 3)."""
    table = GatedTable(container.access_log.store)
    log = AccessLog(table, container.ledger, utc_now, queue_size=3)
    try:
        yield log, table
    finally:
        table.gate.set()
        log.close()


def record(log: AccessLog, resource: str) -> None:
    assert log.record(READER, resource, {SUBJECT: "CX010101"})


def resources(log: AccessLog) -> Counter[str]:
    return Counter(e["resource"] for e in log.page("CX0101", 0, 100_000)["items"])


def test_concurrent_reads_are_each_logged_once_in_fewer_transactions(container):
    table = GatedTable(container.access_log.store)
    log = AccessLog(table, container.ledger, utc_now)
    readers = [
        threading.Thread(target=record, args=(log, f"request:{n}")) for n in range(40)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(10)
    assert not any(r.is_alive() for r in readers), "a read waited on a queue with room"
    table.gate.set()
    assert resources(log) == Counter(f"request:{n}" for n in range(40))
    assert sum(table.batches) == 40 and len(table.batches) <= 2, table.batches
    log.close()


def test_a_full_queue_makes_the_read_wait_and_loses_nothing(gated):
    log, table = gated
    record(log, "request:0")
    assert table.waiting.wait(10)  # its batch is being written: it still takes a place
    record(log, "request:1")
    record(log, "request:2")
    fourth = threading.Thread(target=record, args=(log, "request:3"))
    fourth.start()
    fourth.join(0.3)
    assert fourth.is_alive(), "the read did not wait for room in the full queue"
    table.gate.set()
    fourth.join(10)
    assert not fourth.is_alive()
    assert resources(log) == Counter(f"request:{n}" for n in range(4))


def test_closing_the_container_writes_what_is_still_queued(settings):
    container = demo_container(settings)
    table = GatedTable(container.access_log.store)
    container.access_log.writer.append_many = table.append_many
    for n in range(5):
        record(container.access_log, f"request:{n}")
    assert table.waiting.wait(10)
    closing = threading.Thread(target=container.close)
    closing.start()
    while not container.access_log.writer.closing:
        closing.join(0.01)
    table.gate.set()  # the first batch commits; the rest were still queued at close
    closing.join(30)
    assert not closing.is_alive() and sum(table.batches) == 5
    reopened = build_container(settings, start=False)
    try:
        assert resources(reopened.access_log) == Counter(
            f"request:{n}" for n in range(5)
        )
    finally:
        reopened.close()


def test_the_log_read_right_after_a_read_shows_it(gated):
    log, table = gated
    record(log, "request:1")
    assert table.waiting.wait(10)
    threading.Timer(0.2, table.gate.set).start()  # the writer is slow to commit
    assert resources(log) == Counter(["request:1"])


class FailingTwice:
    """The real table behind a database that refuses the first two batches."""

    def __init__(self, table: Any):
        self.table, self.failures = table, 2

    def append_many(self, entries: list[dict[str, Any]]) -> None:
        if self.failures:
            self.failures -= 1
            raise OSError("the database went away")
        self.table.append_many(entries)

    def page(self, unit: str, after: int, limit: int) -> list[dict[str, Any]]:
        return self.table.page(unit, after, limit)


def test_a_failing_batch_is_logged_and_retried_until_written(container, caplog):
    log = AccessLog(FailingTwice(container.access_log.store), container.ledger, utc_now)
    log.writer.retry_initial = 0.01
    with caplog.at_level(logging.ERROR, "application.access.batch_writer"):
        record(log, "request:1")
        assert resources(log) == Counter(
            ["request:1"]
        )  # once: the failures wrote nothing
    log.close()
    failures = [r for r in caplog.records if "failed; retrying" in r.getMessage()]
    assert len(failures) == 2 and all(r.exc_info for r in failures)
