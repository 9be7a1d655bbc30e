"""`gov rebuild [NAME]`: rebuild one projection or all of them, blue-green (issue 15).

OPS: versioned views (issue 15); docs/operations.md §视图版本与重建. Safe while the
service runs: readers keep the old tables until the switch (projections/rebuild.py).
"""

from __future__ import annotations

import typer

from infra.cli_progress import Steps, progress
from infra.container import build_container
from infra.rebuild import UnknownProjection, chosen, rebuild_views
from infra.settings import Settings
from projections.rebuild import Report
from projections.view_versions import PROJECTIONS, ViewProjection

NAMES = "、".join(PROJECTIONS)


def _bar(steps: Steps, projections: list[ViewProjection]) -> Report:
    steps.step("、".join(f"{p.name} v{p.version}" for p in projections), total=None)
    return steps.set


def rebuild_command(
    name: str | None = typer.Argument(
        None, help=f"视图名 projection name（{NAMES}）；省略则重建全部"
    ),
) -> None:
    """重建视图：从事件日志蓝绿重建到新表，再原子切换（服务可照常运行）。Rebuild views blue-green."""
    try:
        projections = chosen(name)
    except UnknownProjection:
        typer.echo(f"错误：没有名为 {name!r} 的视图（可选：{NAMES}）", err=True)
        raise typer.Exit(2) from None
    settings = Settings().model_copy(
        update={"postgres_pool_size": 1, "postgres_max_overflow": 0}
    )
    container = build_container(settings, start=False)
    try:
        with progress("重建 rebuild") as steps:
            switched = rebuild_views(container, projections, _bar(steps, projections))
    finally:
        container.close()
    for projection in projections:
        typer.echo(
            f"已重建 {projection.name}：版本 {projection.version}，"
            f"切换于日志位置 {switched[projection.name]}"
        )


def register(cli: typer.Typer) -> None:
    cli.command("rebuild")(rebuild_command)
