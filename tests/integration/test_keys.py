"""Master-key rotation and the binding of sealed personal data to its event, on both backends."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import replace

import pytest
from eventsourcing.persistence import MapperDeserialisationError

from application.privacy.keyring import KeyRing, MasterKeys, UnknownMasterKey
from domain.people import person_id_for
from infra.keystore import master_keys

RESIDENT = "P0038"


def fresh_key() -> bytes:
    return os.urandom(32)


def test_rotation_rewraps_every_key_under_the_new_master_and_the_old_one_can_then_go(
    container,
):
    old = master_keys(container.settings)
    table = container.ledger.keyring.table
    subject = str(person_id_for(RESIDENT))
    before = KeyRing(table, old).for_reading(subject)
    new_key = fresh_key()
    rotating = KeyRing(
        table,
        MasterKeys(
            new_key,
            previous=(
                base64.urlsafe_b64decode(container.settings.current_master_key()),
            ),
        ),
    )
    assert rotating.rotate() >= 338, "every person of the demo had a key"
    assert rotating.rotate() == 0, "a second rotation has nothing left to do"
    after_only_new = KeyRing(table, MasterKeys(new_key))
    nonce = os.urandom(12)
    sealed = before.encrypt(nonce, b"x", None)
    assert after_only_new.for_reading(subject).decrypt(nonce, sealed, None) == b"x", (
        "same data key, new wrapping"
    )
    with pytest.raises(UnknownMasterKey):
        KeyRing(table, old).for_reading(subject)


def test_sealed_personal_data_cannot_be_moved_to_another_event_or_altered(container):
    person_id = person_id_for(RESIDENT)
    registered = container.ledger.recorder.select_events(person_id, lte=1)[0]
    other = container.ledger.recorder.select_events(person_id_for("P0039"), lte=1)[0]
    state = json.loads(registered.state)
    moved = replace(
        other,
        state=json.dumps(
            {**json.loads(other.state), "_sealed": state["_sealed"]}
        ).encode(),
    )
    with pytest.raises(MapperDeserialisationError, match="fails authentication"):
        container.ledger.mapper.to_domain_event(moved)
    data = base64.b64decode(state["_sealed"]["data"])
    flipped = base64.b64encode(data[:-1] + bytes([data[-1] ^ 1])).decode()
    altered = replace(
        registered,
        state=json.dumps(
            {**state, "_sealed": {**state["_sealed"], "data": flipped}}
        ).encode(),
    )
    with pytest.raises(MapperDeserialisationError, match="fails authentication"):
        container.ledger.mapper.to_domain_event(altered)
    assert container.ledger.mapper.to_domain_event(registered).name not in ("", None)
