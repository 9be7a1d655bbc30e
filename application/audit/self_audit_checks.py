"""The self-audit's checks of one span of leaves, as pure functions (no I/O).

A span [a, b) of the sealed tree is checked three ways: each stored row,
hashed again, against its level-0 node; each stored envelope (what the proof API
serves) against the same node; and the recomputed leaves, with the stored nodes
outside the span, against the root the log key signed. The last catches an owner
who rewrote rows, envelopes and nodes alike: only the signature cannot be redone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from application.audit.envelope import StoredRecord, leaf_of
from application.audit.merkle import (
    Node,
    leaf_hash,
    node_hash,
    perfect_cover,
    range_hash,
    reference_root,
    split_point,
)

Finding = dict[str, Any]


def finding(
    leaf_index: int,
    kind: str,
    detail: str,
    position: int | None = None,
    aggregate_id: str | None = None,
) -> Finding:
    return {
        "leaf_index": leaf_index,
        "kind": kind,
        "position": position,
        "aggregate_id": aggregate_id,
        "detail": detail,
    }


WHAT_IS_WRONG = {
    "envelope": "the stored envelope of position {position} no longer hashes to its sealed leaf",
    "missing": "the event at position {position} (aggregate {aggregate}) is no longer in the log",
    "altered": "the event stored at position {position} (aggregate {aggregate}) no longer "
    "hashes to its sealed leaf",
}


def about(index: int, kind: str, sealed: dict[str, Any]) -> Finding:
    position, aggregate = sealed["position"], sealed["aggregate_id"]
    what = WHAT_IS_WRONG[kind].format(position=position, aggregate=aggregate)
    return finding(index, kind, f"leaf {index}: {what}", position, aggregate)


def check_leaf(
    index: int,
    sealed: dict[str, Any] | None,
    node: bytes | None,
    row: StoredRecord | None,
) -> tuple[list[Finding], bytes | None]:
    """What is wrong with leaf `index`, and its hash recomputed from the stored row (None if gone)."""
    if sealed is None or node is None:
        gone = f"leaf {index}: its sealed envelope or tree node is gone"
        return [finding(index, "envelope", gone)], None
    found = []
    if leaf_hash(sealed["envelope"].encode()) != node:
        found.append(about(index, "envelope", sealed))
    if row is None:
        return [*found, about(index, "missing", sealed)], None
    recomputed = leaf_of(row)[1]
    if recomputed != node:
        found.append(about(index, "altered", sealed))
    return found, recomputed


def check_leaves(
    first: int,
    end: int,
    sealed: Mapping[int, dict[str, Any]],
    nodes: Mapping[int, bytes],
    rows: Mapping[int, StoredRecord],
) -> tuple[list[Finding], list[bytes] | None]:
    """Every leaf of [first, end); the recomputed hashes only when every leaf had its row."""
    findings: list[Finding] = []
    hashes: list[bytes] = []
    for index in range(first, end):
        leaf = sealed.get(index)
        found, recomputed = check_leaf(
            index, leaf, nodes.get(index), rows.get(leaf["position"]) if leaf else None
        )
        findings.extend(found)
        if recomputed is not None:
            hashes.append(recomputed)
    return findings, hashes if len(hashes) == end - first else None


def nodes_outside(lo: int, hi: int, span: tuple[int, int]) -> list[Node]:
    """The stored perfect nodes MTH(D[lo:hi]) needs besides the leaves of `span`."""
    a, b = span
    if hi <= a or b <= lo:
        return perfect_cover(lo, hi)
    if a <= lo and hi <= b:
        return []
    k = split_point(hi - lo)
    return [*nodes_outside(lo, lo + k, span), *nodes_outside(lo + k, hi, span)]


def root_with_span(
    lo: int,
    hi: int,
    span: tuple[int, int],
    leaves: Sequence[bytes],
    stored: Mapping[Node, bytes],
) -> bytes:
    """MTH(D[lo:hi]) from the recomputed `leaves` of `span` and stored nodes elsewhere (RFC 9162 §2.1.1)."""
    a, b = span
    if hi <= a or b <= lo:
        return range_hash((lo, hi), stored)
    if a <= lo and hi <= b:
        return reference_root(leaves[lo - a : hi - a])
    k = split_point(hi - lo)
    return node_hash(
        root_with_span(lo, lo + k, span, leaves, stored),
        root_with_span(lo + k, hi, span, leaves, stored),
    )
