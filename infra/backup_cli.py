"""`gov backup DIR` and `gov restore DIR` (docs/operations.md §backups)."""

from __future__ import annotations

from pathlib import Path

import typer

from infra.backup import BackupRefused, take_backup
from infra.cli_progress import progress
from infra.container import build_container
from infra.restore import restore_backup
from infra.settings import Settings


def backup(
    directory: Path = typer.Argument(..., help="存放备份的空目录"),
) -> None:
    """备份：日志、视图、审计表与密钥库的一致快照，附清单（头、检查点、哈希）。"""
    container = build_container(Settings(), start=False)
    try:
        with progress("备份 backup") as step:
            manifest = take_backup(container, directory, step)
    except BackupRefused as refused:
        typer.echo(f"错误：{refused}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()
    checkpoint = manifest["checkpoint"] or {}
    typer.echo(
        f"备份完成 {directory}: log head {manifest['log_head']}, "
        f"checkpoint {checkpoint.get('size')}, {len(manifest['files'])} files"
    )


def restore(
    directory: Path = typer.Argument(..., help="gov backup 写出的目录"),
    erasures: Path | None = typer.Option(
        None, help="更新的删除日志（gov privacy export-erasures）"
    ),
    by: str | None = typer.Option(None, help="重新执行删除的管理员编号"),
) -> None:
    """恢复：核对哈希，按签名检查点验证日志，重新执行删除，重建视图（目标须为空）。"""
    try:
        with progress("恢复 restore") as step:
            done = restore_backup(directory, Settings(), erasures, by, step)
    except BackupRefused as refused:
        typer.echo(f"错误：{refused}", err=True)
        raise typer.Exit(2) from None
    erased = ", ".join(f"{k} {v}" for k, v in done["erasures"].items()) or "none"
    typer.echo(
        f"恢复完成: log head {done['manifest']['log_head']}; "
        f"{'; '.join(done['proven'])}; erasures: {erased}"
    )


def register(cli: typer.Typer) -> None:
    cli.command("backup")(backup)
    cli.command("restore")(restore)
