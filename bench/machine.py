"""Where the numbers were taken: CPU, cores, RAM, OS, versions; and the bench's own peak memory."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path

from bench.backend import pg_execute


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return (
                    line.split(":", 1)[1].strip()
                    if ":" in line
                    else line.split("=", 1)[1].strip('"')
                )
    except OSError:
        pass
    return "unknown"


def _ram_gib() -> str:
    kib = _first("/proc/meminfo", "MemTotal").split()[0]
    return f"{int(kib) / 1024**2:.1f} GiB" if kib.isdigit() else "unknown"


def _postgres_version() -> str:
    try:
        return str(pg_execute("SHOW server_version")[0][0])
    except Exception as error:  # the SQLite run may have no server to ask
        return f"not reachable ({type(error).__name__})"


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def describe(load_at_start: str = "") -> dict[str, str]:
    return {
        "CPU": _first("/proc/cpuinfo", "model name"),
        "Cores": str(os.cpu_count()),
        "RAM": _ram_gib(),
        "OS": f"{_first('/etc/os-release', 'PRETTY_NAME=')} (Linux {platform.release()})",
        "Python": platform.python_version(),
        "PostgreSQL": _postgres_version(),
        "SQLite": sqlite3.sqlite_version,
        "eventsourcing": version("eventsourcing"),
        "Load average 1/5/15 min, at start → at end": f"{load_at_start} → {load_average()}",
    }


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout.strip()


def revision() -> str:
    """The service code measured: the commit, and whether files outside bench/ had uncommitted changes."""
    try:
        commit = _git("rev-parse", "--short", "HEAD")
        changed = _git(
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            ".",
            ":(exclude)bench",
            ":(exclude)docs/benchmarks.md",
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes" if changed else commit


def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mib() -> float:
    """Largest peak RSS among waited-for child processes (here: the service)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
