"""The `gov` command speaks Chinese to the staff who run it (issue 15: "CLI help and messages in
Chinese with English kept where operators search for it (e.g. option names)").

Every group and command of `gov`, and every option and argument given a help text, has Chinese
in that text; option names stay English. Read from the click tree typer builds (no command runs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer

from infra.cli import cli

CJK = re.compile(r"[\u4e00-\u9fff]")


TYPERS_OWN = {
    "install_completion",
    "show_completion",
}  # typer's shell-completion options


def commands(command: Any, path: str = "gov") -> Iterator[tuple[str, Any]]:
    """Each command of the tree (typer's own click: groups are told by their `commands`)."""
    yield path, command
    if hasattr(command, "commands"):
        for name, child in command.commands.items():
            yield from commands(child, f"{path} {name}")


def untranslated() -> Iterator[str]:
    for path, command in commands(typer.main.get_command(cli)):
        if not CJK.search(command.help or ""):
            yield f"{path}: {command.help!r}"
        for param in command.params:
            text = getattr(param, "help", None)
            if text and not CJK.search(text) and param.name not in TYPERS_OWN:
                yield f"{path} {param.name}: {text!r}"


def test_every_command_and_option_help_of_gov_has_chinese():
    missing = sorted(untranslated())
    assert missing == [], "\n".join(missing)


def test_option_names_stay_english():
    for _, command in commands(typer.main.get_command(cli)):
        for param in command.params:
            assert not any(CJK.search(o) for o in param.opts), param.opts
