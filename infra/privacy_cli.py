"""`gov keys …` (master keys), `gov person erase …` (erasure by key destruction) and
`gov privacy …` (the erasure journal that a restore from a backup replays)."""

from __future__ import annotations

from pathlib import Path

import typer

from application.erasure_journal import from_lines, journal_entries, reapply, to_lines
from application.principals import Principal
from domain.errors import DomainError
from domain.people import ErasureBasis, person_id_for
from infra.container import Container, build_container
from infra.keystore import build_key_table, build_keyring, key_table, new_master_key
from infra.settings import Settings

keys_cli = typer.Typer(
    help="Master keys that wrap each person's data key", no_args_is_help=True
)
person_cli = typer.Typer(help="People's personal data", no_args_is_help=True)


@keys_cli.command("generate")
def generate() -> None:
    """Print a new random master key (32 bytes, url-safe base64) for GOV_MASTER_KEY or a key file."""
    typer.echo(new_master_key())


@keys_cli.command("rotate")
def rotate() -> None:
    """Re-wrap every person's key under the current master key (GOV_MASTER_KEY); the old master
    key must still be listed in GOV_PREVIOUS_MASTER_KEYS while this runs, and can be dropped after."""
    keyring = build_keyring(Settings())
    if keyring is None:
        typer.echo("error: personal data encryption is off", err=True)
        raise typer.Exit(2)
    try:
        typer.echo(
            f"re-wrapped {keyring.rotate()} keys under master key {keyring.masters.current_id}"
        )
    finally:
        key_table(keyring).close()


@person_cli.command("erase")
def erase(
    ref: str,
    basis: ErasureBasis = typer.Option(..., help="ground of PIPL art. 47"),
    reference: str = typer.Option(
        ..., help="case or application number (no personal data)"
    ),
    by: str = typer.Option(..., help="ref of the administrator who decided it"),
) -> None:
    """Erase a person: record it, then destroy their key; their personal fields then read as erased."""
    container = build_container(Settings(), start=False)
    try:
        admin = Principal.of(container.ledger.person(person_id_for(by)))
        answer = container.erasure.erase(admin, person_id_for(ref), basis, reference)
        container.runner.catch_up()
        typer.echo(
            f"erased {ref} (person {answer['person_id']}) at log position {answer['position']}"
        )
    except DomainError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


privacy_cli = typer.Typer(
    help="Backups and erasures (docs/privacy.md, Backups)", no_args_is_help=True
)


def erased_keys(container: Container) -> list[tuple[str, str]]:
    """(subject, erased at) of every destroyed key, from the key table infra built."""
    keyring = container.ledger.keyring
    if keyring is None:
        typer.echo(
            "error: personal-data encryption is off: there are no keys", err=True
        )
        raise typer.Exit(1)
    return key_table(keyring).erased()


@privacy_cli.command("export-erasures")
def export_erasures(
    file: Path = typer.Argument(..., help="where to write the journal (JSON lines)"),
) -> None:
    """Write the erasure journal: every erased person's id, ref, time, basis and case reference.
    Keep it apart from the database backups, and export it again after every erasure."""
    container = build_container(Settings(), start=False)
    try:
        entries = journal_entries(container.ledger, erased_keys(container))
        file.write_text(to_lines(entries), encoding="utf-8")
        typer.echo(f"wrote {len(entries)} erasures to {file}")
    finally:
        container.close()


@privacy_cli.command("reapply-erasures")
def reapply_erasures(
    file: Path = typer.Argument(..., help="an erasure journal (export-erasures)"),
    by: str = typer.Option(..., help="ref of the administrator who re-applies them"),
) -> None:
    """After a restore from a backup: erase again everyone the journal lists (idempotent)."""
    container = build_container(Settings(), start=False)
    try:
        admin = Principal.of(container.ledger.person(person_id_for(by)))
        outcome = reapply(
            container.erasure, admin, from_lines(file.read_text(encoding="utf-8"))
        )
        container.runner.catch_up()
        typer.echo(", ".join(f"{what} {n}" for what, n in outcome.items()))
    except DomainError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


@privacy_cli.command("purge")
def purge() -> None:
    """Clear destroyed keys off the key store's files (SQLite: empty its write-ahead log;
    PostgreSQL: VACUUM FULL gov_person_keys). Every erasure does it; run it as the key
    table's owner when the service's own role may not vacuum it (docs/privacy.md)."""
    table = build_key_table(Settings())
    try:
        table.purge()
        typer.echo(f"purged the key store; {table.erasures()} keys destroyed in all")
    finally:
        table.close()
