"""Progress of long commands: on stderr when asked or on a terminal, never in what scripts read.

`gov registry import` shows its phases and a bar over the people it compares; without
a terminal (as here, and in cron or CI) nothing is drawn unless `--progress` is given,
and stdout holds the same one summary line either way.
"""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from infra import cli_progress
from infra.cli import cli
from infra.registry_file import demo_registry_path
from tests.conftest import cli_env


def gov(settings, *args: str):
    return CliRunner().invoke(cli, list(args), env=cli_env(settings))


def test_import_shows_progress_only_when_asked_and_stdout_stays_the_same(settings):
    registry = str(demo_registry_path())
    shown = gov(settings, "--progress", "registry", "import", registry)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == f"imported {registry}: 828 events written\n"
    assert "导入名册 import：核对 338 人" in shown.stderr and "338/338" in shown.stderr
    quiet = gov(settings, "registry", "import", registry)  # not a terminal: no bar
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == f"imported {registry}: 0 events written\n"
    assert quiet.stderr == ""


def test_no_progress_wins_over_a_terminal(monkeypatch):
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setitem(cli_progress.CHOSEN, "progress", None)
    assert cli_progress.progress_shown()
    monkeypatch.setenv("GOV_PROGRESS", "off")
    assert not cli_progress.progress_shown()
    monkeypatch.setitem(cli_progress.CHOSEN, "progress", True)
    assert cli_progress.progress_shown()
    monkeypatch.setitem(cli_progress.CHOSEN, "progress", False)
    monkeypatch.delenv("GOV_PROGRESS")
    assert not cli_progress.progress_shown()


@pytest.mark.parametrize("command", [["backup", "--help"], ["doctor", "--help"]])
def test_help_is_in_chinese_with_english_option_names(command):
    shown = CliRunner().invoke(cli, command)
    assert shown.exit_code == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in shown.stdout)
    assert "--help" in shown.stdout
