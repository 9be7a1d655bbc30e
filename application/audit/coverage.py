"""Every row of the log against the sealed leaves, in one merged pass by position.

Both streams run in position order: the log's rows from the lowest position
there is (0 and below included), the sealed leaves in leaf order (the sealer
seals in position order). Each row is then exactly one of: the row a leaf
sealed (intact or ALTERED), a row no leaf covers although the sealer has passed
its position or the log never gives such a position (UNCOVERED: inserted behind
the sealer), or a row newer than every leaf (not covered yet). Each leaf whose
row is gone is MISSING. Pure: the caller streams rows and leaves; reused by
`gov audit verify-log` and by any online check.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from application.audit.envelope import canonical_entry
from application.audit.merkle import StreamingRoot, leaf_hash
from application.audit.report import Report

SHOWN_PENDING = 20  # rows not covered yet that are listed one by one


@dataclass
class Coverage:
    """What the pass found; `root` is over the sealed envelopes of the first `size` leaves."""

    size: int
    root: StreamingRoot = field(default_factory=StreamingRoot)
    pending: list[tuple[int, str]] = field(default_factory=list)
    pending_count: int = 0

    def add_leaf(self, leaf: dict[str, Any], hashed: bytes | None = None) -> None:
        if leaf["leaf_index"] < self.size and self.root.size == leaf["leaf_index"]:
            self.root.add(hashed or leaf_hash(leaf["envelope"].encode()))

    def note_pending(self, row: Any) -> None:
        """A row this checkpoint does not cover yet (newer than its last leaf)."""
        self.pending_count += 1
        if len(self.pending) < SHOWN_PENDING:
            self.pending.append((row.id, str(row.originator_id)))


def flat(batches: Iterable[list[Any]]) -> Iterator[Any]:
    for batch in batches:
        yield from batch


def row_entry(row: Any) -> bytes:
    return canonical_entry(
        row.id, str(row.originator_id), row.originator_version, row.topic, row.state
    )


def compare_log(
    rows: Iterable[Any], leaves: Iterable[dict[str, Any]], size: int, report: Report
) -> Coverage:
    """Merge rows and leaves by position, reporting what does not match."""
    coverage, leaf_stream = Coverage(size), iter(leaves)
    leaf = next(leaf_stream, None)
    for row in rows:
        while leaf is not None and leaf["position"] < row.id:
            _missing(leaf, report)
            coverage.add_leaf(leaf)
            leaf = next(leaf_stream, None)
        if leaf is not None and leaf["position"] == row.id:
            entry = row_entry(row)
            sealed = leaf["envelope"].encode()
            if entry != sealed:
                _altered(leaf, entry, report)
            coverage.add_leaf(leaf, leaf_hash(entry) if entry == sealed else None)
            if leaf["leaf_index"] >= size:
                coverage.note_pending(row)
            leaf = next(leaf_stream, None)
        else:
            _not_sealed(row, leaf is not None, coverage, report)
    while leaf is not None:
        _missing(leaf, report)
        coverage.add_leaf(leaf)
        leaf = next(leaf_stream, None)
    return coverage


def _missing(leaf: dict[str, Any], report: Report) -> None:
    sealed = json.loads(leaf["envelope"])
    report.add(
        "missing",
        f"the event sealed here ({sealed['aggregate_id']} v{sealed['version']}, "
        f"{sealed['topic']}) no longer has a row in the log: it was deleted",
        leaf["leaf_index"],
        leaf["position"],
    )


def _altered(leaf: dict[str, Any], entry: bytes, report: Report) -> None:
    sealed, stored = json.loads(leaf["envelope"]), json.loads(entry)
    changed = [f for f in sorted(sealed) if sealed[f] != stored.get(f)]
    report.add(
        "altered",
        f"the row of {sealed['aggregate_id']} v{sealed['version']} differs from what was "
        f"sealed ({', '.join(changed)})",
        leaf["leaf_index"],
        leaf["position"],
    )


def _not_sealed(
    row: Any, sealer_passed: bool, coverage: Coverage, report: Report
) -> None:
    what = f"{row.originator_id} v{row.originator_version} ({row.topic})"
    if row.id < 1:
        report.add(
            "uncovered",
            f"a row of {what} at position {row.id}, where the log never writes: "
            "no checkpoint covers it (inserted behind the sealer)",
            position=row.id,
        )
    elif sealer_passed:
        report.add(
            "uncovered",
            f"a row of {what} that is no leaf although the sealer has passed its position: "
            "no checkpoint covers it (inserted behind the sealer)",
            position=row.id,
        )
    else:
        coverage.note_pending(row)
