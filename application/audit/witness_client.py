"""The witness's side (`gov audit witness`): check the newest checkpoint against the last one cosigned, then cosign.

The witness trusts only its own memory (the size and root it cosigned last) and the
log's public key; the server's answers are checked, never believed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.merkle import ProofError
from application.audit.notes import (
    Checkpoint,
    NoteError,
    SignatureLine,
    VerifierKey,
    cosign_line,
    split_note,
)
from application.audit.proofs import verify_consistency

Get = Callable[[str, dict[str, Any]], dict[str, Any]]
Post = Callable[[str, dict[str, Any]], dict[str, Any]]


class ForkDetected(Exception):
    """The server showed a history that does not extend the one this witness cosigned."""


@dataclass(frozen=True)
class WitnessMemory:
    size: int = 0
    root: str = ""


@dataclass(frozen=True)
class WitnessIdentity:
    name: str
    private: Ed25519PrivateKey
    log_key: VerifierKey


def checked_checkpoint(note: str, log_key: VerifierKey) -> tuple[str, Checkpoint]:
    body, lines = split_note(note)
    for line in lines:
        signature = SignatureLine.parse(line)
        if signature.name == log_key.name and signature.key_id == log_key.id:
            signature.verify(log_key, body)
            return body, Checkpoint.parse(body)
    raise NoteError("the newest checkpoint is not signed by the log key you trust")


def witness_once(
    get: Get, post: Post, me: WitnessIdentity, memory: WitnessMemory, now: int
) -> WitnessMemory:
    """One round: fetch, verify signature and consistency with `memory`, cosign; returns the new memory."""
    body, checkpoint = checked_checkpoint(
        get("/audit/checkpoints/latest", {})["note"], me.log_key
    )
    if checkpoint.size < memory.size:
        raise ForkDetected(
            f"the log shrank from {memory.size} to {checkpoint.size} leaves"
        )
    if memory.size:
        proof = get(
            "/audit/proofs/consistency",
            {"first": memory.size, "second": checkpoint.size},
        )["proof"]
        try:
            verify_consistency(
                memory.size,
                checkpoint.size,
                bytes.fromhex(memory.root),
                checkpoint.root,
                [bytes.fromhex(h) for h in proof],
            )
        except ProofError as error:
            raise ForkDetected(
                f"size {checkpoint.size} does not extend the size {memory.size} you cosigned: "
                f"{error}"
            ) from None
    post(
        "/audit/witnesses/me/cosignatures",
        {
            "size": checkpoint.size,
            "cosignature": cosign_line(me.name, me.private, body, now),
        },
    )
    return WitnessMemory(checkpoint.size, checkpoint.root.hex())
