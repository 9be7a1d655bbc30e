"""The benchmark commands still run end to end at a tiny size (their figures are measured by `make bench`,
never here): a bench that no longer runs would leave docs/benchmarks.md unverifiable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bench import (
    assessment,
    audit,
    group_commit,
    lag,
    pages,
    privacy,
    registry_scale,
    restore,
    self_audit,
    view_privacy,
)
from bench.registry_scale_report import EDITS
from tests.conftest import BACKENDS


def _section(main: Callable[[list[str]], int], argv: list[str], tmp_path: Path) -> str:
    """Run a bench at a tiny size; the section it wrote."""
    out = tmp_path / "benchmarks.md"
    assert main([*argv, "--output", str(out)]) == 0
    return out.read_text()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_registry_scale_bench_runs_every_arm_at_a_tiny_size(
    backend: str, tmp_path: Path
) -> None:
    """Issue 16's registry at a city's size, at a thousandth of it, one short round."""
    argv = ["--backend", backend, "--scale", "0.002", "--rounds", "1"]
    argv += ["--seconds", "0.3", "--edit-interval", "0.1", "--erasure-interval", "0.1"]
    section = _section(registry_scale.main, argv, tmp_path)
    assert "## The registry at Beijing's size" in section
    assert "No command failed." in section and "Cold load of the registry" in section
    for arm in EDITS.values():
        assert f"| {arm} | demo |" in section and f"| {arm} | beijing |" in section


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_audit_bench_seals_verifies_and_proves_a_dossier(
    backend: str, tmp_path: Path
) -> None:
    out = tmp_path / "benchmarks.md"
    assert (
        audit.main(["--backend", backend, "--events", "3000", "--output", str(out)])
        == 0
    )
    section = out.read_text()
    assert "**met**" in section or "**not met**" in section
    assert "(OK). Its dispute dossier" in section and "checkpoint" in section


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_privacy_bench_compares_encryption_on_and_off(
    backend: str, tmp_path: Path
) -> None:
    out = tmp_path / "benchmarks.md"
    argv = [
        "--backend",
        backend,
        "--requests",
        "200",
        "--seconds",
        "0.5",
        "--rounds",
        "1",
        "--output",
        str(out),
    ]
    assert privacy.main(argv) == 0
    assert "| on |" in out.read_text() and "| off |" in out.read_text()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_self_audit_bench_compares_running_and_stopped(
    backend: str, tmp_path: Path
) -> None:
    out = tmp_path / "benchmarks.md"
    argv = [
        "--backend",
        backend,
        "--requests",
        "100",
        "--seconds",
        "0.5",
        "--rounds",
        "2",
        "--period",
        "5",
        "--output",
        str(out),
    ]
    assert self_audit.main(argv) == 0
    section = out.read_text()
    assert (
        "| running |" in section
        and "| stopped |" in section
        and "pair of adjacent rounds" in section
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_view_privacy_bench_compares_the_sealed_and_the_plain_view(
    backend: str, tmp_path: Path
) -> None:
    out = tmp_path / "benchmarks.md"
    argv = [
        "--backend",
        backend,
        "--requests",
        "200",
        "--queries",
        "20",
        "--rounds",
        "1",
        "--output",
        str(out),
    ]
    assert view_privacy.main(argv) == 0
    assert "| 1 | sealed |" in out.read_text() and "| 1 | plain |" in out.read_text()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_pages_bench_reads_the_inbox_page_and_the_json_inbox(
    backend: str, tmp_path: Path
) -> None:
    argv = ["--backend", backend, "--requests", "200", "--reads", "20", "--rounds", "1"]
    section = _section(pages.main, argv, tmp_path)
    assert "| 1 | page |" in section and "| 1 | json |" in section
    assert "pages/s ÷ JSON/s" in section


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_restore_bench_backs_up_restores_and_rebuilds(
    backend: str, tmp_path: Path
) -> None:
    """OPS backups (issue 15): the drill's `gov backup` and `gov restore` both exit 0 (the
    restore verifies the log against the manifest's signed checkpoint), then the rebuild and
    the scan of the restored log are reported side by side."""
    out = tmp_path / "benchmarks.md"
    argv = ["--backend", backend, "--events", "2000", "--rounds", "1"]
    assert restore.main([*argv, "--output", str(out)]) == 0
    section = out.read_text()
    assert "`gov backup DIR`" in section and "`gov restore DIR`" in section
    assert "恢复完成: log head 2000" in section
    assert "| raw scan |" in section
    assert "| rebuild of every view, one pass |" in section


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_assessment_bench_times_the_district_year_against_a_raw_scan(
    backend: str, tmp_path: Path
) -> None:
    """BZ-A2 (issue 14's benchmark): a few days of synthetic activity, one round."""
    argv = ["--backend", backend, "--events", "400", "--days", "4", "--rounds", "1"]
    section = _section(assessment.main, argv, tmp_path)
    assert "## Assessment of the district over a year" in section
    assert "**met**" in section or "**not met**" in section
    assert "| 1 |" in section and "first ÷ scan" in section
    assert "again ÷ scan" in section


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_group_commit_bench_runs_its_four_arms_and_groups_only_when_on(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--backend", backend, "--seconds", "0.5", "--rounds", "1"]
    assert group_commit.main(argv) == 0
    rows = {
        line.split(" | ")[0].strip("| "): line.split(" | ")
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("| library") or line.startswith("| app_")
    }
    for arm in group_commit.ARMS:
        assert rows[arm][-1].strip(" |") == "0", rows[arm]  # no command failed
    assert rows["library"][4] == rows["app_single"][4] == "0"  # off: none shared
    assert int(rows["library_grouped"][4].replace(",", "")) > 0
    assert int(rows["app_grouped"][4].replace(",", "")) > 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_lag_bench_sees_every_paced_command_applied(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--backend", backend, "--requests", "50", "--seconds", "0.5"]
    assert lag.main([*argv, "--rounds", "1"]) == 0
    rows = [
        line.split(" | ")
        for line in capsys.readouterr().out.splitlines()
        if line.startswith(("| half of peak", "| peak"))
    ]
    assert len(rows) == 2, rows
    for cells in rows:
        assert int(cells[2].replace(",", "")) > 0  # commands were paced
        assert cells[-1].strip(" |") == "0"  # every one seen in the views
