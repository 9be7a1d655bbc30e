"""The offline verifier, attacked: each tampering is detected and reported precisely; an untouched bundle verifies.

Bundles are exported from a real log on each backend, then edited as an attacker would.
"""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.checkpoints import LogSigner
from application.audit.notes import Checkpoint, VerifierKey
from application.audit.verify import verify_bundle
from tests.integration.audit_helpers import (
    handled_request,
    raise_one,
    sealed_and_signed,
)


@pytest.fixture
def exported(container):
    """A window bundle (complete leaf range) over the newest events, and a request bundle."""
    start = datetime.now(UTC) - timedelta(seconds=1)
    request_id = handled_request(container)
    for _ in range(4):
        raise_one(container)
    sealed_and_signed(container)
    until = datetime.now(UTC) + timedelta(seconds=1)
    window = container.audit_parts.exports.window(start, until)
    request = container.audit_parts.exports.request(request_id)
    return {
        "window": window,
        "request": request,
        "signer": container.audit_parts.signer,
    }


def problems(bundle, **kwargs) -> list[tuple[str, int | None]]:
    report = verify_bundle(
        json.loads(json.dumps(bundle)), **kwargs
    )  # as read back from a file
    return sorted(
        ((p.kind, p.leaf_index) for p in report.problems),
        key=lambda k: (k[0], k[1] or -1),
    )


def test_untouched_bundles_verify_and_say_what_was_proven(exported):
    for bundle in (exported["window"], exported["request"]):
        report = verify_bundle(bundle)
        assert report.ok, report.text()
        assert "are leaves of the log" in report.text() and len(bundle["entries"]) >= 4
    assert [e["event"]["version"] for e in exported["request"]["entries"]] == [
        1,
        2,
        3,
        4,
    ]


def test_a_changed_byte_in_a_stored_event_is_reported_as_altered_at_its_leaf(exported):
    bundle = copy.deepcopy(exported["window"])
    entry = bundle["entries"][3]
    state = bytearray(base64.b64decode(entry["event"]["state"]))
    state[-3] ^= 1
    entry["event"]["state"] = base64.b64encode(bytes(state)).decode()
    assert problems(bundle) == [("altered", entry["leaf_index"])]
    assert "stored bytes changed" in verify_bundle(bundle).text()


def test_a_deleted_event_is_reported_missing_with_its_leaf_and_position(exported):
    bundle = copy.deepcopy(exported["window"])
    gone = bundle["entries"].pop(2)
    report = verify_bundle(bundle)
    assert [(p.kind, p.leaf_index, p.position) for p in report.problems] == [
        ("missing", gone["leaf_index"], gone["event"]["position"])
    ]


def test_two_swapped_events_are_reported_as_reordered(exported):
    bundle = copy.deepcopy(exported["window"])
    a, b = bundle["entries"][1], bundle["entries"][4]
    a["event"], b["event"] = b["event"], a["event"]
    a["event"]["position"], b["event"]["position"] = (
        b["event"]["position"],
        a["event"]["position"],
    )
    assert problems(bundle) == [
        ("reordered", a["leaf_index"]),
        ("reordered", b["leaf_index"]),
    ]


def test_entries_listed_out_of_order_are_reported(exported):
    bundle = copy.deepcopy(exported["window"])
    bundle["entries"][1], bundle["entries"][2] = (
        bundle["entries"][2],
        bundle["entries"][1],
    )
    assert problems(bundle) == [("reordered", bundle["entries"][2]["leaf_index"])]


def test_a_truncated_tail_is_reported_as_the_missing_last_leaves(exported):
    bundle = copy.deepcopy(exported["window"])
    tail = bundle["entries"][-3:]
    del bundle["entries"][-3:]
    assert problems(bundle) == [("missing", e["leaf_index"]) for e in tail]


def test_an_appended_forged_event_is_reported_as_added(exported):
    bundle = copy.deepcopy(exported["window"])
    forged = copy.deepcopy(bundle["entries"][-1])
    forged["leaf_index"] = bundle["head_size"]
    forged["event"]["position"] += 1
    bundle["entries"].append(forged)
    assert problems(bundle) == [("added", bundle["head_size"])]
    inside = copy.deepcopy(exported["window"])
    fake = copy.deepcopy(inside["entries"][0])
    fake["event"]["version"] += 7
    fake["envelope"] = fake["envelope"].replace('"version":', '"version":7')
    inside["entries"].insert(1, fake)  # a forged entry claiming a leaf inside the tree
    assert ("bad-proof", fake["leaf_index"]) in problems(inside)


def test_a_valid_proof_for_another_leaf_is_refused(exported):
    bundle = copy.deepcopy(exported["window"])
    bundle["entries"][2]["proof"] = bundle["entries"][3]["proof"]
    assert problems(bundle) == [("bad-proof", bundle["entries"][2]["leaf_index"])]


def test_a_checkpoint_signed_by_an_unknown_key_is_refused(exported):
    bundle = copy.deepcopy(exported["window"])
    impostor = LogSigner(exported["signer"].origin, Ed25519PrivateKey.generate())
    head = Checkpoint.parse(bundle["checkpoints"][-1]["note"].split("\n\n")[0] + "\n")
    bundle["checkpoints"][-1]["note"] = impostor.sign(head)
    kinds = problems(bundle)
    assert ("unknown-key", None) in kinds and all(
        k in ("unknown-key", "missing") for k, _ in kinds
    )
    assert "not by the log key" in verify_bundle(bundle).text()


def test_a_bundle_with_a_key_other_than_the_pinned_one_is_refused(exported):
    other = VerifierKey.parse(
        LogSigner("x", Ed25519PrivateKey.generate()).verifier_key().text()
    )
    assert ("unknown-key", None) in problems(exported["window"], pinned=other)


def test_two_checkpoints_of_one_size_with_different_roots_are_reported_as_a_fork(
    exported,
):
    bundle = copy.deepcopy(exported["window"])
    head = Checkpoint.parse(bundle["checkpoints"][-1]["note"].split("\n\n")[0] + "\n")
    other = Checkpoint(head.origin, head.size, bytes(32), head.time)
    bundle["checkpoints"].append({"note": exported["signer"].sign(other)})
    assert ("fork", None) in problems(bundle)
    assert "two histories" in verify_bundle(bundle).text()


def test_a_missing_version_in_a_request_bundle_is_reported(exported):
    bundle = copy.deepcopy(exported["request"])
    gone = bundle["entries"].pop(1)
    assert ("missing", gone["leaf_index"]) in problems(bundle)
    assert "version 2 of" in verify_bundle(bundle).text()
