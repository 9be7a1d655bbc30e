"""The restore-drill section of docs/benchmarks.md (bench/restore.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

TARGET = 0.5


def _met(ratio: float) -> str:
    return "**met**" if ratio >= TARGET else "**not met**"


def _log_line(f: dict[str, Any]) -> str:
    b = f["built"]
    return (
        f"Log: {b['events']:,} events: the first {b['projected']:,} (the demo district and one "
        "request handled through the service) are what the views project; the rest are synthetic "
        f"idempotency records written at the recorder level in {b['written']:.1f} s, which no view "
        f"projects. Before the drill (untimed in it) the views were caught up ({b['caught_up']:.1f} s) "
        f"and the log sealed ({b['sealed']:.1f} s) and signed up to the head, as a running service "
        f"keeps them; load average 1/5/15 min then: {b['load']}."
    )


def _commands(f: dict[str, Any], backend: str) -> list[str]:
    n = f["built"]["events"]
    into = (
        "a new SQLite file"
        if backend == "sqlite"
        else "a new database, same schema name"
    )
    row = lambda name, step: (  # noqa: E731
        f"| {name} | {step['seconds']:.1f} | {n / step['seconds']:,.0f} | {step['load']} |"
    )
    return [
        "| Step, the whole command in its own process | seconds | events/s | load 1/5/15 at its start |",
        "|---|---:|---:|---|",
        row(
            "`gov backup DIR`: snapshot, erasure journal, sha256 manifest", f["backup"]
        ),
        row(
            f"`gov restore DIR` into {into}: hashes checked, snapshot put back, log verified "
            "against the manifest's signed checkpoint, views and sealing brought to the head",
            f["restore"],
        ),
        "",
        f"Backup: {f['backup_bytes'] / 2**20:,.0f} MiB in the directory. "
        f"The restore printed: `{f['restore']['out']}`.",
    ]


def _rounds(f: dict[str, Any]) -> list[str]:
    lines = [
        "| Round | load 1/5/15 at its start | raw scan, events/s | rebuild of every view "
        "(`gov rebuild`'s path), s | its events/s | ÷ scan | target |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for i, r in enumerate(f["rounds"], 1):
        ratio = r["rebuild"]["rate"] / r["scan"]["rate"]
        lines.append(
            f"| {i} | {r['load']} | {r['scan']['rate']:,.0f} | {r['rebuild']['seconds']:.1f} | "
            f"{r['rebuild']['rate']:,.0f} | {ratio:.2f} | ≥ {TARGET} {_met(ratio)} |"
        )
    return lines


def _parts(f: dict[str, Any]) -> list[str]:
    last = f["rounds"][-1]
    scan, rebuilt = last["scan"], last["rebuilt"]
    lines = [
        f"The last round in two parts. The projected part is the log up to position "
        f"{last['boundary']:,} (the first batch of 1,000 past the demo part); the rest is "
        "the synthetic records, of a type no view handles (read, not decoded), and the switch.",
        "",
        "| Pass | s | events/s, whole log | ÷ scan | projected part, events/s | "
        "÷ scan of that part | rest, events/s | ÷ scan of the rest |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in (
        ("rebuild of every view, one pass", rebuilt),
        ("raw scan", scan),
    ):
        lines.append(
            f"| {name} | {p['seconds']:.1f} | {p['rate']:,.0f} | {p['rate'] / scan['rate']:.2f} | "
            f"{p['projected_rate']:,.0f} | {p['projected_rate'] / scan['projected_rate']:.2f} | "
            f"{p['rest_rate']:,.0f} | {p['rest_rate'] / scan['rest_rate']:.2f} |"
        )
    return lines


def render(
    backend: str,
    f: dict[str, Any],
    command: str,
    revision: str,
    machine: dict[str, str],
) -> str:
    title = "SQLite" if backend == "sqlite" else "PostgreSQL"
    lines = [
        f"## Restore drill — {title}",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` (code `{revision}`).",
        _log_line(f),
        "",
        *_commands(f, backend),
        "",
        "On the restored log, in the same run: a raw scan (`select_notifications` in batches of "
        "1,000, bytes touched) and a rebuild of every view (`rebuild_views`, what `gov rebuild` "
        "runs: one pass for all of them, blue-green into new tables and switched), alternated.",
        "",
        *_rounds(f),
        "",
        *_parts(f),
        "",
        "| Machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine.items()),
    ]
    return "\n".join(lines) + "\n"
