"""Checkpoint notes: format, log signatures, witness cosignatures, verifier keys."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.notes import (
    COSIGNER_KEY,
    LOG_KEY,
    Checkpoint,
    NoteError,
    SignatureLine,
    VerifierKey,
    cosign_line,
    raw_public,
    sign_line,
    split_note,
)

CHECKPOINT = Checkpoint(
    "gov-ledger/test", 5, bytes(range(32)), "2026-11-22T00:00:00+00:00"
)


def test_body_has_origin_size_root_and_time_lines_and_parses_back():
    body = CHECKPOINT.body()
    assert (
        body
        == "gov-ledger/test\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\ntime 2026-11-22T00:00:00+00:00\n"
    )
    assert Checkpoint.parse(body) == CHECKPOINT
    with pytest.raises(NoteError):
        Checkpoint.parse(body.replace("\n5\n", "\nfive\n"))


def test_log_signature_verifies_only_for_its_key_and_its_body():
    private = Ed25519PrivateKey.generate()
    key = VerifierKey("gov-ledger/test", LOG_KEY, raw_public(private))
    note = CHECKPOINT.body() + "\n" + sign_line(key.name, private, CHECKPOINT.body())
    body, lines = split_note(note)
    assert body == CHECKPOINT.body() and len(lines) == 1
    assert (
        SignatureLine.parse(lines[0]).verify(VerifierKey.parse(key.text()), body)
        is None
    )
    with pytest.raises(NoteError):
        SignatureLine.parse(lines[0]).verify(key, body.replace("\n5\n", "\n6\n"))
    other = VerifierKey(
        "gov-ledger/test", LOG_KEY, raw_public(Ed25519PrivateKey.generate())
    )
    with pytest.raises(NoteError, match="not from key"):
        SignatureLine.parse(lines[0]).verify(other, body)


def test_cosignature_carries_its_time_and_verifies_with_the_witness_key():
    private = Ed25519PrivateKey.generate()
    witness = VerifierKey("witness-P0028", COSIGNER_KEY, raw_public(private))
    line = cosign_line(witness.name, private, CHECKPOINT.body(), 1_790_000_000)
    assert SignatureLine.parse(line).verify(witness, CHECKPOINT.body()) == 1_790_000_000
    with pytest.raises(NoteError):
        SignatureLine.parse(line).verify(
            witness, Checkpoint("gov-ledger/test", 5, bytes(32), "x").body()
        )


def test_a_verifier_key_with_a_wrong_key_id_is_refused():
    key = VerifierKey("log", LOG_KEY, raw_public(Ed25519PrivateKey.generate()))
    name, _, encoded = key.text().split("+", 2)
    with pytest.raises(NoteError):
        VerifierKey.parse(f"{name}+00000000+{encoded}")
