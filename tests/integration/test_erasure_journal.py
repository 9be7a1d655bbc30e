"""A restore from a backup taken before an erasure brings the erased person back; replaying
the erasure journal (`gov privacy export-erasures`, then `reapply-erasures` on the restored
database) erases them again: recorded, key destroyed, views erased (PIPL-47)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
from typer.testing import CliRunner

from application.principals import Principal
from domain.people import person_id_for
from domain.personal import ERASED
from domain.vocabulary import Category
from infra.cli import cli
from infra.container import build_container
from infra.settings import Settings
from tests.api.stored_files import PG_DUMP
from tests.conftest import PG, cli_env, load_demo

RESIDENT, TITLE = "P0038", "沈家楼顶漏水三年未修"


def test_a_restore_from_before_an_erasure_is_erased_again_by_the_journal_PIPL_47(
    settings, tmp_path_factory
):
    kept_apart = tmp_path_factory.mktemp("kept-apart")  # not the database's folder
    rid = raised_before_the_backup(settings)
    backup = take_backup(settings, kept_apart / "backup")
    journal = kept_apart / "erasures.jsonl"
    cli_ok(
        settings,
        "person",
        "erase",
        RESIDENT,
        "--basis",
        "consent_withdrawn",
        "--reference",
        "PIPL-2026-031",
        "--by",
        "P0001",
    )
    cli_ok(settings, "privacy", "export-erasures", str(journal))
    assert (
        str(person_id_for(RESIDENT)) in journal.read_text()
        and TITLE not in journal.read_text()
    )

    restore(settings, backup)
    assert title_and_erased(settings, rid) == (TITLE, False), (
        "the restore brought them back"
    )
    answer = cli_ok(
        settings, "privacy", "reapply-erasures", str(journal), "--by", "P0001"
    )
    assert "erased 1" in answer
    assert title_and_erased(settings, rid) == (ERASED, True)
    again = cli_ok(
        settings, "privacy", "reapply-erasures", str(journal), "--by", "P0001"
    )
    assert "already 1" in again and "erased 0" in again, (
        "replaying twice changes nothing"
    )


def raised_before_the_backup(settings: Settings) -> str:
    container = build_container(settings, start=False)
    try:
        load_demo(container)
        resident = Principal.of(container.ledger.person(person_id_for(RESIDENT)))
        answer = container.requests.raise_request(
            resident,
            title=TITLE,
            description="三楼天花板渗水",
            category=Category("facilities"),
        )
        container.runner.catch_up()
        return answer["request_id"]
    finally:
        container.close()


def title_and_erased(settings: Settings, rid: str) -> tuple[str, bool]:
    container = build_container(settings, start=False)
    try:
        container.runner.catch_up()
        person = container.ledger.person(person_id_for(RESIDENT))
        key = container.ledger.keyring.table.get(str(person.id))
        assert person.erased == (key.wrapped is None), (
            "recorded erased exactly when the key is gone"
        )
        return container.view.request(rid)["title"], person.erased
    finally:
        container.close()


def cli_ok(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=cli_env(settings))
    assert result.exit_code == 0, result.output
    return result.output


def take_backup(settings: Settings, where: Path) -> Path:
    """Every file of the SQLite folder, or a pg_dump of the schema (events, views and keys)."""
    where.mkdir()
    if settings.backend == "sqlite":
        for file in settings.sqlite_path.parent.iterdir():
            if file.is_file():
                shutil.copy2(file, where / file.name)
        return where
    dump = where / "schema.sql"
    subprocess.run(
        [
            PG_DUMP,
            "-h",
            PG["host"],
            "-U",
            PG["user"],
            "-d",
            PG["dbname"],
            "-n",
            f'"{settings.postgres_schema}"',
            "-f",
            str(dump),
        ],
        check=True,
        timeout=60,
    )
    return dump


def restore(settings: Settings, backup: Path) -> None:
    if settings.backend == "sqlite":
        for file in settings.sqlite_path.parent.iterdir():
            if file.is_file():
                file.unlink()
        for file in backup.iterdir():
            shutil.copy2(file, settings.sqlite_path.parent / file.name)
        return
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{settings.postgres_schema}" CASCADE')
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            PG["host"],
            "-U",
            PG["user"],
            "-d",
            PG["dbname"],
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            str(backup),
        ],
        check=True,
        timeout=60,
        capture_output=True,
    )
