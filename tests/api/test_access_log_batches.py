"""Concurrent reads over HTTP: each is in the access log exactly once, in fewer commits than reads."""

from __future__ import annotations

import threading
from collections import Counter

from tests.api.problem_helpers import API, person, raise_request
from tests.integration.access_log_helpers import GatedTable

READS = 12


def test_concurrent_inbox_reads_are_each_logged_once_in_fewer_commits(
    client, container, auth
):
    raise_request(client, auth)  # P0038's, in CX010101: the inbox names them
    table = GatedTable(container.access_log.store)
    container.access_log.writer.append_many = table.append_many
    position, answers = container.ledger.position(), []

    def read_inbox() -> None:
        answers.append(
            client.get(
                f"{API}/units/CX010101/inbox",
                headers=auth("P0037"),
                params={"min_position": position},
            ).status_code
        )

    readers = [threading.Thread(target=read_inbox) for _ in range(READS)]
    try:
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(30)
    finally:
        table.gate.set()  # until now the first batch waited: the other reads queued behind it
    assert answers == [200] * READS
    log = container.access_log.page("CX0101", 0, 1000)["items"]
    assert Counter((e["resource"], e["reader_id"]) for e in log) == {
        ("inbox:CX010101", person("P0037")): READS
    }
    assert sum(table.batches) == READS and len(table.batches) <= 2, table.batches
