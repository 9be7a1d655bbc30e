"""The task fan-out section of docs/benchmarks.md."""

from __future__ import annotations

from datetime import UTC, datetime


def _rate(pair: tuple[float, int]) -> float:
    seconds, events = pair
    return events / seconds if seconds else 0.0


def render(
    backend: str, f: dict, command: str, revision: str, machine: dict[str, str]
) -> str:
    lines = [
        f"## Task fan-out and roll-up — {'SQLite' if backend == 'sqlite' else 'PostgreSQL'}",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` (code `{revision}`), one thread.",
        f"Tree: {f['units']:,} units (1 district → streets → 10 communities each → 10 groups each), "
        f"{f['people']:,} people, {f['notices']:,} residents' notices.",
        "",
        *_phases(f),
        "",
        f"Roll-up exact at the district (every leaf done) {f['rolled_up_seconds']:.1f} s after the last "
        f"acknowledgement (the views catching up). Peak RSS of the bench process {f['peak_rss_mib']:.0f} MiB.",
        "",
        "| Machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine.items()),
    ]
    return "\n".join(lines) + "\n"


def _phases(f: dict) -> list[str]:
    """Each phase's rate, and the fan-out and completion rates against the library's."""
    fan, done, library = _rate(f["fanned"]), _rate(f["completed"]), f["library"]
    rows = [
        (
            "Seed the tree (one import: units, staff, residents, group rolls)",
            f["seeded"],
        ),
        (
            "Issue to the streets, then every unit acknowledges and delegates to all its children",
            f["fanned"],
        ),
        ("Every resident acknowledges the notice", f["completed"]),
    ]
    return [
        "| Phase | seconds | events | events/s |",
        "|---|---:|---:|---:|",
        *(f"| {name} | {s:.1f} | {e:,} | {e / s:,.0f} |" for name, (s, e) in rows),
        f"| Library: plain `Application.save` of a one-event aggregate, same backend, one thread | | | "
        f"{library:,.0f} |",
        "",
        "| Ratio (events/s against the library's save rate, same run) | value |",
        "|---|---:|",
        f"| Fan-out ÷ library | {fan / library:.2f} |",
        f"| Completion ÷ library | {done / library:.2f} |",
    ]
