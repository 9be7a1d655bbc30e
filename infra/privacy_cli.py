"""`gov keys …` (master keys), `gov person erase …` (erasure by key destruction) and
`gov privacy …` (the erasure journal that a restore from a backup replays)."""

from __future__ import annotations

from pathlib import Path

import typer

from application.people.erasure_journal import (
    from_lines,
    journal_entries,
    reapply,
    to_lines,
)
from application.principals import Principal
from domain.errors import DomainError
from domain.people import ErasureBasis, person_id_for
from infra.container import Container, build_container
from infra.keystore import build_key_table, build_keyring, key_table, new_master_key
from infra.settings import Settings

keys_cli = typer.Typer(
    help="主密钥（封装每个人的数据密钥）Master keys", no_args_is_help=True
)
person_cli = typer.Typer(
    help="人员的个人信息 People's personal data", no_args_is_help=True
)


@keys_cli.command("generate")
def generate() -> None:
    """打印一个新的随机主密钥（32 字节，url-safe base64），用于 GOV_MASTER_KEY 或密钥文件。Print a new master key."""
    typer.echo(new_master_key())


@keys_cli.command("rotate")
def rotate() -> None:
    """用当前主密钥（GOV_MASTER_KEY）重新封装每个人的密钥；运行期间旧主密钥须仍列在
    GOV_PREVIOUS_MASTER_KEYS 中，完成后可移除。Re-wrap every person's key under the current master key."""
    keyring = build_keyring(Settings())
    if keyring is None:
        typer.echo(
            "错误 error: 未启用个人信息加密（personal data encryption is off）",
            err=True,
        )
        raise typer.Exit(2)
    try:
        count = keyring.rotate()
        typer.echo(
            f"已用主密钥 {keyring.masters.current_id} 重新封装 {count} 个密钥（re-wrapped）"
        )
    finally:
        key_table(keyring).close()


@person_cli.command("erase")
def erase(
    ref: str,
    basis: ErasureBasis = typer.Option(
        ..., help="删除依据（《个人信息保护法》第四十七条）"
    ),
    reference: str = typer.Option(..., help="案件或申请编号（不含个人信息）"),
    by: str = typer.Option(..., help="作出决定的管理员编号"),
) -> None:
    """删除某人的个人信息：先记录，再销毁其密钥；此后其个人信息显示为已删除。Erase a person."""
    container = build_container(Settings(), start=False)
    try:
        admin = Principal.of(container.ledger.person(person_id_for(by)))
        answer = container.erasure.erase(admin, person_id_for(ref), basis, reference)
        container.runner.catch_up()
        typer.echo(
            f"已删除 {ref}（人员 {answer['person_id']}）的个人信息，日志位置 {answer['position']}"
        )
    except DomainError as error:
        typer.echo(f"错误 error: {error.detail}（{error.rule_id}）", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


privacy_cli = typer.Typer(
    help="备份与删除（docs/privacy.md，Backups）Backups and erasures",
    no_args_is_help=True,
)


def erased_keys(container: Container) -> list[tuple[str, str]]:
    """(subject, erased at) of every destroyed key, from the key table infra built."""
    keyring = container.ledger.keyring
    if keyring is None:
        typer.echo(
            "错误 error: 未启用个人信息加密，没有密钥（encryption is off）", err=True
        )
        raise typer.Exit(1)
    return key_table(keyring).erased()


@privacy_cli.command("export-erasures")
def export_erasures(
    file: Path = typer.Argument(..., help="删除日志的写出位置（JSON lines）"),
) -> None:
    """写出删除日志：每个被删除者的标识、编号、时间、依据和案件编号。请与数据库备份分开保存，
    每次删除后重新导出。Write the erasure journal."""
    container = build_container(Settings(), start=False)
    try:
        entries = journal_entries(container.ledger, erased_keys(container))
        file.write_text(to_lines(entries), encoding="utf-8")
        typer.echo(f"已将 {len(entries)} 条删除记录写入 {file}")
    finally:
        container.close()


@privacy_cli.command("reapply-erasures")
def reapply_erasures(
    file: Path = typer.Argument(..., help="删除日志（export-erasures 导出）"),
    by: str = typer.Option(..., help="重新执行删除的管理员编号"),
) -> None:
    """从备份恢复后：重新删除日志所列的每个人（可重复执行）。Re-apply the erasures after a restore."""
    container = build_container(Settings(), start=False)
    try:
        admin = Principal.of(container.ledger.person(person_id_for(by)))
        outcome = reapply(
            container.erasure, admin, from_lines(file.read_text(encoding="utf-8"))
        )
        container.runner.catch_up()
        typer.echo(", ".join(f"{what} {n}" for what, n in outcome.items()))
    except DomainError as error:
        typer.echo(f"错误 error: {error.detail}（{error.rule_id}）", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


@privacy_cli.command("purge")
def purge() -> None:
    """从密钥库文件中清除已销毁的密钥（SQLite：清空预写日志；PostgreSQL：VACUUM FULL
    gov_person_keys）。每次删除都会执行；服务的角色无权 VACUUM 时，请以密钥表所有者运行
    （docs/privacy.md）。Clear destroyed keys off the key store's files."""
    table = build_key_table(Settings())
    try:
        table.purge()
        typer.echo(f"已清理密钥库；累计销毁 {table.erasures()} 个密钥")
    finally:
        table.close()
