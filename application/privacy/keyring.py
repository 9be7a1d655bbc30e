"""Per-person data keys: created on first use, wrapped under a master key, destroyed on erasure.

A data key is stored only wrapped (AES-GCM under the master key in force when it was
wrapped, bound to its person), in a key table kept apart from the events. Destroying the
row's key erases everything ever encrypted with it. Unwrapped keys are cached per process;
every process notices a destroyed key within `refresh_seconds` (it polls the count of
erasures) and then drops its caches, so no process reads erased data for longer than that.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
MAX_CACHED = 100_000


@dataclass(frozen=True)
class KeyRow:
    subject: str
    wrapped: bytes | None  # None once destroyed
    master_id: str


class KeyTable(Protocol):
    """Where wrapped keys live; one implementation per backend (infra/keystore.py)."""

    def get(self, subject: str) -> KeyRow | None: ...
    def insert_if_absent(
        self, subject: str, wrapped: bytes, master_id: str
    ) -> None: ...
    def destroy(self, subject: str) -> None: ...
    def erasures(self) -> int: ...
    def wrapped_under_other_than(self, master_id: str) -> list[KeyRow]: ...
    def rewrap(self, subject: str, wrapped: bytes, master_id: str) -> None: ...


class UnknownMasterKey(Exception):
    """A data key is wrapped under a master key the settings no longer hold."""


class MasterKeys:
    """The master key new data keys are wrapped under, and earlier ones still accepted for unwrapping."""

    def __init__(self, current: bytes, previous: tuple[bytes, ...] = ()):
        self.current_id = master_id(current)
        self._by_id = {master_id(k): AESGCM(k) for k in (*previous, current)}

    def wrap(self, subject: str, data_key: bytes) -> tuple[bytes, str]:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._by_id[self.current_id].encrypt(
            nonce, data_key, subject.encode()
        ), self.current_id

    def unwrap(self, row: KeyRow) -> bytes:
        cipher = self._by_id.get(row.master_id)
        if cipher is None or row.wrapped is None:
            raise UnknownMasterKey(
                f"the key of {row.subject} is wrapped under unknown master key {row.master_id}"
            )
        return cipher.decrypt(
            row.wrapped[:NONCE_BYTES], row.wrapped[NONCE_BYTES:], row.subject.encode()
        )


def master_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:12]


class KeyRing:
    def __init__(
        self,
        table: KeyTable,
        masters: MasterKeys,
        refresh_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.table, self.masters, self.refresh_seconds, self.clock = (
            table,
            masters,
            refresh_seconds,
            clock,
        )
        self._ciphers: dict[str, AESGCM | None] = {}  # None: destroyed
        self._erasures, self._next_check = table.erasures(), clock() + refresh_seconds
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def on_erasure(self, listener: Callable[[], None]) -> None:
        """Called when any process has destroyed a key, so holders of decrypted data can drop it."""
        self._listeners.append(listener)

    def for_writing(self, subject: str) -> AESGCM | None:
        """The subject's cipher, created on first use; None if their key was destroyed."""
        cipher = self.for_reading(subject)
        if cipher is None and subject not in self._ciphers:
            wrapped, under = self.masters.wrap(
                subject, AESGCM.generate_key(bit_length=256)
            )
            self.table.insert_if_absent(subject, wrapped, under)
            cipher = self._load(subject)  # whoever inserted first wins
        return cipher

    def for_reading(self, subject: str) -> AESGCM | None:
        """The subject's cipher; None if they have no key or it was destroyed."""
        self.refresh()
        if subject in self._ciphers:
            return self._ciphers[subject]
        return self._load(subject)

    def destroy(self, subject: str) -> None:
        self.table.destroy(subject)
        with self._lock:
            self._ciphers[subject] = None
            self._erasures = self.table.erasures()
        self._notify()

    def refresh(self) -> None:
        """Notice keys destroyed by other processes (at most once per `refresh_seconds`)."""
        if self.clock() < self._next_check:
            return
        self._next_check = self.clock() + self.refresh_seconds
        erasures = self.table.erasures()
        if erasures != self._erasures:
            with self._lock:
                self._ciphers.clear()
                self._erasures = erasures
            self._notify()

    def rotate(self) -> int:
        """Re-wrap every data key under the current master key; returns how many were re-wrapped."""
        rows = self.table.wrapped_under_other_than(self.masters.current_id)
        for row in rows:
            wrapped, under = self.masters.wrap(row.subject, self.masters.unwrap(row))
            self.table.rewrap(row.subject, wrapped, under)
        return len(rows)

    def _load(self, subject: str) -> AESGCM | None:
        row = self.table.get(subject)
        if row is None:
            return None
        cipher = AESGCM(self.masters.unwrap(row)) if row.wrapped is not None else None
        with self._lock:
            if len(self._ciphers) >= MAX_CACHED:
                self._ciphers.clear()
            self._ciphers[subject] = cipher
        return cipher

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()
