"""Progress of a long command, on stderr, only where a person watches (docs/operations.md).

Shown when stderr is a terminal; `gov --no-progress …` (or GOV_PROGRESS=off) hides it,
`gov --progress …` shows it anyway. The command's result stays on stdout, so a script
reading stdout sees the same lines either way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

T = TypeVar("T")
CHOSEN: dict[str, bool | None] = {"progress": None}  # set by the --progress option


def progress_shown() -> bool:
    if CHOSEN["progress"] is not None:
        return bool(CHOSEN["progress"])
    if os.environ.get("GOV_PROGRESS", "").lower() in {"0", "off", "false", "no"}:
        return False
    return sys.stderr.isatty()


class Steps:
    """One line per phase: a spinner, or a bar when the phase has a count."""

    def __init__(self, bar: Progress, title: str):
        self.bar, self.title = bar, title
        self.task: TaskID | None = None

    def step(self, text: str, total: int | None = None) -> None:
        """A new phase; the one before it is shown as done."""
        self.done()
        self.task = self.bar.add_task(f"{self.title}：{text}", total=total)

    def done(self) -> None:
        if self.task is not None:
            task = next(t for t in self.bar.tasks if t.id == self.task)
            whole = task.total if task.total is not None else 1
            self.bar.update(self.task, total=whole, completed=whole)

    def advance(self, by: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, by)

    def set(self, done: int, total: int) -> None:
        """The phase's bar at `done` of `total` (a total that may grow while it runs)."""
        if self.task is not None:
            self.bar.update(self.task, total=total, completed=done)

    def __call__(self, text: str) -> None:  # the Step callback backup and restore take
        self.step(text)

    def counted(self, items: Iterable[T], total: int, text: str) -> Iterator[T]:
        """`items`, advancing the bar by one for each."""
        self.step(text, total)
        for item in items:
            yield item
            self.advance()


@contextmanager
def progress(title: str) -> Iterator[Steps]:
    console = Console(stderr=True)
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not progress_shown(),
        transient=False,
    )
    with bar:
        steps = Steps(bar, title)
        yield steps
        steps.done()


def choose_progress(
    shown: bool | None = typer.Option(
        None,
        "--progress/--no-progress",
        help="显示进度（默认：标准错误是终端时显示；写到标准错误）",
    ),
) -> None:
    """五级双向社区治理台账 — governance ledger（gov COMMAND --help 查看各命令）"""
    CHOSEN["progress"] = shown


def register(cli: typer.Typer) -> None:
    cli.callback()(choose_progress)
