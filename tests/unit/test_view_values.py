"""Sealed view values (application/privacy/view_values.py) over a real key table in a SQLite file:
what is written holds no plaintext, reads open it, a destroyed key reads as erased, and a
value moved onto another person's row is refused (PIPL-47)."""

from __future__ import annotations

import os
from uuid import uuid4

import pytest

from application.privacy.keyring import KeyRing, MasterKeys
from application.privacy.view_values import (
    PREFIX,
    Personal,
    SealedValueInvalid,
    ViewValues,
)
from domain.personal import ERASED
from infra.keystore import SqlKeyTable
from infra.sqlite_secure import SecureSQLiteDatastore

TITLE = "邻居王某深夜噪音"


@pytest.fixture
def values(tmp_path):
    datastore = SecureSQLiteDatastore(str(tmp_path / "keys.sqlite"))
    table = SqlKeyTable(datastore, lambda sql: sql, "BLOB", lambda: None)
    yield ViewValues(KeyRing(table, MasterKeys(os.urandom(32)), refresh_seconds=0))
    datastore.close()


def test_a_sealed_value_holds_no_plaintext_and_opens_on_read_PIPL_47(values):
    subject = str(uuid4())
    sealed = values.seal({"title": Personal(subject, TITLE), "status": "new"})
    assert sealed["status"] == "new", (
        "values that are not personal are left as they are"
    )
    assert (
        sealed["title"].startswith(f"{PREFIX}{subject}:")
        and TITLE not in sealed["title"]
    )
    assert values.open([dict(sealed)]) == [{"title": TITLE, "status": "new"}]


def test_a_value_whose_key_was_destroyed_reads_as_erased_PIPL_47(values):
    subject = str(uuid4())
    sealed = values.seal({"title": Personal(subject, TITLE)})
    values.keyring.destroy(subject)
    assert values.open([dict(sealed)]) == [{"title": ERASED}]
    again = values.seal({"title": Personal(subject, TITLE)})
    assert again == {"title": ERASED}, "nothing of an erased person is written"


def test_a_value_opened_before_reads_as_erased_once_any_process_erased_PIPL_47(values):
    subject = str(uuid4())
    sealed = values.seal({"title": Personal(subject, TITLE)})
    other = ViewValues(KeyRing(values.keyring.table, values.keyring.masters, 0))
    assert (
        values.open([dict(sealed)]) == other.open([dict(sealed)]) == [{"title": TITLE}]
    )
    values.keyring.destroy(subject)
    assert values.open([dict(sealed)]) == [{"title": ERASED}], "this process's cache"
    assert other.open([dict(sealed)]) == [{"title": ERASED}], "another process's cache"


def test_a_value_moved_onto_another_persons_row_is_refused(values):
    mine, theirs = str(uuid4()), str(uuid4())
    values.seal({"title": Personal(theirs, "x")})  # they have a key too
    sealed = values.seal({"title": Personal(mine, TITLE)})["title"]
    moved = sealed.replace(mine, theirs)
    with pytest.raises(SealedValueInvalid):
        values.open([{"title": moved}])


def test_without_a_key_ring_values_are_written_as_they_are():
    plain = ViewValues(None)
    assert plain.seal({"title": Personal("s", TITLE), "note": Personal("s", None)}) == {
        "title": TITLE,
        "note": None,
    }


def test_a_damaged_sealed_value_is_reported_not_a_crash(values):
    subject = str(uuid4())
    sealed = values.seal({"title": Personal(subject, TITLE)})["title"]
    with pytest.raises(SealedValueInvalid):
        values.open([{"title": sealed[:-3] + "!!!"}])
    assert values.open([{"title": PREFIX + "no-subject"}]) == [{"title": ERASED}]
