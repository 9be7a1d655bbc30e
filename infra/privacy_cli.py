"""`gov keys …` (master keys) and `gov person erase …` (erasure by key destruction)."""

from __future__ import annotations

import typer

from application.principals import Principal
from domain.errors import DomainError
from domain.people import ErasureBasis, person_id_for
from infra.container import build_container
from infra.keystore import build_keyring, new_master_key
from infra.settings import Settings

keys_cli = typer.Typer(help="Master keys that wrap each person's data key", no_args_is_help=True)
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
        typer.echo(f"re-wrapped {keyring.rotate()} keys under master key {keyring.masters.current_id}")
    finally:
        keyring.table.close()  # type: ignore[attr-defined]


@person_cli.command("erase")
def erase(ref: str, basis: ErasureBasis = typer.Option(..., help="ground of PIPL art. 47"),
          reference: str = typer.Option(..., help="case or application number (no personal data)"),
          by: str = typer.Option(..., help="ref of the administrator who decided it")) -> None:
    """Erase a person: record it, then destroy their key; their personal fields then read as erased."""
    container = build_container(Settings(), start=False)
    try:
        admin = Principal.of(container.ledger.person(person_id_for(by)))
        answer = container.erasure.erase(admin, person_id_for(ref), basis, reference)
        container.runner.catch_up()
        typer.echo(f"erased {ref} (person {answer['person_id']}) at log position {answer['position']}")
    except DomainError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()
