"""`gov registry import FILE` and `gov demo load`, with their progress (docs/registry-format.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from domain.actors import SYSTEM
from infra import demo_deliberation
from infra.cli_progress import progress
from infra.container import build_container
from infra.registry_file import (
    RegistryFileError,
    demo_registry_path,
    load_registry_file,
)
from infra.roster_file import is_spreadsheet, load_roster
from infra.settings import Settings

registry_cli = typer.Typer(
    help="五级名册 The five-level registry", no_args_is_help=True
)
demo_cli = typer.Typer(help="演示数据 Demo data", no_args_is_help=True)


def import_file(path: Path, settings: Settings, demo: bool = False) -> int:
    with progress("导入名册 import") as steps:
        steps.step(f"读取 {path.name}")
        load = load_roster if is_spreadsheet(path) else load_registry_file
        units, people = load(path)
        container = build_container(settings, start=False)
        try:
            steps.step(f"核对 {len(people)} 人", total=len(people))
            written = container.registry.import_tree(
                SYSTEM, units, people, checked=steps.advance
            )["events_written"]
            if demo and written:  # a first load also gets its demo deliberations
                steps.step("演示议事")
                demo_deliberation.seed(container)
            steps.step("更新视图")
            container.runner.catch_up()
            return written
        finally:
            container.close()


@registry_cli.command("import")
def registry_import(
    file: Path = typer.Argument(
        ...,
        help="名册文件：gov-registry/1 YAML，或 CSV/XLSX 花名册（docs/registry-format.md）",
    ),
) -> None:
    """导入整棵五级名册；同一文件导入两次不会重复写入。Load a whole tree, idempotently."""
    try:
        written = import_file(file, Settings())
    except RegistryFileError as error:
        typer.echo(f"错误 error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"imported {file}: {written} events written")


@demo_cli.command("load")
def demo_load() -> None:
    """载入虚构的演示区（澄溪区）及其人员。Load the fictional demo district."""
    written = import_file(demo_registry_path(), Settings(), demo=True)
    typer.echo(f"demo data loaded: {written} events written")
