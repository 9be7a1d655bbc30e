"""The offline verifier against hostile bundles: C2SP signed-note rules for cosignatures, and every
malformed part reported as MALFORMED naming it, never a traceback (bundles exported on both backends).
"""

from __future__ import annotations

import base64
import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.notes import (
    COSIGNER_KEY,
    VerifierKey,
    cosign_line,
    raw_public,
    split_note,
)
from application.audit.verify import verify_bundle
from tests.integration.audit_helpers import (
    handled_request,
    principal,
    sealed_and_signed,
)

WITNESS = "witness.P0028"


@pytest.fixture
def witnessed(container) -> dict:
    """A request bundle whose head checkpoint the supervision member P0028 cosigned."""
    parts, member = container.audit_parts, principal(container, "P0028")
    request_id = handled_request(container)
    key = Ed25519PrivateKey.generate()
    parts.witnesses.register(
        member, VerifierKey(WITNESS, COSIGNER_KEY, raw_public(key)).text()
    )
    sealed_and_signed(container)
    head = container.audit.head()
    line = cosign_line(WITNESS, key, split_note(head["note"])[0], 1_800_000_000)
    parts.witnesses.cosign(member, head["size"], line)
    container.runner.wait_for(
        container.ledger.position(), 10
    )  # the view of cosignatures
    return parts.exports.request(request_id)


def head_note(bundle: dict) -> dict:
    return next(
        c
        for c in bundle["checkpoints"]
        if c["note"].split("\n")[1] == str(bundle["head_size"])
    )


def with_cosignature_byte_flipped(bundle: dict, name: str) -> dict:
    bad = copy.deepcopy(bundle)
    item = head_note(bad)
    lines = item["note"].split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"— {name} "))
    blob = bytearray(base64.b64decode(lines[at].split(" ")[2]))
    blob[-1] ^= 1  # same name and key id: a signature of a known key that fails
    lines[at] = f"— {name} {base64.b64encode(bytes(blob)).decode()}"
    item["note"] = "\n".join(lines)
    return bad


def test_a_good_cosignature_is_reported_as_proven(witnessed):
    report = verify_bundle(witnessed)
    assert report.ok, report.text()
    assert f"cosigned by {WITNESS}" in report.text()


def test_a_bad_cosignature_from_the_bundles_own_witness_key_rejects_the_checkpoint(
    witnessed,
):
    """C2SP signed-note: a failed signature from a known key rejects the note."""
    report = verify_bundle(with_cosignature_byte_flipped(witnessed, WITNESS))
    assert not report.ok
    assert "bad-signature" in report.kinds()
    assert f"the cosignature of {WITNESS}" in report.text()


def test_a_cosignature_from_an_unknown_key_is_ignored(witnessed):
    stranger = Ed25519PrivateKey.generate()
    bundle = copy.deepcopy(witnessed)
    item = head_note(bundle)
    item["note"] += cosign_line("witness.stranger", stranger, "another body\n", 1)
    report = verify_bundle(bundle)
    assert report.ok, report.text()


NOT_INTEGER = [None, True, "3", 3.5, [], {}]
NOT_TEXT = [None, True, 3, [], {}]
WRONG = {  # for each field of an entry, values of the wrong shape
    "leaf_index": NOT_INTEGER,
    "envelope": [*NOT_TEXT, "not json", "[1, 2]", '{"version": "2"}'],
    "proof": [None, True, "3", {}, ["zz-not-hex"], [3]],
    "event": [True, "3", 3, [], {}],
    "event.position": NOT_INTEGER,
    "event.version": NOT_INTEGER,
    "event.aggregate_id": NOT_TEXT,
    "event.topic": NOT_TEXT,
    "event.state": [*NOT_TEXT, "%%%not-base64", "abc"],
}


def mutations(entry: dict):
    """(what, mutated entry): each field dropped, and each given each wrong value."""
    for field, values in WRONG.items():
        name = field.removeprefix("event.")
        if field.startswith("event."):
            event = entry["event"]
            yield (
                f"drop {field}",
                {**entry, "event": {k: v for k, v in event.items() if k != name}},
            )
            for value in values:
                yield f"{field}={value!r}", {**entry, "event": {**event, name: value}}
            continue
        yield f"drop {field}", {k: v for k, v in entry.items() if k != name}
        for value in values:
            yield f"{field}={value!r}", {**entry, name: value}


def test_every_malformed_entry_is_a_malformed_line_naming_it(witnessed):
    index, tried = 1, 0
    for what, mutated in mutations(witnessed["entries"][index]):
        bundle = copy.deepcopy(witnessed)
        bundle["entries"][index] = mutated
        report = verify_bundle(json.loads(json.dumps(bundle)))  # never raises
        malformed = [p.detail for p in report.problems if p.kind == "malformed"]
        assert any(f"entries entry {index}" in d for d in malformed), (
            what,
            report.text(),
        )
        tried += 1
    assert tried > 50


TOP_LEVEL = [
    "format",
    "log_key",
    "witness_keys",
    "scope",
    "head_size",
    "checkpoints",
    "consistency_proofs",
    "manifest",
    "entries",
]


def test_malformed_top_level_parts_are_reported_never_raised(witnessed):
    for name in TOP_LEVEL:
        for value in ["<dropped>", *NOT_INTEGER, "text"]:
            bundle = copy.deepcopy(witnessed)
            if value == "<dropped>":
                bundle.pop(name)
            else:
                bundle[name] = value
            report = verify_bundle(bundle)
            if name in ("witness_keys", "consistency_proofs") and value in (
                [],
                "<dropped>",
            ):
                continue  # no witnesses, or one checkpoint: nothing to prove, nothing wrong
            assert not report.ok, f"{name}={value!r} verified"
    for garbage in [None, [], "text", 7]:
        assert verify_bundle(garbage).kinds() == {"malformed"}
    manifest = copy.deepcopy(witnessed)
    manifest["manifest"]["leaves"][0] = ["0", 1]
    assert "malformed" in verify_bundle(manifest).kinds()
