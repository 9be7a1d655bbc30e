"""Verifying an audit bundle offline: no database, no server, only the bundle (and a key you trust).

Every leaf is recomputed from the event bytes in the bundle; every proof and
signature is checked; what is wrong is reported precisely (see Report).
"""

from __future__ import annotations

import json
from typing import Any

from application.audit.bundle_shape import wellformed
from application.audit.manifest import BUNDLE_FORMAT, manifest_body, manifest_of
from application.audit.notes import Checkpoint, NoteError, VerifierKey
from application.audit.report import Report
from application.audit.verify_entries import check_entries
from application.audit.verify_notes import (
    check_consistency,
    cosigners,
    log_key_of,
    signed_body,
    trusted_checkpoints,
)


def verify_bundle(bundle: Any, pinned: VerifierKey | None = None) -> Report:
    report = Report()
    try:
        shaped = wellformed(bundle, report)
        if shaped is not None:
            _verify_shaped(shaped, pinned, report)
    except (
        Exception
    ) as error:  # a last resort: a hostile bundle never gives a traceback
        report.add(
            "malformed",
            f"the bundle could not be read ({type(error).__name__}: {error})",
        )
    return report


def _verify_shaped(
    bundle: dict[str, Any], pinned: VerifierKey | None, report: Report
) -> Report:
    if bundle.get("format") != BUNDLE_FORMAT:
        report.add("malformed", f"not a {BUNDLE_FORMAT} bundle")
        return report
    key = log_key_of(bundle, pinned, report)
    if key is None:
        return report
    checkpoints = trusted_checkpoints(bundle, key, report, _witness_keys(bundle))
    check_consistency(bundle, checkpoints, report)
    head = checkpoints.get(bundle.get("head_size", -1))
    if head is None:
        report.add(
            "missing",
            f"no checkpoint signed by the log key for the head size {bundle.get('head_size')}",
        )
        return report
    manifest = _signed_manifest(bundle, key, report)
    check_entries(bundle, head, report)
    if manifest is not None:
        _check_complete(bundle, manifest, report)
        _report_uncovered(manifest, report)
    _say_what_was_proven(bundle, head, key, report)
    return report


def _signed_manifest(
    bundle: dict[str, Any], key: VerifierKey, report: Report
) -> dict[str, Any] | None:
    signed = bundle.get("manifest", {})
    manifest = manifest_of(
        bundle.get("scope", {}),
        bundle["head_size"],
        signed.get("leaves", []),
        signed.get("uncovered"),
    )
    body = signed_body(
        bundle.get("manifest", {}).get("note", ""), key, report, "the bundle's manifest"
    )
    if body is not None and body != manifest_body(key.name, manifest):
        report.add(
            "altered",
            "the bundle's scope or list of leaves is not the one the log signed",
        )
        return None
    return manifest if body is not None else None


AGGREGATE_SCOPES = ("request", "topic", "unit")


def _check_complete(
    bundle: dict[str, Any], manifest: dict[str, Any], report: Report
) -> None:
    listed = {index: position for index, position in manifest["leaves"]}
    present = [e["leaf_index"] for e in bundle.get("entries", [])]
    for index in sorted(set(listed) - set(present)):
        report.add(
            "missing",
            "an event the log exported for this scope is not in the bundle",
            index,
            listed[index],
        )
    for index in sorted(set(present) - set(listed)):
        report.add(
            "added",
            "an event not exported for this scope was put into the bundle",
            index,
        )
    for index in sorted({i for i in present if present.count(i) > 1}):
        report.add("added", "this leaf appears more than once", index)
    if manifest["scope"].get("kind") in AGGREGATE_SCOPES:
        _check_versions(bundle, report)


def _check_versions(bundle: dict[str, Any], report: Report) -> None:
    """An aggregate's whole history is exported from version 1, so a version gap is a missing event."""
    versions: dict[str, set[int]] = {}
    for entry in bundle.get("entries", []):
        # a deleted row: as sealed
        event = entry.get("event") or json.loads(entry["envelope"])
        versions.setdefault(event.get("aggregate_id"), set()).add(event.get("version"))
    for aggregate, seen in versions.items():
        for version in sorted(set(range(1, max(seen) + 1)) - seen):
            report.add(
                "missing",
                f"version {version} of {aggregate} is not in the bundle "
                f"(versions run 1..{max(seen)})",
            )


def _report_uncovered(manifest: dict[str, Any], report: Report) -> None:
    for row in manifest.get("uncovered", []):
        report.add(
            "uncovered",
            f"the log holds a row of {row['aggregate_id']} v{row['version']} ({row['topic']}) at "
            f"position {row['position']} that no checkpoint covers: it was inserted behind the "
            "sealer",
            position=row["position"],
        )


def _say_what_was_proven(
    bundle: dict[str, Any], head: Checkpoint, key: VerifierKey, report: Report
) -> None:
    entries = bundle.get("entries", [])
    report.proven.append(
        f"{len(entries)} event(s) of scope {json.dumps(bundle.get('scope'), ensure_ascii=False)} "
        f"are leaves of the log {key.name} as of its checkpoint of {head.size} leaves "
        f"(root {head.root.hex()[:16]}…, signed {head.time})"
    )
    report.proven.append(
        f"{len(bundle.get('checkpoints', []))} signed checkpoint(s) form one history"
    )
    witnesses = _witness_keys(bundle)
    for item in bundle.get("checkpoints", []):
        try:
            names = cosigners(item["note"], witnesses) if witnesses else []
        except NoteError:  # not a signed note: already reported as malformed
            continue
        if names:
            report.proven.append(
                f"checkpoint {item['note'].split(chr(10))[1]} cosigned by {', '.join(names)}"
            )


def _witness_keys(bundle: dict[str, Any]) -> list[VerifierKey]:
    keys = []
    for text in bundle.get("witness_keys", []):
        try:
            keys.append(VerifierKey.parse(text))
        except NoteError:
            continue
    return keys
