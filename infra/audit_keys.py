"""The log's Ed25519 signing key: from settings or a key file; generated only in development mode."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from application.audit.checkpoints import LogSigner
from infra.settings import InsecureSettings, Settings


def private_key_text(private: Ed25519PrivateKey) -> str:
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def parse_private_key(text: str) -> Ed25519PrivateKey:
    raw = base64.b64decode(text.strip(), validate=True)
    if len(raw) != 32:
        raise InsecureSettings("an audit signing key is the base64 of 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def write_new_key(path: Path) -> Ed25519PrivateKey:
    private = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(private_key_text(private) + "\n")
    return private


def load_log_signer(settings: Settings) -> LogSigner:
    if settings.audit_signing_key:
        return LogSigner(
            settings.audit_origin, parse_private_key(settings.audit_signing_key)
        )
    path = settings.audit_key_file or settings.audit_dev_key_path()
    if not path.exists():
        if settings.mode != "development" or settings.audit_key_file:
            raise InsecureSettings(f"the audit key file {path} does not exist")
        try:
            return LogSigner(settings.audit_origin, write_new_key(path))
        except FileExistsError:
            pass  # another process generated it first: use theirs
    return LogSigner(settings.audit_origin, parse_private_key(path.read_text()))
