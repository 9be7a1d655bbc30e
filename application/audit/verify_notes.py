"""Offline checks of a bundle's signed notes: checkpoints, cosignatures, manifest; and forks between them."""

from __future__ import annotations

from typing import Any

from application.audit.merkle import ProofError
from application.audit.notes import (
    LOG_KEY,
    Checkpoint,
    NoteError,
    SignatureLine,
    VerifierKey,
    split_note,
)
from application.audit.proofs import verify_consistency
from application.audit.report import Report


def signed_body(
    note: str,
    key: VerifierKey,
    report: Report,
    what: str,
    witnesses: list[VerifierKey] | tuple[VerifierKey, ...] = (),
) -> str | None:
    """The body of `note` if the log key signed it; otherwise the problem is reported and None returned.

    C2SP signed-note: a signature line whose name and key id are those of a key we know (the log key,
    or one of `witnesses`) but that does not verify rejects the whole note; lines of unknown keys are
    ignored."""
    try:
        body, lines = split_note(note)
        signatures = [SignatureLine.parse(line) for line in lines]
    except NoteError as error:
        report.add("malformed", f"{what}: {error}")
        return None
    if not _signed_by_log(signatures, key, report, what):
        return None
    failed = _failed_signer(signatures, [key, *witnesses], body)
    if failed is not None:
        whose = (
            "the log key's signature"
            if failed is key
            else f"the cosignature of {failed.name} ({failed.id.hex()}), a known witness key,"
        )
        report.add(
            "bad-signature",
            f"{what}: {whose} does not match its content (a failed signature "
            "from a known key rejects the note)",
        )
        return None
    return body


def _signed_by_log(
    signatures: list[SignatureLine], key: VerifierKey, report: Report, what: str
) -> bool:
    """Whether a line names the log key; if none does, who signed is reported."""
    if any(s.name == key.name and s.key_id == key.id for s in signatures):
        return True
    others = ", ".join(f"{s.name} ({s.key_id.hex()})" for s in signatures) or "nobody"
    report.add(
        "unknown-key",
        f"{what} is signed by {others}, not by the log key {key.name} ({key.id.hex()})",
    )
    return False


def _failed_signer(
    signatures: list[SignatureLine], keys: list[VerifierKey], body: str
) -> VerifierKey | None:
    """The first known key whose signature line does not verify the body."""
    for signature, known in _known_lines(signatures, keys):
        try:
            signature.verify(known, body)
        except NoteError:
            return known
    return None


def _known_lines(
    signatures: list[SignatureLine], keys: list[VerifierKey]
) -> list[tuple[SignatureLine, VerifierKey]]:
    return [
        (s, k)
        for s in signatures
        for k in keys
        if s.name == k.name and s.key_id == k.id
    ]


def cosigners(note: str, witnesses: list[VerifierKey]) -> list[str]:
    """Names of the registered witnesses whose cosignature on the note verifies."""
    body, lines = split_note(note)
    names = []
    for line in lines:
        signature = SignatureLine.parse(line)
        for key in witnesses:
            try:
                signature.verify(key, body)
                names.append(key.name)
            except NoteError:
                continue
    return names


def trusted_checkpoints(
    bundle: dict[str, Any],
    key: VerifierKey,
    report: Report,
    witnesses: list[VerifierKey] | None = None,
) -> dict[int, Checkpoint]:
    """Checkpoints signed by the log key (with no failed cosignature of a known witness), by size;
    two roots for one size is a fork."""
    by_size: dict[int, Checkpoint] = {}
    for item in bundle.get("checkpoints", []):
        body = signed_body(item["note"], key, report, "a checkpoint", witnesses or [])
        if body is None:
            continue
        checkpoint = Checkpoint.parse(body)
        seen = by_size.setdefault(checkpoint.size, checkpoint)
        if seen.root != checkpoint.root:
            report.add(
                "fork",
                f"two checkpoints of size {checkpoint.size}, both signed by the log key, have "
                f"different roots {seen.root.hex()[:16]}… and {checkpoint.root.hex()[:16]}…: "
                f"the log showed two histories",
            )
    return by_size


def check_consistency(
    bundle: dict[str, Any], checkpoints: dict[int, Checkpoint], report: Report
) -> None:
    """Each consecutive pair of signed checkpoints must be proven consistent (one history)."""
    proofs = {
        (p["first"], p["second"]): [bytes.fromhex(h) for h in p["proof"]]
        for p in bundle.get("consistency_proofs", [])
    }
    sizes = sorted(checkpoints)
    for first, second in zip(sizes, sizes[1:], strict=False):
        proof = proofs.get((first, second))
        if proof is None:
            report.add(
                "missing",
                f"no consistency proof between the checkpoints of size {first} and {second}",
            )
            continue
        try:
            verify_consistency(
                first, second, checkpoints[first].root, checkpoints[second].root, proof
            )
        except ProofError as error:
            report.add(
                "fork", f"between the checkpoints of size {first} and {second}: {error}"
            )


def log_key_of(
    bundle: dict[str, Any], pinned: VerifierKey | None, report: Report
) -> VerifierKey | None:
    try:
        shipped = VerifierKey.parse(bundle["log_key"])
    except (KeyError, NoteError) as error:
        report.add("malformed", f"the bundle's log key: {error}")
        return pinned
    if pinned and shipped.text() != pinned.text():
        report.add(
            "unknown-key",
            f"the bundle's log key {shipped.text()} is not the key you trust ({pinned.text()})",
        )
    if shipped.key_type != LOG_KEY:
        report.add("malformed", "the bundle's log key is not a log signing key")
    return pinned or shipped
