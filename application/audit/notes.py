"""Signed checkpoints in the C2SP signed-note / tlog-checkpoint format, with Ed25519.

A checkpoint note is its body, a blank line, then one signature line per signer:

    <origin>\n<tree size>\n<base64 root hash>\ntime <UTC ISO-8601>\n
    \n
    — <signer name> <base64(4-byte key id ‖ 64-byte Ed25519 signature of the body)>\n

A witness's cosignature line (C2SP tlog-cosignature/v1) signs
"cosignature/v1\ntime <unix seconds>\n" + body, and carries
base64(key id ‖ 8-byte big-endian time ‖ signature). Key ids are the first 4 bytes of
SHA-256(name ‖ "\n" ‖ type ‖ public key), type 0x01 for the log, 0x04 for cosigners.
Public keys travel as verifier keys "<name>+<hex key id>+<base64(type ‖ public key)>".
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

LOG_KEY, COSIGNER_KEY = 0x01, 0x04
DASH = "\u2014"


class NoteError(ValueError):
    """A note or key that is malformed, or a signature that does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: str

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\ntime {self.time}\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        lines = body.split("\n")
        if (
            len(lines) < 5
            or lines[-1] != ""
            or not lines[3].startswith("time ")
            or not lines[1].isdigit()
        ):
            raise NoteError(
                "not a checkpoint body: origin, size, root, time lines expected"
            )
        root = base64.b64decode(lines[2], validate=True)
        if len(root) != 32:
            raise NoteError("a checkpoint root is 32 bytes")
        return cls(lines[0], int(lines[1]), root, lines[3][5:])


def key_id(name: str, key_type: int, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([key_type]) + public).digest()[
        :4
    ]


def raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_type: int
    public: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.key_type, self.public)

    def text(self) -> str:
        encoded = base64.b64encode(bytes([self.key_type]) + self.public).decode()
        return f"{self.name}+{self.id.hex()}+{encoded}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        try:
            name, hex_id, encoded = text.strip().split("+", 2)
            raw = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise NoteError("a verifier key is name+keyid+base64(type ‖ key)") from None
        key = cls(name, raw[0], raw[1:]) if len(raw) == 33 and name else None
        if (
            key is None
            or key.id.hex() != hex_id
            or key.key_type not in (LOG_KEY, COSIGNER_KEY)
        ):
            raise NoteError(
                f"verifier key {text[:40]!r} is malformed or its key id does not match"
            )
        return key

    def check(self, message: bytes, signature: bytes) -> None:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            raise NoteError(f"the signature of {self.name} does not verify") from None


def sign_line(name: str, private: Ed25519PrivateKey, body: str) -> str:
    signature = private.sign(body.encode())
    blob = key_id(name, LOG_KEY, raw_public(private)) + signature
    return f"{DASH} {name} {base64.b64encode(blob).decode()}\n"


def cosign_message(body: str, unix_time: int) -> bytes:
    return f"cosignature/v1\ntime {unix_time}\n{body}".encode()


def cosign_line(
    name: str, private: Ed25519PrivateKey, body: str, unix_time: int
) -> str:
    signature = private.sign(cosign_message(body, unix_time))
    blob = (
        key_id(name, COSIGNER_KEY, raw_public(private))
        + unix_time.to_bytes(8, "big")
        + signature
    )
    return f"{DASH} {name} {base64.b64encode(blob).decode()}\n"


def split_note(note: str) -> tuple[str, list[str]]:
    """(body, signature lines) of a note."""
    body, sep, signatures = note.partition("\n\n")
    if not sep:
        raise NoteError("a signed note has a blank line between body and signatures")
    return body + "\n", [line + "\n" for line in signatures.split("\n") if line]


@dataclass(frozen=True)
class SignatureLine:
    name: str
    key_id: bytes
    blob: bytes

    @classmethod
    def parse(cls, line: str) -> SignatureLine:
        parts = line.rstrip("\n").split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise NoteError(f"not a signature line: {line[:60]!r}")
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except ValueError:
            raise NoteError("a signature is base64") from None
        if len(blob) < 68:
            raise NoteError("a signature line carries a key id and a 64-byte signature")
        return cls(parts[1], blob[:4], blob[4:])

    def verify(self, key: VerifierKey, body: str) -> int | None:
        """Check against `key`; returns the cosigning time for a cosignature, None for a log signature."""
        if key.name != self.name or key.id != self.key_id:
            raise NoteError(
                f"signature by {self.name} ({self.key_id.hex()}) is not from key {key.name}"
            )
        if key.key_type == COSIGNER_KEY and len(self.blob) == 72:
            unix_time = int.from_bytes(self.blob[:8], "big")
            key.check(cosign_message(body, unix_time), self.blob[8:])
            return unix_time
        if key.key_type != LOG_KEY or len(self.blob) != 64:
            raise NoteError(
                f"signature by {self.name} has the wrong length for its key type"
            )
        key.check(body.encode(), self.blob)
        return None
