"""The pure sealing step: dense leaf indexes whatever the positions, tracking of first and last."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from application.audit.envelope import StoredRecord, leaf_of
from application.audit.merkle import reference_root, root_of
from projections.sealing import seal


@dataclass
class Note:
    id: int
    originator_id: object
    originator_version: int
    topic: str
    state: bytes


def test_positions_with_gaps_get_dense_leaf_indexes_and_the_tree_grows_across_batches():
    notes = [
        Note(p, uuid4(), 1, "t:E", b'{"n":%d}' % p) for p in (1, 2, 5, 6, 9, 30, 31)
    ]
    first = seal(0, {}, notes[:3])
    second = seal(
        3,
        {
            k: bytes.fromhex(r["hash"])
            for r in first.statements[1][1]
            for k in [(r["level"], r["idx"])]
        },
        notes[3:],
    )
    leaves = [*first.statements[0][1], *second.statements[0][1]]
    assert [row["leaf_index"] for row in leaves] == list(range(7))
    assert [row["position"] for row in leaves] == [1, 2, 5, 6, 9, 30, 31]
    assert (first.first.notification_id, first.last.notification_id, first.count) == (
        1,
        5,
        3,
    )
    assert (second.first.notification_id, second.last.notification_id, second.size) == (
        6,
        31,
        7,
    )
    nodes = {
        (r["level"], r["idx"]): bytes.fromhex(r["hash"])
        for batch in (first, second)
        for r in batch.statements[1][1]
    }
    expected = [leaf_of(StoredRecord.of(n))[1] for n in notes]
    assert root_of(7, nodes) == reference_root(expected)
