"""`gov doctor`: every problem of this deployment's configuration, each with its fix."""

from __future__ import annotations

from datetime import UTC, date, datetime

import typer

from infra.doctor import (
    Finding,
    calendar_findings,
    error,
    load_settings,
    secret_findings,
)
from infra.doctor_db import database_findings, position_findings
from infra.settings import Settings

MARKS = {"error": "✗ 问题", "warning": "! 提醒", "ok": "✓ 正常"}


def run_doctor(today: date, now: datetime) -> list[Finding]:
    """All findings, in order: settings, secrets, database, structure, clock, calendar."""
    settings, found = load_settings()
    if settings is None:
        return found
    found += secret_findings(settings)
    complete, database = database_findings(settings)
    found += database
    years = _official_years()
    readable = complete and not any(f.level == "error" for f in found)
    if readable:  # every table exists: building the container changes nothing
        loaded, more = _from_container(settings, now)
        years |= loaded
        found += more
    return found + calendar_findings(years, today, loaded=readable)


def _official_years() -> set[int]:
    from application.calendar.official import official_schedules

    return set(official_schedules())


def _from_container(
    settings: Settings, now: datetime
) -> tuple[set[int], list[Finding]]:
    from infra.container import build_container
    from infra.progress import describe

    one = settings.model_copy(
        update={"postgres_pool_size": 1, "postgres_max_overflow": 0}
    )
    try:
        container = build_container(one, start=False)
    except (
        Exception
    ) as failed:  # any failure to open the service is a finding, not a traceback
        return set(), [
            error(
                "数据库", f"服务无法打开数据库：{describe(failed)}", "按上面的问题处理"
            )
        ]
    try:
        years = set(container.deadlines.calendar().schedules)
        return years, position_findings(container, now)
    finally:
        container.close()


def doctor(
    strict: bool = typer.Option(False, help="提醒也算问题（退出码 1）"),
    on: str | None = typer.Option(
        None, help="按这一天检查日历，YYYY-MM-DD（默认今天）"
    ),
) -> None:
    """检查部署：设置、密钥、数据库连接、表结构、时钟与工作日历；逐条说明如何修复。"""
    now = datetime.now(UTC)
    try:
        today = date.fromisoformat(on) if on else now.date()
    except ValueError:
        typer.echo(f"错误：--on 须为 YYYY-MM-DD，收到 {on!r}", err=True)
        raise typer.Exit(2) from None
    found = run_doctor(today, now)
    for finding in found:
        typer.echo(f"{MARKS[finding.level]} [{finding.topic}] {finding.text}")
        if finding.fix:
            typer.echo(f"    修复 fix：{finding.fix}")
    errors = sum(f.level == "error" for f in found)
    warnings = sum(f.level == "warning" for f in found)
    typer.echo(f"gov doctor：{errors} 个问题，{warnings} 个提醒")
    if errors or (strict and warnings):
        raise typer.Exit(1)


def register(cli: typer.Typer) -> None:
    cli.command("doctor")(doctor)
