"""Writing a self-contained audit bundle for a scope: events as stored, sealed leaves, proofs, checkpoints, keys."""

from __future__ import annotations

import base64
from typing import Any, Protocol
from uuid import UUID

from application.audit.checkpoints import LogSigner
from application.audit.envelope import StoredRecord
from application.audit.errors import NoCheckpoint
from application.audit.manifest import BUNDLE_FORMAT, manifest_body, manifest_of
from application.audit.notes import sign_line
from application.audit.proofs import (
    consistency_ranges,
    hashes_for,
    inclusion_ranges,
    nodes_needed,
)
from application.audit.service import AuditStore, with_cosignatures
from application.audit.witnesses import WitnessReads

EARLIER_CHECKPOINTS = 5  # how many checkpoints before the head a bundle carries, chained by consistency proofs


class Recorder(Protocol):
    def select_notifications(
        self, start: int, limit: int, stop: int | None = None
    ) -> list[Any]: ...

    def logged_events(self, originator_id: Any) -> list[Any]: ...


class BundleWriter:
    def __init__(
        self,
        store: AuditStore,
        recorder: Recorder,
        signer: LogSigner,
        witnesses: WitnessReads,
    ):
        self.store, self.recorder, self.signer, self.witnesses = (
            store,
            recorder,
            signer,
            witnesses,
        )

    def bundle(
        self,
        scope: dict[str, Any],
        leaves: list[dict[str, Any]],
        uncovered: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The bundle for the sealed `leaves` of `scope`, proven against the newest checkpoint covering them all.

        A sealed leaf whose row the log no longer has is exported with `event: null` (the verifier says
        MISSING at its leaf and position); the rows of the scope no checkpoint covers (`uncovered`; for a
        window, the rows between its leaves that are no leaf) are listed in the signed manifest."""
        head = self._covering_head(leaves)
        checkpoints = with_cosignatures(
            self.store.recent_checkpoints(head["size"], EARLIER_CHECKPOINTS + 1),
            self.witnesses,
        )
        rows = self._stored_events([leaf["position"] for leaf in leaves])
        if scope["kind"] == "window":
            sealed = {leaf["position"] for leaf in leaves}
            uncovered = [
                _row_of(row) for p, row in sorted(rows.items()) if p not in sealed
            ]
        manifest = manifest_of(
            scope,
            head["size"],
            [[leaf["leaf_index"], leaf["position"]] for leaf in leaves],
            uncovered,
        )
        return {
            "format": BUNDLE_FORMAT,
            "log_key": self.signer.verifier_key().text(),
            "witness_keys": self.witnesses.keys(),
            "scope": scope,
            "head_size": head["size"],
            "checkpoints": [{"note": c["note"]} for c in checkpoints],
            "consistency_proofs": self._consistency(checkpoints),
            "manifest": self._signed_manifest(manifest),
            "entries": self._entries(leaves, head["size"], rows),
        }

    def _covering_head(self, leaves: list[dict[str, Any]]) -> dict[str, Any]:
        """The newest checkpoint, which must cover every leaf of the bundle."""
        head = self.store.latest_checkpoint()
        if head is None or any(leaf["leaf_index"] >= head["size"] for leaf in leaves):
            raise NoCheckpoint(
                "the newest events are not covered by a signed checkpoint yet",
                allowed=["retry after the next checkpoint"],
                zh="最新的事件尚未被已签名的检查点覆盖：请在下一个检查点生成后重试",
            )
        return head

    def _signed_manifest(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """The manifest's leaves, its note signed by the log and, if any, the uncovered rows."""
        body = manifest_body(self.signer.origin, manifest)
        uncovered = manifest.get("uncovered")
        return {
            "leaves": manifest["leaves"],
            "note": body
            + "\n"
            + sign_line(self.signer.origin, self.signer.private, body),
            **({"uncovered": uncovered} if uncovered else {}),
        }

    def uncovered(
        self, aggregate_ids: list[str], leaves: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Rows of the aggregates that no leaf seals although the sealer has passed their position, or at a
        position the log never gives (0 or below): inserted behind the sealer."""
        sealed, passed = (
            {leaf["position"] for leaf in leaves},
            self.store.sealed_position(),
        )
        rows = [
            row for a in aggregate_ids for row in self.recorder.logged_events(UUID(a))
        ]
        return [
            _row_of(
                {
                    "position": r.position,
                    "aggregate_id": str(r.originator_id),
                    "version": r.originator_version,
                    "topic": r.topic,
                }
            )
            for r in sorted(rows, key=lambda r: r.position)
            if r.position not in sealed and (r.position < 1 or r.position <= passed)
        ]

    def _consistency(self, checkpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
        pairs = [
            (a["size"], b["size"])
            for a, b in zip(checkpoints, checkpoints[1:], strict=False)
        ]
        ranges = {pair: consistency_ranges(*pair) for pair in pairs}
        nodes = self.store.nodes(
            nodes_needed([r for rs in ranges.values() for r in rs])
        )
        return [
            {
                "first": a,
                "second": b,
                "proof": [h.hex() for h in hashes_for(ranges[(a, b)], nodes)],
            }
            for a, b in pairs
        ]

    def _entries(
        self, leaves: list[dict[str, Any]], size: int, events: dict[int, dict[str, Any]]
    ) -> list[dict[str, Any]]:
        ranges = {
            leaf["leaf_index"]: inclusion_ranges(leaf["leaf_index"], size)
            for leaf in leaves
        }
        nodes = self.store.nodes(
            nodes_needed([r for rs in ranges.values() for r in rs])
        )
        return [
            {
                "leaf_index": leaf["leaf_index"],
                "envelope": leaf["envelope"],
                "proof": [
                    h.hex() for h in hashes_for(ranges[leaf["leaf_index"]], nodes)
                ],
                "event": events.get(leaf["position"]),
            }
            for leaf in leaves
        ]

    def _stored_events(self, positions: list[int]) -> dict[int, dict[str, Any]]:
        """The rows exactly as stored, read in runs of nearby positions (rows between them included)."""
        found: dict[int, dict[str, Any]] = {}
        for start, stop in _runs(sorted(positions)):
            for note in self.recorder.select_notifications(
                start=start, limit=stop - start + 1, stop=stop
            ):
                record = StoredRecord.of(note)
                found[record.position] = {
                    "position": record.position,
                    "aggregate_id": record.aggregate_id,
                    "version": record.version,
                    "topic": record.topic,
                    "state": base64.b64encode(record.state).decode(),
                }
        return found


def _row_of(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("position", "aggregate_id", "version", "topic")}


def _runs(positions: list[int], max_gap: int = 50) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and p - runs[-1][1] <= max_gap:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs
