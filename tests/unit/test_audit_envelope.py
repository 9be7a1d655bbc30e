"""The sealed envelope commits to the stored bytes, and only derives what they show in the clear."""

from __future__ import annotations

import hashlib
import json

import pytest

from application.audit.envelope import (
    StoredRecord,
    canonical,
    canonical_entry,
    envelope_of,
    leaf_of,
    stored_time,
)
from application.audit.merkle import leaf_hash

STATE = b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-22T00:35:42.515469+00:00"},"code":"CX"}'


def record(state: bytes = STATE, position: int = 7) -> StoredRecord:
    return StoredRecord(
        position,
        "8e968698-d65c-5543-98fe-aab5dca810d6",
        2,
        "domain.registry:Registry.X",
        state,
    )


def test_envelope_is_canonical_json_of_the_stored_row():
    entry, leaf = leaf_of(record())
    assert json.loads(entry) == {
        "aggregate_id": "8e968698-d65c-5543-98fe-aab5dca810d6",
        "position": 7,
        "state_sha256": hashlib.sha256(STATE).hexdigest(),
        "time": "2026-11-22T00:35:42.515469+00:00",
        "topic": "domain.registry:Registry.X",
        "version": 2,
    }
    assert entry == canonical(json.loads(entry)) and b" " not in entry
    assert leaf == leaf_hash(entry)


def test_time_is_none_when_the_stored_bytes_do_not_show_it():
    assert stored_time(b"\x00compressed-or-encrypted") is None
    assert envelope_of(record(b'{"other":1}'))["time"] is None


def test_any_changed_byte_or_field_changes_the_leaf():
    _, leaf = leaf_of(record())
    assert leaf_of(record(STATE.replace(b"CX", b"CY")))[1] != leaf
    assert leaf_of(record(position=8))[1] != leaf


@pytest.mark.parametrize(
    "topic",
    ["domain.requests:Request.RequestRaised", 'odd"topic\\x', "主题", "tab\there"],
)
@pytest.mark.parametrize(
    "state",
    [STATE, b"\x00opaque", b'{"timestamp":{"_type_":"datetime_iso","_data_":"x'],
)
def test_the_fast_canonical_form_equals_the_json_one(topic, state):
    r = StoredRecord(12, "8e968698-d65c-5543-98fe-aab5dca810d6", 3, topic, state)
    assert canonical_entry(
        r.position, r.aggregate_id, r.version, r.topic, r.state
    ) == canonical(envelope_of(r))
