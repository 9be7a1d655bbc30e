"""The persistence mapper that encrypts each event's personal fields with its subject's own key.

Only the fields an event lists in `personal_fields` are sealed; the rest of the event stays
readable (ids, units, times, statuses), so the log can be audited without anyone's key.
The sealed part is bound to its event (id, version, topic) so it cannot be moved to another.
After the subject's key is destroyed the fields read as `ERASED` — in every replay, view,
export and aggregate — while the stored bytes, and so the audit hashes, stay as they were.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from functools import lru_cache
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic

from application.privacy.keyring import NONCE_BYTES, KeyRing
from domain.personal import ERASED, personal_fields, subject_field

SEALED = "_sealed"
# the C scanner without json.loads' type checks: replay reads this a lot
_decode = json.JSONDecoder().decode


class PersonalDataMapper(Mapper[UUID]):
    def __init__(self, transcoder: Transcoder, keyring: KeyRing | None = None):
        super().__init__(transcoder)
        # None only to measure what encryption costs (never in production)
        self.keyring = keyring

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        cls = type(domain_event)
        fields = personal_fields(cls)
        if not fields or self.keyring is None:
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        subject = str(state[subject_field(cls)])
        secret = {f: state.pop(f) for f in fields if state.get(f) is not None}
        state[SEALED] = self._seal(self.keyring, subject, secret, _binding(state, cls))
        return super().to_stored_event(_event_with(cls, state))

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        domain_event = super().to_domain_event(stored_event)
        state = domain_event.__dict__
        if SEALED in state:
            sealed = state.pop(SEALED)
            values = self._open(
                sealed, _binding(state, type(domain_event)), stored_event
            )
            for name in personal_fields(type(domain_event)):
                state.setdefault(
                    name, values.get(name, ERASED) if name in sealed["fields"] else None
                )
        return domain_event

    def _seal(
        self, keyring: KeyRing, subject: str, secret: dict[str, Any], binding: bytes
    ) -> dict[str, Any]:
        sealed: dict[str, Any] = {"subject": subject, "fields": sorted(secret)}
        cipher = keyring.for_writing(subject)
        # no cipher for a destroyed key: nothing is written but the mark of erasure
        if cipher is not None:
            nonce = os.urandom(NONCE_BYTES)
            data = cipher.encrypt(
                nonce,
                json.dumps(secret, ensure_ascii=False).encode(),
                binding + subject.encode(),
            )
            sealed["data"] = base64.b64encode(nonce + data).decode()
        return sealed

    def _open(
        self, sealed: dict[str, Any], binding: bytes, stored: StoredEvent
    ) -> dict[str, Any]:
        if self.keyring is None:
            raise MapperDeserialisationError(
                "personal data is encrypted but no key ring is configured"
            )
        cipher = self.keyring.for_reading(sealed["subject"])
        if cipher is None or "data" not in sealed:
            return {}
        raw = binascii.a2b_base64(sealed["data"])
        try:
            plain = cipher.decrypt(
                raw[:NONCE_BYTES],
                raw[NONCE_BYTES:],
                binding + sealed["subject"].encode(),
            )
        except InvalidTag:
            raise MapperDeserialisationError(
                f"personal data of event {stored.originator_id}@{stored.originator_version} fails authentication"
            ) from None
        opened: dict[str, Any] = _decode(plain.decode())
        return opened


def _binding(state: dict[str, Any], cls: type) -> bytes:
    """What the sealed part belongs to (its event), as additional authenticated data."""
    return f"{state['originator_id']}|{state['originator_version']}|{_topic(cls)}|".encode()


@lru_cache(maxsize=1024)
def _topic(cls: type) -> str:
    return get_topic(cls)


def _event_with(cls: type, state: dict[str, Any]) -> Any:
    """A stand-in of the event carrying the sealed state, for the library's own mapping."""
    stand_in: Any = object.__new__(cls)
    object.__setattr__(stand_in, "__dict__", state)
    return stand_in
