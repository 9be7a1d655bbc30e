"""Personal data at rest only as ciphertext, and a destroyed key gone from the files (PIPL-47).

A resident with a distinctive name, phone and address is registered, raises a request that
repeats them, proposes a topic, and staff write task notes; then every stored byte (the
SQLite files with their write-ahead logs, or a pg_dump plus every relation file of the
schema) is searched for those words, before and after the resident is erased, and for the
resident's wrapped key after the erasure."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

import psycopg
import pytest

from application.privacy.view_values import PREFIX
from application.registry.service import PersonSpec
from domain.actors import SYSTEM
from domain.people import person_id_for
from domain.personal import ERASED
from infra.registry_file import demo_registry_path, load_registry_file
from tests.api.erasure_helpers import erased_through_the_api, in_clear
from tests.api.stored_files import holding, relation_names, stored_files
from tests.api.test_erasure_stored_bytes import KNOWN, tasked
from tests.conftest import PG

LEADER, COMMUNITY = "P0037", "P0010"
NAME, PHONE, ADDRESS = "欧阳霁岚", "17190224468", "栖霞岭路77号榕荫里9幢"
PLANTED = PersonSpec(
    ref="P0777", name=NAME, phone=PHONE, address=ADDRESS, home_group="CX010101"
)
NOTES = (
    KNOWN[7],
    KNOWN[8],
    "已通知一半住户",
)  # staff notes on task assignments (gov_assignments.note)
VIEW_TABLES = {
    "gov_people",
    "gov_requests",
    "gov_request_events",
    "gov_topics",
    "gov_assignments",
    "gov_person_keys",
    "gov_access_log",
    "gov_audit_leaves",
}


def plant(client, auth, container) -> str:
    """The resident registered, their request raised and escalated, their topic proposed."""
    units, people = load_registry_file(demo_registry_path())
    container.registry.import_tree(SYSTEM, units, [*people, PLANTED])
    raised = client.post(
        "/api/v1/requests",
        headers=auth(PLANTED.ref),
        json={
            "title": f"{NAME}家门口积水",
            "description": f"联系{PHONE}，住{ADDRESS}",
            "location": ADDRESS,
            "category": "neighbours",
        },
    )
    assert raised.status_code == 201, raised.text
    rid = raised.json()["request_id"]
    escalated = client.post(
        f"/api/v1/requests/{rid}/escalate",
        headers=auth(LEADER),
        json={"reason": f"{NAME}要求社区协调，电话{PHONE}"},
    )
    assert escalated.status_code == 200, escalated.text
    topic = client.post(
        "/api/v1/topics",
        headers=auth(PLANTED.ref),
        json={
            "community": "CX0101",
            "category": "community_residents",
            "proposer_kind": "resident",
            "channel": "wechat",
            "title": f"{NAME}提议修缮{ADDRESS}",
            "description": f"电话{PHONE}",
            "linked_requests": [],
        },
    )
    assert topic.status_code == 201, topic.text
    assert container.runner.wait_for(container.ledger.position(), 10)
    return rid


def read_request(client, auth, rid: str) -> dict[str, Any]:
    answer = client.get(
        f"/api/v1/requests/{rid}", headers=auth(COMMUNITY), params={"min_position": 1}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def leaks(files: dict[str, bytes], texts: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (name, text)
        for name, data in files.items()
        for text in texts
        if in_clear(data, text)
    ]


def test_no_stored_file_holds_personal_data_in_clear_before_or_after_erasure_PIPL_47(
    client, auth, container
):
    rid = plant(client, auth, container)
    tasked(client, auth)
    assert container.runner.wait_for(container.ledger.position(), 10)
    shown = read_request(client, auth, rid)
    assert (shown["resident_name"], shown["title"]) == (NAME, f"{NAME}家门口积水"), (
        "reads decrypt"
    )
    secrets = (NAME, PHONE, ADDRESS, *NOTES)
    before = stored_files(container.settings)
    assert holding(before, b"neighbours") and holding(before, b"P0777"), (
        "the scan reads the data"
    )
    if container.settings.backend == "postgres":
        assert relation_names(container.settings) >= VIEW_TABLES, (
            "every table's files are read"
        )
    assert not leaks(before, secrets), "personal data stored in clear"

    position = erased_through_the_api(client, auth, PLANTED.ref)
    assert container.runner.wait_for(position, 10)
    after = stored_files(container.settings)
    assert not leaks(after, secrets), "personal data stored in clear after the erasure"
    erased = read_request(client, auth, rid)
    assert (erased["resident_name"], erased["title"]) == (ERASED, ERASED)


def test_a_destroyed_key_is_gone_from_the_database_files_PIPL_47(
    client, auth, container
):
    plant(client, auth, container)
    subject = str(person_id_for(PLANTED.ref))
    wrapped = container.ledger.keyring.table.get(subject).wrapped
    assert holding(stored_files(container.settings), wrapped), (
        "the wrapped key is found while it lives"
    )

    erased_through_the_api(client, auth, PLANTED.ref)
    assert container.ledger.keyring.table.get(subject).wrapped is None
    files = stored_files(container.settings)
    assert not holding(files, wrapped), (
        "the destroyed key can still be read from the files"
    )
    assert holding(files, subject.encode()), "the erasure itself stays recorded"


def test_sqlite_connections_overwrite_deleted_content(container):
    if container.settings.backend != "sqlite":
        pytest.skip(
            "secure_delete is SQLite's; PostgreSQL's key table is vacuumed instead"
        )
    datastores = (
        container.ledger.recorder.datastore,
        container.view.datastore,
        container.ledger.keyring.table.datastore,
    )
    for datastore in datastores:
        with datastore.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1


def test_a_view_restored_from_before_an_erasure_shows_nothing_of_the_erased_PIPL_47(
    client, auth, container
):
    """The view's rows as a backup taken before the erasure held them, written back after it."""
    rid = plant(client, auth, container)
    select = "SELECT title FROM {s}gov_requests WHERE request_id = %(rid)s"
    backup = raw(container, select, rid=rid)[0][0]
    assert backup.startswith(PREFIX) and NAME not in backup, (
        "the view holds the title sealed"
    )
    position = erased_through_the_api(client, auth, PLANTED.ref)
    assert container.runner.wait_for(position, 10)
    raw(
        container,
        "UPDATE {s}gov_requests SET title = %(title)s WHERE request_id = %(rid)s",
        rid=rid,
        title=backup,
    )
    assert raw(container, select, rid=rid)[0][0] == backup, "the old row is back"
    assert read_request(client, auth, rid)["title"] == ERASED


def raw(container, sql: str, **params: Any) -> list[tuple]:
    """SQL straight on the view's database, as its owner could (`{s}` is the schema prefix)."""
    settings = container.settings
    if settings.backend == "sqlite":
        sql = sql.format(s="").replace("%(rid)s", ":rid").replace("%(title)s", ":title")
        with closing(sqlite3.connect(settings.sqlite_path)) as conn, conn:
            return conn.execute(sql, params).fetchall()
    with psycopg.connect(**PG, autocommit=True) as conn:
        cursor = conn.execute(sql.format(s=f'"{settings.postgres_schema}".'), params)
        return cursor.fetchall() if cursor.description else []
