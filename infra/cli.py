"""The `gov` command: serve, worker, registry import, demo data, tokens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import typer

from application.authentication import Authentication
from domain.actors import SYSTEM
from domain.errors import UnknownPerson
from domain.people import person_id_for
from infra import demo_deliberation
from infra.audit_cli import audit_cli
from infra.container import build_container
from infra.privacy_cli import keys_cli, person_cli, privacy_cli
from infra.registry_file import RegistryFileError, demo_registry_path, load_registry_file
from infra.settings import Settings

cli = typer.Typer(help="五级双向社区治理台账 — governance ledger", no_args_is_help=True)
registry_cli = typer.Typer(help="The five-level registry", no_args_is_help=True)
demo_cli = typer.Typer(help="Demo data", no_args_is_help=True)
cli.add_typer(registry_cli, name="registry")
cli.add_typer(demo_cli, name="demo")
cli.add_typer(keys_cli, name="keys")
cli.add_typer(person_cli, name="person")
cli.add_typer(privacy_cli, name="privacy")
tokens_cli = typer.Typer(help="Bearer tokens", no_args_is_help=True)
cli.add_typer(tokens_cli, name="tokens")
cli.add_typer(audit_cli, name="audit")


def import_file(path: Path, settings: Settings, demo: bool = False) -> int:
    units, people = load_registry_file(path)
    container = build_container(settings, start=False)
    try:
        written = container.registry.import_tree(SYSTEM, units, people)["events_written"]
        if demo and written:  # a first load of the demo district also gets its demo deliberations
            demo_deliberation.seed(container)
        container.runner.catch_up()
        return written
    finally:
        container.close()


@registry_cli.command("import")
def registry_import(file: Path) -> None:
    """Load a whole tree (format gov-registry/1); importing the same file twice changes nothing."""
    try:
        written = import_file(file, Settings())
    except RegistryFileError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"imported {file}: {written} events written")


@demo_cli.command("load")
def demo_load() -> None:
    """Load the fictional demo district (澄溪区) with its people."""
    written = import_file(demo_registry_path(), Settings(), demo=True)
    typer.echo(f"demo data loaded: {written} events written")


@cli.command()
def token(person_ref: str, ttl_hours: int = typer.Option(12, help="validity in hours")) -> None:
    """Print a bearer token for a person (e.g. P0038, a demo resident)."""
    settings = Settings()
    container = build_container(settings, start=False)
    try:
        person = container.ledger.person(person_id_for(person_ref))
        typer.echo(container.tokens.issue(str(person.id), ttl_seconds=ttl_hours * 3600))
    except UnknownPerson:
        typer.echo(f"error: no person with ref {person_ref!r} (demo refs: P0001..P0338)", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


@tokens_cli.command("revoke")
def tokens_revoke(person_ref: str, reason: str = typer.Option(..., help="why (recorded with the revocation)")) -> None:
    """Refuse every token issued to a person until now (e.g. a leaked token); new tokens work."""
    container = build_container(Settings(), start=False)
    try:
        revoked = Authentication(container.ledger, container.tokens).revoke(SYSTEM, person_ref, reason)
        typer.echo(f"tokens of {person_ref} issued before {revoked['tokens_revoked_before']} are revoked")
    except UnknownPerson:
        typer.echo(f"error: no person with ref {person_ref!r}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


@cli.command()
def scheduler(once: bool = typer.Option(False, help="one pass, then exit")) -> None:
    """Record passed deadlines (and automatic escalations) alone, without serving."""
    settings = Settings()
    container = build_container(settings.model_copy(update={"scheduler_in_process": False}), start=True)
    try:
        if once:
            typer.echo(container.scheduler.run_once())
            return
        container.scheduler.start()
        _wait_for_signal(container)
    finally:
        container.close()


def _wait_for_signal(container) -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(0.5):
        container.runner.check()  # a dead projection thread ends the process, so it can be restarted


@cli.command()
def worker() -> None:
    """Run the projections and the deadline scheduler in this process until stopped (SIGINT/SIGTERM)."""
    settings = Settings()
    container = build_container(settings, start=True)
    typer.echo(f"worker running on {settings.backend}", err=True)
    try:
        _wait_for_signal(container)
    finally:
        container.close()


@cli.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          demo: bool = typer.Option(True, help="load the demo data into an empty database")) -> None:
    """Run the HTTP service (SQLite by default). Several workers need PostgreSQL."""
    import uvicorn

    settings = Settings()
    settings.check_secure()
    if workers > 1 and settings.backend == "sqlite":
        typer.echo("error: --workers > 1 needs PostgreSQL (set GOV_DATABASE_URL)", err=True)
        raise typer.Exit(2)
    _maybe_load_demo(settings, demo)
    projector = _start_worker_process() if workers > 1 else None
    if projector:  # the worker process runs the projections and the scheduler for all API processes
        os.environ["GOV_PROJECTIONS_IN_PROCESS"] = "false"
        os.environ["GOV_SCHEDULER_IN_PROCESS"] = "false"
    try:
        uvicorn.run("infra.asgi:app", factory=True, host=host, port=port, workers=workers)
    finally:
        if projector:
            projector.terminate()
            projector.wait(10)


def _maybe_load_demo(settings: Settings, demo: bool) -> None:
    container = build_container(settings, start=False)
    try:
        empty = container.ledger.position() == 0
    finally:
        container.close()
    if empty and demo and settings.mode == "development":
        written = import_file(demo_registry_path(), settings, demo=True)
        typer.echo(f"empty database: loaded the demo district ({written} events). Try: gov token P0038", err=True)
    elif empty:
        typer.echo("empty database: load data with `gov registry import FILE` or `gov demo load`", err=True)


def _start_worker_process() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "infra.cli", "worker"])


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
