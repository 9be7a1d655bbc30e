"""`gov audit …`: export a bundle, verify one offline, print the log's public key, witness the log."""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from application.audit.integrity import LedgerTampered
from application.audit.notes import NoteError, VerifierKey
from application.audit.scopes import AuditExports
from application.audit.verify import verify_bundle
from domain.errors import DomainError
from infra.audit_progress import in_phases, verify_log_with_progress

audit_cli = typer.Typer(
    help="防篡改审计日志 Tamper-evident audit log (docs/audit.md)", no_args_is_help=True
)


class RunnerStuck(Exception):
    """A runner cannot apply the log past a position (docs/operations.md)."""


def _container():
    from infra.container import build_container
    from infra.settings import Settings

    return build_container(Settings(), start=False)


def _sealed_and_signed(container) -> None:
    """Bring the views and the sealed log up to the head, and sign a checkpoint of it if none covers it."""
    container.runner.catch_up()
    parts = container.audit_parts
    parts.sealing.catch_up()
    for runner in (container.runner, parts.sealing):
        stuck = getattr(runner, "progress", None) and runner.progress.stuck
        if stuck:  # the bundle would miss what the runner cannot apply: say why instead of waiting for it
            raise RunnerStuck(
                f"{stuck.runner} is stuck at log position {stuck.position}: {stuck.error}"
            )
    head = parts.store.latest_checkpoint()
    if head is None or head["size"] < parts.store.size():
        try:
            parts.sealing.checkpointer.checkpoint(parts.store.size())
        except (
            LedgerTampered
        ) as refused:  # export anyway, against the last checkpoint: it locates the edit
            typer.echo(
                f"warning: {refused.detail}; exporting against the last signed checkpoint",
                err=True,
            )


@audit_cli.command("export")
def export(
    out: Path = typer.Option(..., "--out", "-o", help="bundle file to write"),
    request: str | None = typer.Option(None, help="one request id"),
    topic: str | None = typer.Option(
        None, help="one deliberation topic id (with its sittings)"
    ),
    unit: str | None = typer.Option(
        None, help="a unit code: the unit and every unit below it"
    ),
    since: datetime | None = typer.Option(
        None, help="time window start (UTC if no offset)"
    ),
    until: datetime | None = typer.Option(None, help="time window end"),
) -> None:
    """Write a self-contained bundle (events as stored, leaves, proofs, checkpoints, keys) for one scope."""
    window = (since, until) if since is not None and until is not None else None
    if sum(scope is not None for scope in (request, topic, unit, window)) != 1:
        typer.echo(
            "error: give exactly one of --request, --topic, --unit, or --since with --until",
            err=True,
        )
        raise typer.Exit(2)
    container = _container()
    try:
        bundle = _exported(container, request, topic, unit, window)
    except (DomainError, RunnerStuck) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        container.close()
    out.write_text(json.dumps(bundle, ensure_ascii=False, indent=1))
    typer.echo(
        f"wrote {out}: {len(bundle['entries'])} events, checkpoint of {bundle['head_size']} leaves"
    )
    for line in damage_lines(bundle):
        typer.echo(line, err=True)


def _exported(container: Any, *scope: Any) -> dict[str, Any]:
    """The bundle, after the views and the sealed log reached the head, with its phases shown."""
    return in_phases(
        "导出 export",
        [
            ("更新视图并封存", lambda: _sealed_and_signed(container)),
            ("收集事件与证明", lambda: _bundle(container.audit_parts.exports, *scope)),
        ],
    )


def _bundle(
    exports: AuditExports,
    request: str | None,
    topic: str | None,
    unit: str | None,
    window: tuple[datetime, datetime] | None,
) -> dict[str, Any]:
    """The bundle of the one scope given (`export` checked there is exactly one)."""
    if request is not None:
        return exports.request(request)
    if topic is not None:
        return exports.topic(topic)
    if unit is not None:
        return exports.unit(unit)
    if window is not None:
        return exports.window(*window)
    raise ValueError("no scope given")


def damage_lines(bundle: dict) -> list[str]:
    """What the export found wrong with the log: sealed events without their row, rows no checkpoint covers."""
    gone = [
        f"MISSING [leaf {e['leaf_index']}, position {json.loads(e['envelope'])['position']}]: the sealed "
        "event no longer has a row in the log"
        for e in bundle["entries"]
        if e["event"] is None
    ]
    stray = [
        f"UNCOVERED [position {r['position']}]: a row of {r['aggregate_id']} v{r['version']} no checkpoint "
        "covers"
        for r in bundle["manifest"].get("uncovered", [])
    ]
    return [f"warning: {line}" for line in gone + stray]


@audit_cli.command("verify")
def verify(
    bundle: Path,
    key: str | None = typer.Option(None, help="the log key you trust (gov audit key)"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Verify a bundle offline (no database, no server); exit 1 and say what is wrong if anything is."""
    try:
        pinned = VerifierKey.parse(key) if key else None
        data = json.loads(bundle.read_text())
    except (OSError, ValueError, NoteError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    report = in_phases("核验 verify", [("核验包", lambda: verify_bundle(data, pinned))])
    if not key:
        report.proven.append(
            "note: trusting the log key shipped in the bundle; pin it with --key"
        )
    typer.echo(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=1)
        if as_json
        else report.text(),
        nl=False,
    )
    raise typer.Exit(0 if report.ok else 1)


@audit_cli.command("key")
def key() -> None:
    """Print the log's public verifier key (give it to auditors and witnesses)."""
    from infra.audit_keys import load_log_signer
    from infra.settings import Settings

    typer.echo(load_log_signer(Settings()).verifier_key().text())


@audit_cli.command("witness-key")
def witness_key(
    name: str = typer.Option(..., help="your witness name, e.g. witness.P0028"),
    out: Path = typer.Option(..., "--out", "-o", help="private key file to create"),
) -> None:
    """Generate a witness key; register the printed public key (or run `witness --register`)."""
    from infra.witness_cli import key_command

    key_command(name, out)


@audit_cli.command("witness")
def witness(
    api: str = typer.Option("http://127.0.0.1:8000/api/v1", help="the service's API"),
    token: str = typer.Option(..., envvar="GOV_TOKEN", help="your bearer token"),
    key_file: Path = typer.Option(..., help="from gov audit witness-key"),
    log_key: str = typer.Option(..., help="the log key you trust (gov audit key)"),
    state: Path = typer.Option(
        Path("witness-state.json"), help="the last checkpoint you cosigned"
    ),
    register: bool = typer.Option(False, help="register the key first"),
) -> None:
    """Fetch the newest checkpoint, verify it extends the one you cosigned last, and cosign it."""
    from infra.witness_cli import witness_command

    witness_command(api, token, key_file, log_key, state, register)


def _read_dossier(container, principal, item_id: str, topic: bool) -> dict:
    """As the API would answer `principal`: checked against the dossier's row of the access matrix."""
    from application.access import Reach, check
    from application.access_matrix import MATRIX
    from application.deliberation_queries import topic_reach

    if topic:
        reach = topic_reach(container.ledger, container.ledger.topic(item_id))
        check(
            MATRIX["audit.dossier_topic"], principal, reach, container.ledger.registry()
        )
        return container.audit_parts.topic_dossiers.topic(item_id)
    owner, units = container.queries.request_reach(item_id)
    check(
        MATRIX["audit.dossier_request"],
        principal,
        Reach(tuple(units), owner),
        container.ledger.registry(),
    )
    return container.audit_parts.dossiers.request(item_id)


class DossierFormat(str, Enum):
    JSON = "json"
    MD = "md"
    HTML = "html"


@audit_cli.command("dossier")
def dossier(
    item_id: str,
    reader: str = typer.Option(
        ..., "--as", help="whose jurisdiction applies, e.g. P0028"
    ),
    out: Path = typer.Option(..., "--out", "-o"),
    fmt: DossierFormat = typer.Option(
        DossierFormat.MD, "--format", case_sensitive=False
    ),
    topic: bool = typer.Option(
        False, "--topic", help="ID is a deliberation topic, not a request"
    ),
) -> None:
    """Write the dispute dossier of a request or a deliberation topic, with the proof of every event."""
    from application.audit.dossier_render import as_html, markdown
    from application.principals import Principal
    from domain.people import person_id_for

    container = _container()
    try:
        _sealed_and_signed(container)
        principal = Principal.of(container.ledger.person(person_id_for(reader)))
        found = _read_dossier(container, principal, item_id, topic)
    except (
        DomainError,
        RunnerStuck,
    ) as error:  # unknown item or person, outside the reader's reach, stuck
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        container.close()
    renderers = {
        "json": lambda d: json.dumps(d, ensure_ascii=False, indent=1),
        "md": markdown,
        "html": as_html,
    }
    out.write_text(renderers[fmt.value](found))
    typer.echo(f"wrote {out}")


@audit_cli.command("verify-log")
def verify_whole_log(
    key: str = typer.Option(..., help="the log key you trust (gov audit key)"),
    checkpoint: Path | None = typer.Option(
        None, help="a checkpoint note; default: the newest"
    ),
) -> None:
    """Compare every row of the log (GOV_* database settings), whatever its position, with the sealed
    leaves, and the sealed leaves with a signed checkpoint; name each missing, altered or uncovered row."""
    container = _container()
    try:
        note = checkpoint.read_text() if checkpoint else container.audit.head()["note"]
        report = verify_log_with_progress(container, note, VerifierKey.parse(key))
    finally:
        container.close()
    typer.echo(report.text(), nl=False)
    raise typer.Exit(0 if report.ok else 1)
