"""Checking a bundle's entries: each leaf proven in the signed head, and each stored event
compared with the envelope sealed for it (deleted, reordered or altered)."""

from __future__ import annotations

import base64
import json
from typing import Any

from application.audit.envelope import StoredRecord, canonical, envelope_of
from application.audit.merkle import ProofError, leaf_hash
from application.audit.notes import Checkpoint
from application.audit.proofs import verify_inclusion
from application.audit.report import Report


def check_entries(bundle: dict[str, Any], head: Checkpoint, report: Report) -> None:
    entries = bundle.get("entries", [])
    sealed = {e["leaf_index"]: _sealed_envelope(e, report) for e in entries}
    for before, after in zip(entries, entries[1:], strict=False):
        if after["leaf_index"] <= before["leaf_index"]:
            report.add(
                "reordered",
                f"the bundle lists leaf {after['leaf_index']} after leaf {before['leaf_index']}",
                after["leaf_index"],
            )
    for entry in entries:
        if _proven_in_head(entry, head, report):
            _compare_with_stored(entry, sealed, report)


def _sealed_envelope(entry: dict[str, Any], report: Report) -> dict[str, Any] | None:
    try:
        envelope: dict[str, Any] = json.loads(entry["envelope"])
    except (ValueError, KeyError, TypeError):
        report.add(
            "malformed", "the sealed envelope is not JSON", entry.get("leaf_index")
        )
        return None
    if canonical(envelope).decode() != entry["envelope"]:
        report.add(
            "malformed",
            "the sealed envelope is not in canonical form",
            entry["leaf_index"],
        )
    return envelope


def _proven_in_head(entry: dict[str, Any], head: Checkpoint, report: Report) -> bool:
    index = entry["leaf_index"]
    if not 0 <= index < head.size:
        report.add(
            "added",
            f"leaf {index} is beyond the signed tree of {head.size} leaves: it was never sealed",
            index,
            (entry.get("event") or {}).get("position"),
        )
        return False
    try:
        proof = [bytes.fromhex(h) for h in entry["proof"]]
        verify_inclusion(
            index, head.size, leaf_hash(entry["envelope"].encode()), proof, head.root
        )
    except (ProofError, ValueError, KeyError) as error:
        report.add(
            "bad-proof",
            f"the sealed envelope and proof given for this leaf do not lead to the signed root "
            f"of size {head.size} ({error}): a forged or misattributed entry",
            index,
            (entry.get("event") or {}).get("position"),
        )
        return False
    return True


def _stored_envelope(event: dict[str, Any]) -> dict[str, Any]:
    record = StoredRecord(
        event["position"],
        event["aggregate_id"],
        event["version"],
        event["topic"],
        base64.b64decode(event["state"]),
    )
    return envelope_of(record)


def _compare_with_stored(
    entry: dict[str, Any], sealed: dict[int, Any], report: Report
) -> None:
    index, mine = entry["leaf_index"], sealed.get(entry["leaf_index"])
    if entry["event"] is None and mine is not None:
        report.add(
            "missing",
            f"the event sealed here ({mine['aggregate_id']} v{mine['version']}, {mine['topic']}) "
            "no longer has a row in the log: it was deleted",
            index,
            mine["position"],
        )
        return
    stored = _stored_envelope(entry["event"]) if entry["event"] is not None else None
    if mine is None or stored is None or stored == mine:
        return
    twin = _sealed_elsewhere(stored, index, sealed)
    if twin is not None:
        report.add(
            "reordered",
            f"the event stored at position {stored['position']} is the one sealed at leaf "
            f"{twin} (position {sealed[twin]['position']})",
            index,
            mine["position"],
        )
        return
    _report_altered(stored, mine, index, report)


def _sealed_elsewhere(
    stored: dict[str, Any], index: int, sealed: dict[int, Any]
) -> int | None:
    """The other leaf that sealed this stored event, if the rows were swapped."""
    return next(
        (
            i
            for i, env in sealed.items()
            if env and i != index and _same_event(env, stored)
        ),
        None,
    )


def _report_altered(
    stored: dict[str, Any], mine: dict[str, Any], index: int, report: Report
) -> None:
    changed = [
        f
        for f in ("position", "aggregate_id", "version", "topic", "time")
        if stored[f] != mine[f]
    ]
    detail = (
        f"fields {', '.join(changed)} differ from what was sealed"
        if changed
        else f"the stored bytes changed (SHA-256 {stored['state_sha256'][:16]}…, sealed {mine['state_sha256'][:16]}…)"
    )
    report.add(
        "altered",
        f"event {mine['aggregate_id']} v{mine['version']}: {detail}",
        index,
        mine["position"],
    )


def _same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {**a, "position": 0} == {**b, "position": 0}
