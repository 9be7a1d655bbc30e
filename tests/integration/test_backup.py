"""`gov backup` during writes and `gov restore` into a fresh place (docs/operations.md §backups).

The backup is a consistent snapshot (the restored log is exactly the original's first
`log_head` events, none lost to the write-ahead log), the restored service serves that
head and its log verifies against the manifest's signed checkpoint, and an erasure made
after the backup is still in force after the restore (PIPL-47).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from application.principals import Principal
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.app import create_app
from infra.backup import take_backup
from infra.container import Container, build_container
from infra.restore import restore_backup
from infra.settings import Settings
from tests.api.problem_helpers import API, RAISE
from tests.conftest import PG
from tests.integration.backup_helpers import fresh_target, gov

RESIDENT = "P0040"


def positions_and_topics(container: Container, up_to: int) -> list[tuple[int, str]]:
    found, start = [], 1
    while start <= up_to:
        batch = container.ledger.recorder.select_notifications(
            start=start, limit=500, stop=up_to
        )
        if not batch:
            break
        found += [(n.id, n.topic) for n in batch]
        start = batch[-1].id + 1
    return found


def backup_during_writes(container: Container, out: Path) -> list[str]:
    """`gov backup` in its own process while this one keeps raising requests."""
    stop, raised = threading.Event(), []
    resident = Principal.of(container.ledger.person(person_id_for("P0038")))

    def write() -> None:
        while not stop.is_set():
            answer = container.requests.raise_request(
                resident, title=RAISE["title"], description=RAISE["description"],
                category=Category(RAISE["category"]),
            )  # fmt: skip
            raised.append(answer["request_id"])

    writer = threading.Thread(target=write)
    writer.start()
    try:
        done = gov(container.settings, "backup", str(out))
    finally:
        stop.set()
        writer.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert raised, "no write ran during the backup"
    return raised


def erase_after_the_backup(settings: Settings, journal: Path) -> None:
    erased = gov(
        settings, "person", "erase", RESIDENT, "--basis", "consent_withdrawn",
        "--reference", "PIPL-2026-077", "--by", "P0001",
    )  # fmt: skip
    assert erased.returncode == 0, erased.stderr
    exported = gov(settings, "privacy", "export-erasures", str(journal))
    assert exported.returncode == 0, exported.stderr


def test_a_backup_taken_during_writes_restores_whole_and_verified_PIPL_47(
    container, tmp_path_factory
):
    out, journal = (
        tmp_path_factory.mktemp("backup") / "b",
        tmp_path_factory.mktemp("apart") / "erasures.jsonl",
    )
    raised = backup_during_writes(container, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["checkpoint"]["size"] >= 1 and manifest["log_head"] >= 1
    erase_after_the_backup(container.settings, journal)
    with fresh_target(container.settings, tmp_path_factory.mktemp("fresh")) as target:
        restored = gov(
            target, "restore", str(out), "--erasures", str(journal), "--by", "P0001"
        )
        assert restored.returncode == 0, restored.stderr
        assert "恢复完成" in restored.stdout and "erased 1" in restored.stdout
        check_restored(container, target, manifest, raised)


def check_restored(
    original: Container, target: Settings, manifest: dict, raised: list[str]
) -> None:
    head = manifest["log_head"]
    again = build_container(target, start=False)
    try:
        # the restore appended the erasure made after the backup, nothing else
        assert positions_and_topics(again, head) == positions_and_topics(original, head)
        assert again.ledger.position() > head
        assert again.view.position() == again.ledger.position()
        assert again.ledger.person(person_id_for(RESIDENT)).erased
        key = again.ledger.keyring.table.get(str(person_id_for(RESIDENT)))
        assert key is not None and key.wrapped is None, "the erased key came back"
        kept = [rid for rid in raised if again.view.request(rid) is not None]
        assert kept and all(
            again.view.request(r)["title"] == RAISE["title"] for r in kept
        )
        token = again.tokens.issue(str(person_id_for("P0038")))
        served = TestClient(create_app(container=again)).get(
            f"{API}/requests/{kept[0]}", headers={"Authorization": f"Bearer {token}"}
        )
        assert served.status_code == 200 and served.json()["title"] == RAISE["title"]
        assert again.audit.head()["size"] >= manifest["checkpoint"]["size"]
    finally:
        again.close()


def test_a_fresh_database_with_its_empty_schema_is_restored_into(
    container, tmp_path_factory
):
    """PostgreSQL: a new database already has an empty `public`; SQLite: an empty file."""
    backup = tmp_path_factory.mktemp("backup") / "b"
    manifest = take_backup(container, backup)
    with fresh_target(container.settings, tmp_path_factory.mktemp("fresh")) as target:
        make_empty_place(target)
        restore_backup(backup, target)
        again = build_container(target, start=False)
        try:
            assert again.ledger.position() == manifest["log_head"]
            assert again.view.position() == manifest["log_head"]
        finally:
            again.close()


def make_empty_place(target: Settings) -> None:
    if target.backend == "sqlite":
        target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(target.sqlite_path).close()
        return
    database = {**PG, "dbname": target.postgres_dbname}
    with psycopg.connect(**database, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{target.postgres_schema}"')
