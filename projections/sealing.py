"""The sealing projection: each event of the log, as stored, becomes the next leaf of the tree.

It reads StoredEvents straight from the recorder and never decodes them, so the
leaf hashes what the database holds. Leaves are numbered densely (log positions
may have gaps). A batch's leaves, the tree nodes it completes and its tracking
position are written in one transaction; an overlapping batch is refused, so
every event is sealed exactly once.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Tracking, TrackingRecorder

from application.audit.envelope import StoredRecord, canonical_entry, stored_time
from application.audit.merkle import Node, append_nodes, frontier_nodes, leaf_hash
from projections.sealing_schema import (
    INSERT_CHECKPOINT,
    INSERT_LEAF,
    INSERT_NODE,
    SEAL_APP,
)

Statement = tuple[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class SealedBatch:
    statements: list[Statement]
    first: Tracking
    last: Tracking
    size: int  # the tree size once the batch is written
    count: int  # events sealed by the batch


def seal(
    size: int, frontier: dict[Node, bytes], notifications: Sequence[Any]
) -> SealedBatch:
    """The rows that append `notifications` to a tree of `size` leaves (pure; no I/O)."""
    records = [StoredRecord.of(n) for n in notifications]
    entries = [
        canonical_entry(r.position, r.aggregate_id, r.version, r.topic, r.state)
        for r in records
    ]
    leaves = [
        {
            "leaf_index": size + i,
            "position": r.position,
            "aggregate_id": r.aggregate_id,
            "at": stored_time(r.state),
            "envelope": entry.decode(),
        }
        for i, (r, entry) in enumerate(zip(records, entries, strict=False))
    ]
    created = append_nodes(size, frontier, [leaf_hash(entry) for entry in entries])
    nodes = [
        {"level": level, "idx": idx, "hash": h.hex()}
        for (level, idx), h in created.items()
    ]
    return SealedBatch(
        [(INSERT_LEAF, leaves), (INSERT_NODE, nodes)],
        Tracking(SEAL_APP, records[0].position),
        Tracking(SEAL_APP, records[-1].position),
        size + len(records),
        len(records),
    )


class SealStore(TrackingRecorder):
    """Queries over the sealed log, written once over a backend's `fetch` and `write`."""

    datastore: Any  # the backend's, set by its tracking recorder

    @abstractmethod
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...

    @abstractmethod
    def write(self, batch: SealedBatch) -> None: ...

    @abstractmethod
    def execute(self, sql: str, rows: list[dict[str, Any]]) -> None: ...

    @abstractmethod
    def max_tracking_id(self, application_name: str) -> int | None: ...

    def sealed_position(self) -> int:
        return self.max_tracking_id(SEAL_APP) or 0

    def size(self) -> int:
        """Leaves are dense from 0, so the size is the highest index + 1 (read from the primary key, not counted)."""
        return self.fetch(
            "SELECT COALESCE(MAX(leaf_index) + 1, 0) AS n FROM gov_audit_leaves", {}
        )[0]["n"]

    def nodes(self, wanted: Iterable[Node]) -> dict[Node, bytes]:
        wanted = sorted(set(wanted))
        found: dict[Node, bytes] = {}
        for chunk in (wanted[i : i + 100] for i in range(0, len(wanted), 100)):
            where = " OR ".join(
                f"(level = :l{i} AND idx = :i{i})" for i in range(len(chunk))
            )
            params = {
                k: v
                for i, (level, idx) in enumerate(chunk)
                for k, v in ((f"l{i}", level), (f"i{i}", idx))
            }
            rows = self.fetch(
                f"SELECT level, idx, hash FROM gov_audit_nodes WHERE {where}", params
            )
            found.update(
                {(r["level"], r["idx"]): bytes.fromhex(r["hash"]) for r in rows}
            )
        return found

    def frontier(self, size: int) -> dict[Node, bytes]:
        return self.nodes(frontier_nodes(size))

    def leaves(self, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.fetch(
            "SELECT leaf_index, position, aggregate_id, at, envelope FROM gov_audit_leaves "
            f"WHERE {where} ORDER BY leaf_index",
            params,
        )

    def leaf_span(self, since: str, until: str) -> tuple[int, int] | None:
        """First and last leaf of the events timed in [since, until)."""
        row = self.fetch(
            "SELECT MIN(leaf_index) AS a, MAX(leaf_index) AS b FROM gov_audit_leaves "
            "WHERE at >= :since AND at < :until",
            {"since": since, "until": until},
        )[0]
        return (row["a"], row["b"]) if row["a"] is not None else None

    def sealed_envelopes(self, positions: list[int]) -> dict[int, str]:
        """The sealed envelope text of each of these log positions that is a leaf."""
        found: dict[int, str] = {}
        for i in range(0, len(positions), 500):
            params = {f"p{n}": p for n, p in enumerate(positions[i : i + 500])}
            marks = ", ".join(":" + k for k in params)
            sql = f"SELECT position, envelope FROM gov_audit_leaves WHERE position IN ({marks})"
            found.update(
                (r["position"], r["envelope"]) for r in self.fetch(sql, params)
            )
        return found

    def leaf_at(self, position: int) -> dict[str, Any] | None:
        rows = self.leaves("position = :p", {"p": position})
        return rows[0] if rows else None

    def add_checkpoint(self, size: int, root: bytes, time: str, note: str) -> None:
        self.execute(
            INSERT_CHECKPOINT,
            [{"size": size, "root": root.hex(), "at": time, "note": note}],
        )

    def checkpoints(self, after: int = -1, limit: int = 100) -> list[dict[str, Any]]:
        return self.fetch(
            "SELECT size, root, at, note FROM gov_audit_checkpoints WHERE size > :after "
            "ORDER BY size LIMIT :limit",
            {"after": after, "limit": limit},
        )

    def checkpoint(self, size: int) -> dict[str, Any] | None:
        rows = self.fetch(
            "SELECT size, root, at, note FROM gov_audit_checkpoints WHERE size = :size",
            {"size": size},
        )
        return rows[0] if rows else None

    def recent_checkpoints(self, at_most: int, count: int) -> list[dict[str, Any]]:
        rows = self.fetch(
            "SELECT size, root, at, note FROM gov_audit_checkpoints WHERE size <= :most "
            "ORDER BY size DESC LIMIT :count",
            {"most": at_most, "count": count},
        )
        return rows[::-1]

    def latest_checkpoint(self, at_most: int | None = None) -> dict[str, Any] | None:
        rows = self.fetch(
            "SELECT size, root, at, note FROM gov_audit_checkpoints WHERE size <= :most "
            "ORDER BY size DESC LIMIT 1",
            {"most": at_most if at_most is not None else 2**62},
        )
        return rows[0] if rows else None
