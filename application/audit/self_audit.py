"""The online self-audit: stored rows recomputed against the sealed tree, while the service runs.

Each step checks two spans of at most `slice_size` leaves: the newest sealed
leaves not checked yet (so a row is checked soon after it is sealed), and the
next part of a walk over the whole tree that completes once every `period`
seconds (the span grows with the tree, so the pace holds as the log grows).
What it finds is recorded as findings (the alerts the supervision committee
reads); a finding is resolved when its leaf checks out again. Where the walk has
got to is saved after every step, so a restart resumes it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from application.audit.envelope import StoredRecord
from application.audit.notes import NoteError, VerifierKey
from application.audit.self_audit_checks import (
    Finding,
    check_leaves,
    finding,
    nodes_outside,
    root_with_span,
)
from application.audit.witness_client import checked_checkpoint


class SealedTree(Protocol):
    def size(self) -> int: ...
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...
    def nodes(self, wanted: Any) -> dict[Any, bytes]: ...
    def latest_checkpoint(
        self, at_most: int | None = None
    ) -> dict[str, Any] | None: ...


class Findings(Protocol):
    def state(self) -> dict[str, Any] | None: ...
    def save_state(self, state: dict[str, Any]) -> None: ...
    def record(
        self, findings: list[Finding], resolved: list[dict[str, Any]], at: str
    ) -> None: ...
    def open_in(self, first: int, end: int) -> list[dict[str, Any]]: ...


# notifications with first ≤ position ≤ last
RowsBetween = Callable[[int, int], Sequence[Any]]


class SelfAuditor:
    def __init__(
        self,
        tree: SealedTree,
        findings: Findings,
        rows_between: RowsBetween,
        log_key: VerifierKey,
        period_seconds: float,
        slice_size: int,
        clock: Callable[[], datetime],
    ):
        self.tree, self.findings, self.rows_between, self.log_key = (
            tree,
            findings,
            rows_between,
            log_key,
        )
        self.period, self.slice_size, self.clock = period_seconds, slice_size, clock

    def step(self) -> int:
        """Check the newest leaves and the walk's next span; returns the leaves checked."""
        now, signed = self.clock(), self.tree.latest_checkpoint()
        # read after the checkpoint: a checkpoint never outgrows it
        size = self.tree.size()
        state = self.findings.state() or fresh_state(now, size)
        checked = self._newest(state, size) + self._walk(state, size, now)
        checked += self._signed_beyond(signed, size)
        state.update(
            leaves_checked=state["leaves_checked"] + checked,
            last_run_at=now.isoformat(),
        )
        self.findings.save_state(state)
        return checked

    def _newest(self, state: dict[str, Any], size: int) -> int:
        first: int = state["newest_checked"]
        end = min(size, first + self.slice_size)
        if end > first:
            self.check(first, end)
            state["newest_checked"] = end
        return max(0, end - first)

    def _signed_beyond(self, signed: dict[str, Any] | None, size: int) -> int:
        """Leaves a signed checkpoint covers but the sealed log no longer holds (its tail cut off)."""
        if signed is None or signed["size"] <= size:
            return 0
        end: int = min(signed["size"], size + self.slice_size)
        self.check(size, end)
        return end - size

    def _walk(self, state: dict[str, Any], size: int, now: datetime) -> int:
        elapsed = (
            now - datetime.fromisoformat(state["pass_started_at"])
        ).total_seconds()
        if (
            state["next_leaf"] >= size
            and pass_completed(state)
            and elapsed >= self.period
        ):
            # the next pass starts now
            state.update(next_leaf=0, pass_started_at=now.isoformat())
            elapsed = 0.0
        due = (
            size
            if self.period <= 0
            else math.ceil(size * min(1.0, elapsed / self.period))
        )
        first: int = state["next_leaf"]
        end = min(due, first + self.slice_size)
        if end > first:
            self.check(first, end)
            state["next_leaf"] = end
        if state["next_leaf"] >= size and size and not pass_completed(state):
            state.update(
                last_pass_completed_at=now.isoformat(), passes=state["passes"] + 1
            )
        return max(0, end - first)

    def check(self, first: int, end: int) -> list[Finding]:
        """Check leaves [first, end); record what is wrong and resolve what checks out again."""
        sealed = {
            r["leaf_index"]: r
            for r in self.tree.fetch(
                "SELECT leaf_index, position, aggregate_id, envelope FROM gov_audit_leaves "
                "WHERE leaf_index >= :a AND leaf_index < :b",
                {"a": first, "b": end},
            )
        }
        nodes = {
            r["idx"]: bytes.fromhex(r["hash"])
            for r in self.tree.fetch(
                "SELECT idx, hash FROM gov_audit_nodes WHERE level = 0 AND idx >= :a AND idx < :b",
                {"a": first, "b": end},
            )
        }
        found, hashes = check_leaves(
            first, end, sealed, nodes, self._rows(sealed.values())
        )
        if hashes is not None and not found:
            found = self._against_signed_root(first, end, hashes)
        current = {(f["leaf_index"], f["kind"]) for f in found}
        resolved = [
            f
            for f in self.findings.open_in(first, end)
            if (f["leaf_index"], f["kind"]) not in current
        ]
        self.findings.record(found, resolved, self.clock().isoformat())
        return found

    def _rows(self, sealed: Any) -> dict[int, StoredRecord]:
        positions = [leaf["position"] for leaf in sealed]
        if not positions:
            return {}
        notes = self.rows_between(min(positions), max(positions))
        return {n.id: StoredRecord.of(n) for n in notes}

    def _against_signed_root(
        self, first: int, end: int, hashes: list[bytes]
    ) -> list[Finding]:
        """The part of the span the newest checkpoint covers, with stored nodes around it, against its root."""
        latest = self.tree.latest_checkpoint()
        if latest is None or latest["size"] <= first:
            return []
        try:
            _, signed = checked_checkpoint(latest["note"], self.log_key)
        except (NoteError, ValueError):
            return [
                finding(
                    first,
                    "checkpoint",
                    f"the checkpoint of size {latest['size']} is not signed by the "
                    "log key",
                )
            ]
        span = (first, min(end, signed.size))
        stored = self.tree.nodes(nodes_outside(0, signed.size, span))
        try:
            root = root_with_span(
                0, signed.size, span, hashes[: span[1] - first], stored
            )
        except KeyError:
            root = b""  # a tree node is gone
        if root == signed.root:
            return []
        return [
            finding(
                first,
                "tree",
                f"leaves {first}–{span[1] - 1} and the stored tree around them do not "
                f"hash to the root signed for size {signed.size}",
            )
        ]


def fresh_state(now: datetime, size: int) -> dict[str, Any]:
    """The first run: the walk starts at leaf 0; rows sealed from now on are checked as they come."""
    return {
        "next_leaf": 0,
        "newest_checked": size,
        "pass_started_at": now.isoformat(),
        "last_pass_completed_at": None,
        "passes": 0,
        "leaves_checked": 0,
    }


def pass_completed(state: dict[str, Any]) -> bool:
    done = state["last_pass_completed_at"]
    return done is not None and done >= state["pass_started_at"]
