"""The spread of the alternating rounds (bench/rounds.py) as a Markdown table."""

from __future__ import annotations

import statistics

from bench.rounds import ARMS, Rounds

NAMES = {
    "api": "HTTP API",
    "app_views": "application, views updating",
    "app_bare": "application, views stopped",
    "library": "library",
}
RATIOS = (
    ("HTTP API ÷ application (views updating)", "api", "app_views"),
    ("Application (views stopped) ÷ library", "app_bare", "library"),
)


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f} | {statistics.median(values):.2f} | {max(values):.2f}"


def _round_rows(rounds: Rounds) -> list[str]:
    rows = []
    for n, load in enumerate(rounds.loads):
        rates = " | ".join(f"{rounds.results[a][n].rate:,.0f}" for a in ARMS)
        ratio = rounds.ratios("api", "app_views")[n]
        rows.append(f"| {n + 1} | {load} | {rates} | {ratio:.2f} |")
    return rows


def spread(rounds: Rounds | None) -> list[str]:
    """Per-round rates, and min / median / max of each ratio over the rounds."""
    if rounds is None or not rounds.loads:
        return []
    waited = max(rounds.settle_seconds, default=0.0)
    return [
        f"Alternating rounds ({len(rounds.loads)}; each arm started after the views and the "
        f"sealed log had applied the whole log, waited up to {waited:.1f} s; the tables above "
        "show each arm's median round):",
        "",
        "| Round | load 1/5/15 min | "
        + " | ".join(NAMES[a] for a in ARMS)
        + " | HTTP ÷ app |",
        "|---:|---|" + "---:|" * (len(ARMS) + 1),
        *_round_rows(rounds),
        "",
        "| Ratio over the rounds | min | median | max |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {_spread(rounds.ratios(top, bottom))} |"
            for name, top, bottom in RATIOS
        ),
        "",
    ]
