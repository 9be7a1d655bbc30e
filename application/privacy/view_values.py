"""Personal values of the read model, sealed with their subject's own key.

Projection handlers stay pure: they put a `Personal(subject, value)` where a personal
value goes into a view column. The view seals it as it writes the row, with the same
per-person key the events use, into one text value:

    \x1e1:<subject id>:<base64 of nonce + AES-256-GCM ciphertext>

(it begins with a control character, U+001E, which the API refuses in every text a
client sends, so no text a client wrote is taken for a sealed value).

and opens every such value in the rows a read returns (only those rows; each subject's
key is looked up once per read, and opened values are cached per process like decrypted
aggregates, dropped whenever any process erases anyone: `KeyRing.refresh`). A value whose key was destroyed reads as `ERASED`, so
a view restored from a backup taken before an erasure shows nothing of the erased
person. The subject id is bound as authenticated data: a value copied onto another
person's row fails to open, and is reported, never silently read.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.privacy.keyring import NONCE_BYTES, KeyRing
from domain.personal import ERASED

PREFIX = "\x1e1:"
MAX_OPENED = 100_000  # opened values kept per process


@dataclass(frozen=True)
class Personal:
    """A personal value bound for a view column, and the person it is about."""

    subject: str
    value: str | None


class SealedValueInvalid(Exception):
    """A sealed view value was altered or moved to another person's row."""


class ViewValues:
    """Seals `Personal` parameters on write and opens sealed values on read.

    Without a key ring (encryption switched off to measure its cost, or a replay into
    a view held only in memory) personal values are written as they are.
    """

    def __init__(self, keyring: KeyRing | None = None, cache_size: int = MAX_OPENED):
        self.keyring, self.cache_size = keyring, cache_size
        # Values opened before, as the aggregates are cached: dropped on any erasure.
        self._opened_values: dict[str, str] = {}
        if keyring is not None:
            keyring.on_erasure(self._opened_values.clear)

    def seal(self, params: dict[str, Any]) -> dict[str, Any]:
        if not any(isinstance(v, Personal) for v in params.values()):
            return params
        ciphers: dict[str, AESGCM | None] = {}
        return {k: self._sealed(v, ciphers) for k, v in params.items()}

    def open(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.keyring is not None:
            self.keyring.refresh()  # notice another process's erasure (clears the cache)
        ciphers: dict[str, AESGCM | None] = {}
        cache = self._opened_values
        for row in rows:
            for name, value in row.items():
                if value.__class__ is str and value.startswith(PREFIX):
                    plain = cache.get(value)
                    if plain is None:
                        plain = self._opened(value, ciphers)
                        self._remember(value, plain)
                    row[name] = plain
        return rows

    def _remember(self, sealed: str, plain: str) -> None:
        if len(self._opened_values) >= self.cache_size:
            self._opened_values.clear()
        if self.cache_size:
            self._opened_values[sealed] = plain

    def _sealed(self, value: Any, ciphers: dict[str, AESGCM | None]) -> Any:
        if not isinstance(value, Personal):
            return value
        if value.value is None or self.keyring is None:
            return value.value
        cipher = self._cipher(value.subject, ciphers, writing=True)
        if cipher is None:  # the key is destroyed: nothing of the person is written
            return ERASED
        header = f"{PREFIX}{value.subject}:"
        nonce = os.urandom(NONCE_BYTES)
        data = cipher.encrypt(nonce, value.value.encode(), header.encode())
        return header + base64.b64encode(nonce + data).decode()

    def _opened(self, sealed: str, ciphers: dict[str, AESGCM | None]) -> str:
        end = sealed.find(":", len(PREFIX))
        subject = sealed[len(PREFIX) : end]
        cipher = (
            ciphers[subject] if subject in ciphers else self._cipher(subject, ciphers)
        )
        if cipher is None:
            return ERASED
        try:
            raw = binascii.a2b_base64(sealed[end + 1 :])
            plain = cipher.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], sealed[: end + 1].encode()
            )
        except (InvalidTag, binascii.Error):
            raise SealedValueInvalid(
                f"a view value of {subject} fails authentication"
            ) from None
        return plain.decode()

    def _cipher(
        self, subject: str, ciphers: dict[str, AESGCM | None], writing: bool = False
    ) -> AESGCM | None:
        """The subject's cipher, looked up once a batch (None: no key ring, or destroyed)."""
        if self.keyring is None:
            return None
        if subject not in ciphers:
            ring = self.keyring
            ciphers[subject] = (
                ring.for_writing(subject) if writing else ring.for_reading(subject)
            )
        return ciphers[subject]
