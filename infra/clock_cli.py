"""`gov clock …`: read the service's clock; in development move it forward (TRAINING-CLOCK)."""

from __future__ import annotations

import typer

from application.calendar.clock import AdvanceClock
from application.principals import Principal
from domain.errors import DomainError
from domain.people import person_id_for
from infra.container import build_container
from infra.settings import Settings

clock_cli = typer.Typer(
    help="培训时钟（仅开发模式）The training clock", no_args_is_help=True
)


@clock_cli.command("show")
def show() -> None:
    """打印服务时间、实际时间与培训偏移。Print the service's time and the training offset."""
    container = build_container(Settings(), start=False)
    try:
        state = container.clock.state()
        typer.echo(
            f"service time {state['now']} (wall {state['wall']}, "
            f"offset {state['offset_seconds']} s)"
        )
    finally:
        container.close()


@clock_cli.command("advance")
def advance(
    by: str = typer.Argument(..., help="拨快多久：3d、12h、1w2d、90m"),
    reason: str = typer.Option("培训演示", help="原因（随调整一并记录）"),
    admin: str = typer.Option("P0001", "--by", help="管理员编号"),
) -> None:
    """把服务时钟向前拨；仅开发模式可用。Move the service's clock forward."""
    container = build_container(Settings(), start=False)
    try:
        principal = Principal.of(container.ledger.person(person_id_for(admin)))
        moved = container.clock.advance(principal, AdvanceClock(by, reason))
        container.runner.catch_up()
        typer.echo(
            f"服务时间已拨快至 {moved['now']}（累计偏移 {moved['offset_seconds']} 秒，"
            f"日志位置 {moved['position']}）"
        )
    except DomainError as error:
        typer.echo(f"拒绝：{error.detail}（{error.rule_id}）", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()
