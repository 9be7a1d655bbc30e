"""The canonical envelope of an event exactly as stored, and its leaf hash.

The leaf commits to what the database holds (position, aggregate id, version,
topic, time and the SHA-256 of the stored state bytes), never to a decoded
event, so encrypting personal fields or deleting a person's key later leaves
every leaf verifiable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from application.audit.merkle import leaf_hash

ENVELOPE_FIELDS = (
    "position",
    "aggregate_id",
    "version",
    "topic",
    "time",
    "state_sha256",
)
# The library's JSON transcoder writes the event time first; any other encoding has no derivable time.
_TIME_PREFIX = b'{"timestamp":{"_type_":"datetime_iso","_data_":"'


@dataclass(frozen=True)
class StoredRecord:
    """One row of the application log as stored."""

    position: int
    aggregate_id: str
    version: int
    topic: str
    state: bytes

    @classmethod
    def of(cls, notification: Any) -> StoredRecord:
        return cls(
            notification.id,
            str(notification.originator_id),
            notification.originator_version,
            notification.topic,
            bytes(notification.state),
        )


def stored_time(state: bytes) -> str | None:
    """The event time when the stored bytes show it in the clear, else None."""
    if not state.startswith(_TIME_PREFIX):
        return None
    end = state.find(b'"', len(_TIME_PREFIX))
    return (
        state[len(_TIME_PREFIX) : end].decode("ascii", "replace") if end > 0 else None
    )


def envelope_of(record: StoredRecord) -> dict[str, Any]:
    return {
        "position": record.position,
        "aggregate_id": record.aggregate_id,
        "version": record.version,
        "topic": record.topic,
        "time": stored_time(record.state),
        "state_sha256": hashlib.sha256(record.state).hexdigest(),
    }


def canonical(envelope: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes a leaf hashes."""
    return json.dumps(
        envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def _json_text(value: str | None) -> str:
    if value is None:
        return "null"
    if (
        value.isascii()
        and value.isprintable()
        and '"' not in value
        and "\\" not in value
    ):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


_TOPIC_TEXT: dict[
    str, str
] = {}  # a log has few topics: their JSON text is computed once


def _topic_text(topic: str) -> str:
    text = _TOPIC_TEXT.get(topic)
    if text is None:
        text = _json_text(topic)
        if len(_TOPIC_TEXT) < 10_000:
            _TOPIC_TEXT[topic] = text
    return text


def canonical_entry(
    position: int, aggregate_id: str, version: int, topic: str, state: bytes
) -> bytes:
    """`canonical(envelope_of(…))` without building the dict: the verifier's hot path (tested equal)."""
    return (
        f'{{"aggregate_id":{_json_text(aggregate_id)},"position":{position},'
        f'"state_sha256":"{hashlib.sha256(state).hexdigest()}","time":{_json_text(stored_time(state))},'
        f'"topic":{_topic_text(topic)},"version":{version}}}'
    ).encode()


def leaf_of(record: StoredRecord) -> tuple[bytes, bytes]:
    """(canonical envelope, RFC 9162 leaf hash) of a stored event."""
    entry = canonical_entry(
        record.position, record.aggregate_id, record.version, record.topic, record.state
    )
    return entry, leaf_hash(entry)
