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
from infra.cli_refusals import refused_text

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
    out: Path = typer.Option(..., "--out", "-o", help="要写出的审计包文件"),
    request: str | None = typer.Option(None, help="一件诉求的编号"),
    topic: str | None = typer.Option(None, help="一个协商议题的编号（连同其会议）"),
    unit: str | None = typer.Option(None, help="单位编码：该单位及其全部下级"),
    since: datetime | None = typer.Option(None, help="时间窗口起点（未写时区按 UTC）"),
    until: datetime | None = typer.Option(None, help="时间窗口终点"),
) -> None:
    """为一个范围写出自足的审计包（原样事件、叶子、证明、检查点、密钥）。Write a self-contained audit bundle."""
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
        typer.echo(f"错误 error: {refused_text(error)}", err=True)
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
    key: str | None = typer.Option(None, help="您信任的日志密钥（gov audit key）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 打印报告"),
) -> None:
    """离线核验审计包（无需数据库和服务）；有问题时说明并以 1 退出。Verify a bundle offline."""
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
    """打印日志的公开验证密钥（交给审计方和见证方）。Print the log's public verifier key."""
    from infra.audit_keys import load_log_signer
    from infra.settings import Settings

    typer.echo(load_log_signer(Settings()).verifier_key().text())


@audit_cli.command("witness-key")
def witness_key(
    name: str = typer.Option(..., help="见证方名称，如 witness.P0028"),
    out: Path = typer.Option(..., "--out", "-o", help="要创建的私钥文件"),
) -> None:
    """生成见证密钥；登记打印出的公钥（或运行 `witness --register`）。Generate a witness key."""
    from infra.witness_cli import key_command

    key_command(name, out)


@audit_cli.command("witness")
def witness(
    api: str = typer.Option("http://127.0.0.1:8000/api/v1", help="服务的 API 地址"),
    token: str = typer.Option(..., envvar="GOV_TOKEN", help="您的令牌（Bearer）"),
    key_file: Path = typer.Option(..., help="gov audit witness-key 生成的密钥文件"),
    log_key: str = typer.Option(..., help="您信任的日志密钥（gov audit key）"),
    state: Path = typer.Option(Path("witness-state.json"), help="您上次联署的检查点"),
    register: bool = typer.Option(False, help="先登记见证密钥"),
) -> None:
    """取最新检查点，核验它延续了您上次联署的检查点，然后联署。Fetch, verify and cosign the newest checkpoint."""
    from infra.witness_cli import witness_command

    witness_command(api, token, key_file, log_key, state, register)


def _read_dossier(container, principal, item_id: str, topic: bool) -> dict:
    """As the API would answer `principal`: checked against the dossier's row of the access matrix."""
    from application.access.grants import Reach, check
    from application.access.matrix import MATRIX
    from application.deliberation.queries import topic_reach

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
    reader: str = typer.Option(..., "--as", help="按谁的管辖范围导出，如 P0028"),
    out: Path = typer.Option(..., "--out", "-o"),
    fmt: DossierFormat = typer.Option(
        DossierFormat.MD, "--format", case_sensitive=False
    ),
    topic: bool = typer.Option(False, "--topic", help="ID 是协商议题而不是诉求"),
) -> None:
    """写出诉求或协商议题的争议卷宗，附每个事件的证明。Write the dispute dossier of a request or topic."""
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
        typer.echo(f"错误 error: {refused_text(error)}", err=True)
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
    key: str = typer.Option(..., help="您信任的日志密钥（gov audit key）"),
    checkpoint: Path | None = typer.Option(None, help="检查点文本；默认最新的检查点"),
) -> None:
    """逐行比对日志（GOV_* 数据库设置）与已封存的叶子，再比对叶子与签名检查点；逐条指出缺失、被改或
    未覆盖的行。Compare every row of the log with the sealed leaves and a signed checkpoint."""
    container = _container()
    try:
        note = checkpoint.read_text() if checkpoint else container.audit.head()["note"]
        report = verify_log_with_progress(container, note, VerifierKey.parse(key))
    finally:
        container.close()
    typer.echo(report.text(), nl=False)
    raise typer.Exit(0 if report.ok else 1)
