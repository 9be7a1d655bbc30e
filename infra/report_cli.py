"""`gov report UNIT --period 2026-11`: a unit's assessment pack (BZ-A2) as a table, CSV or XLSX."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from application.assessment.export import table, to_csv, to_xlsx
from application.assessment.period import parse_period
from domain.errors import DomainError
from infra.cli_refusals import refused_text
from infra.clock_cli import clock_cli
from infra.container import build_container
from infra.settings import Settings


def report(
    unit: str = typer.Argument(..., help="单位编码，如 CX01"),
    period: str | None = typer.Option(None, help="考核期：2026-11、2026-Q4 或 2026"),
    first: str | None = typer.Option(None, "--from", help="起始日，YYYY-MM-DD"),
    last: str | None = typer.Option(None, "--to", help="截止日，YYYY-MM-DD"),
    format: str = typer.Option("table", help="输出格式：table、json、csv 或 xlsx"),  # noqa: A002
    out: Path | None = typer.Option(None, help="写入此文件（csv、xlsx）"),
) -> None:
    """某单位某考核期的考核材料：本单位及各下级的指标与排名。The assessment pack of a unit."""
    container = build_container(Settings(), start=False)
    try:
        container.runner.catch_up()
        chosen = parse_period(period, _day(first), _day(last))
        pack = container.assessment.assess(unit, chosen)
    except (DomainError, ValueError) as error:
        typer.echo(f"拒绝：{refused_text(error)}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()
    _emit(pack, format, out)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _emit(pack: dict, format: str, out: Path | None) -> None:  # noqa: A002
    if format in ("csv", "xlsx"):
        data = to_csv(pack) if format == "csv" else to_xlsx(pack)
        if out is None:
            typer.echo("error: --out FILE is needed for csv and xlsx", err=True)
            raise typer.Exit(2)
        out.write_bytes(data)
        typer.echo(f"wrote {out}")
    elif format == "json":
        typer.echo(json.dumps(pack, ensure_ascii=False, indent=2))
    else:
        typer.echo(
            f"考核期 {pack['period']}（{pack['period_from']} 至 {pack['period_to']}）"
        )
        for line in table(pack):
            typer.echo("\t".join("" if v is None else str(v) for v in line))


def register(cli: typer.Typer) -> None:
    """`gov clock …` (the training clock) and `gov report …` (the assessment pack)."""
    cli.add_typer(clock_cli, name="clock")
    cli.command("report")(report)
