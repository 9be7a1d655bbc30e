"""`gov restore` refuses a backup that is not whole, and changes nothing.

An altered file or a key store from another backup differ from the manifest's
sha256; an event altered with the manifest rewritten to match fails the check
against the signed checkpoint; a target that already holds events is refused.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest

from application.principals import Principal
from domain.people import ErasureBasis, person_id_for
from domain.vocabulary import Category
from infra.backup import MANIFEST, file_entry, take_backup
from infra.container import Container
from infra.restore import restore_backup
from infra.settings import Settings
from tests.conftest import PG
from tests.integration.backup_helpers import fresh_target, gov


def change_people_and_keys(container: Container) -> None:
    """A request raised and a person erased: the log and the key store both change."""
    resident = Principal.of(container.ledger.person(person_id_for("P0038")))
    container.requests.raise_request(
        resident, title="楼道堆物", description="2单元", category=Category("safety")
    )
    admin = Principal.of(container.ledger.person(person_id_for("P0001")))
    container.erasure.erase(
        admin, person_id_for("P0041"), ErasureBasis.CONSENT_WITHDRAWN, "PIPL-1"
    )


def backed_up(container: Container, where: Path) -> Path:
    take_backup(container, where)
    return where


def target_untouched(target: Settings) -> bool:
    if target.backend == "sqlite":
        return not target.sqlite_path.exists()
    with psycopg.connect(**{**PG, "dbname": target.postgres_dbname}) as conn:
        found = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
            (target.postgres_schema,),
        ).fetchone()
    return found is None


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def the_data_file(backup: Path) -> Path:
    names = [f["name"] for f in json.loads((backup / MANIFEST).read_text())["files"]]
    name = next(n for n in names if n.endswith((".dump", "ledger.sqlite")))
    return backup / name


def test_an_altered_file_is_refused_by_its_hash(container, tmp_path_factory):
    backup = backed_up(container, tmp_path_factory.mktemp("b") / "one")
    flip_a_byte(the_data_file(backup))
    with fresh_target(container.settings, tmp_path_factory.mktemp("t")) as target:
        refused = gov(target, "restore", str(backup))
        assert refused.returncode == 2, refused.stdout
        assert "sha256" in refused.stderr and "Traceback" not in refused.stderr
        assert target_untouched(target)


def test_a_data_file_from_another_backup_is_refused(container, tmp_path_factory):
    """SQLite: the key store of another backup; PostgreSQL: the other backup's dump."""
    first = backed_up(container, tmp_path_factory.mktemp("b") / "first")
    change_people_and_keys(container)
    second = backed_up(container, tmp_path_factory.mktemp("b") / "second")
    name = "ledger.keys.sqlite" if container.settings.backend == "sqlite" else None
    swapped = second / name if name else the_data_file(second)
    shutil.copy2(swapped, first / swapped.name)
    with fresh_target(container.settings, tmp_path_factory.mktemp("t")) as target:
        refused = gov(target, "restore", str(first))
        assert refused.returncode == 2 and "另一次备份" in refused.stderr
        assert target_untouched(target)


def test_an_event_altered_with_a_matching_manifest_fails_the_checkpoint(
    container, tmp_path_factory
):
    if container.settings.backend != "sqlite":
        pytest.skip("the SQLite file is edited in place; PostgreSQL's dump is binary")
    backup = backed_up(container, tmp_path_factory.mktemp("b") / "one")
    ledger = backup / "ledger.sqlite"
    with sqlite3.connect(ledger) as conn:
        for (trigger,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("UPDATE stored_events SET state = X'00' WHERE rowid = 5")
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["files"] = [
        file_entry(backup / f["name"]) for f in manifest["files"]
    ]  # the forger rewrites the hashes too
    (backup / MANIFEST).write_text(json.dumps(manifest))
    with fresh_target(container.settings, tmp_path_factory.mktemp("t")) as target:
        refused = gov(target, "restore", str(backup))
        assert refused.returncode == 2, refused.stdout
        assert "签名检查点不符" in refused.stderr and "Traceback" not in refused.stderr
        assert target_untouched(target)


def test_a_target_that_holds_events_is_refused(container, tmp_path_factory):
    backup = backed_up(container, tmp_path_factory.mktemp("b") / "one")
    before = container.ledger.position()
    with pytest.raises(Exception, match="已有事件|已有表"):
        restore_backup(backup, container.settings)
    assert container.ledger.position() == before
