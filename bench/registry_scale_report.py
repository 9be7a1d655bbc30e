"""The registry-at-Beijing's-size section of docs/benchmarks.md (bench/registry_scale.py)."""

from __future__ import annotations

import statistics
from typing import Any

from bench.load import percentile

TARGET = 2.0
TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
EDITS = {
    "none": "commands alone",
    "edit_now": "with registry edits: the registry's own copy (now)",
    "edit_before": "with registry edits: generic deep copy (before)",
    "erasure_now": "with the cache dropped as after an erasure: all but the registry (now)",
    "erasure_before": "with the cache dropped as after an erasure: everything (before)",
}
PLURAL = {"district": "districts", "street": "streets", "community": "communities"}
PLURAL["group"] = "groups"


def _ms(values: list[float], q: float) -> float:
    return 1000 * percentile(values, q)


def _commands(arm: Any) -> list[float]:
    return arm.raise_ + arm.escalate


def _spread(values: list[float], digits: int = 2) -> str:
    return " / ".join(
        f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values))
    )


def _prepared(found: dict) -> list[str]:
    demo, city = found["prepared"]["demo"], found["prepared"]["beijing"]
    imported = city["imported"]
    sizes = ", ".join(
        f"{n:,} {PLURAL[level.value]}" for level, n in city["counts"].items()
    )
    return [
        f"Demo district: {sum(demo['counts'].values())} units, {demo['events']:,} events in "
        f"its log. Beijing's size: {sizes} ({sum(city['counts'].values()):,} units; "
        f"{city['events']:,} events), the synthetic {imported.units:,} units imported through "
        f"`RegistryService.import_tree` 2,000 a transaction in {imported.seconds:.1f} s "
        f"({imported.events / imported.seconds:,.0f} events/s); its views caught up in "
        f"{city['views_seconds']:.1f} s. {city['settled'] or 'No settling needed (SQLite).'}",
        "",
    ]


def _cold(rounds: list) -> list[str]:
    demo = [r.cold["demo"] for r in rounds]
    city = [r.cold["beijing"] for r in rounds]
    ratios = [c / d for c, d in zip(city, demo, strict=True)]
    return [
        "| Cold load of the registry (first `Ledger.registry()` in a fresh container), s "
        "| min / median / max |",
        "|---|---|",
        f"| demo district | {_spread(demo, 3)} |",
        f"| Beijing's size | {_spread(city, 3)} |",
        f"| Beijing ÷ demo, same round | {_spread(ratios, 0)} |",
        "",
    ]


def _walks(rounds: list) -> list[str]:
    rows = [
        "| Read over the loaded registry (median of 5 but the first; median round), ms "
        "| demo | Beijing |",
        "|---|---:|---:|",
    ]
    for name in rounds[0].walks["demo"]:
        demo = statistics.median(1000 * r.walks["demo"][name] for r in rounds)
        city = statistics.median(1000 * r.walks["beijing"][name] for r in rounds)
        rows.append(f"| {name} | {demo:.2f} | {city:.2f} |")
    return [*rows, ""]


def _arm_row(label: str, size: str, arms: list) -> str:
    pooled = [x for a in arms for x in _commands(a)]
    raises = [x for a in arms for x in a.raise_]
    escalations = [x for a in arms for x in a.escalate]
    edits = [x for a in arms for x in a.edits]
    rate = statistics.median(a.commands / a.seconds for a in arms)
    edit = (
        f"{len(edits)}: {_ms(edits, 50):.1f} / {_ms(edits, 100):.1f}" if edits else "—"
    )
    errors = sum(a.errors for a in arms)
    return (
        f"| {label} | {size} | {rate:,.1f} | {_ms(pooled, 50):.1f} / {_ms(pooled, 99):.1f} "
        f"/ {_ms(pooled, 100):.0f} "
        f"| {_ms(raises, 99):.1f} | {_ms(escalations, 99):.1f} | {edit} | {errors} |"
    )


def _ratios(rounds: list, edits: str) -> list[float]:
    return [
        percentile(_commands(r.arms[("beijing", edits)]), 99)
        / percentile(_commands(r.arms[("demo", edits)]), 99)
        for r in rounds
    ]


def _rates(rounds: list, edits: str) -> list[float]:
    def rate(arm: Any) -> float:
        return arm.commands / arm.seconds if arm.seconds else 0.0

    return [
        rate(r.arms[("beijing", edits)]) / rate(r.arms[("demo", edits)]) for r in rounds
    ]


def _arms(rounds: list) -> list[str]:
    rows = [
        "| Arm | registry | op pairs/s (median round) | a command p50 / p99 / max ms "
        "| raise p99 | escalate p99 | beside: n, p50 / max ms | errors |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for edits, label in EDITS.items():
        for size in ("demo", "beijing"):
            rows.append(_arm_row(label, size, [r.arms[(size, edits)] for r in rounds]))
    rows += [
        "",
        "| Beijing ÷ demo, same round | a command's p99: min / median / max "
        "| op pairs/s: min / median / max | p99 target ≤ 2 |",
        "|---|---|---|---|",
    ]
    for edits, label in EDITS.items():
        ratios = _ratios(rounds, edits)
        held = sum(ratio <= TARGET for ratio in ratios)
        met = "**met**" if statistics.median(ratios) <= TARGET else "**not met**"
        rows.append(
            f"| {label} | {_spread(ratios)} | {_spread(_rates(rounds, edits))} "
            f"| {met} (held in {held} of {len(ratios)} rounds) |"
        )
    return [*rows, ""]


def _rounds(rounds: list) -> list[str]:
    rows = [
        "| Round | order | load 1/5/15 min at its start | cold load demo / Beijing s "
        "| a command p99 demo / Beijing ms, per arm in the order above |",
        "|---:|---|---|---|---|",
    ]
    for n, r in enumerate(rounds, 1):
        p99s = "; ".join(
            f"{1000 * percentile(_commands(r.arms[('demo', e)]), 99):.1f} / "
            f"{1000 * percentile(_commands(r.arms[('beijing', e)]), 99):.1f}"
            for e in EDITS
        )
        rows.append(
            f"| {n} | {' → '.join(r.order)} | {r.load} | {r.cold['demo']:.3f} / "
            f"{r.cold['beijing']:.3f} | {p99s} |"
        )
    return [*rows, ""]


def render(
    args: Any, found: dict, command: str, date: str, revision: str, machine: dict
) -> str:
    rounds = found["rounds"]
    first_error = next(
        (a.first_error for r in rounds for a in r.arms.values() if a.first_error), ""
    )
    lines = [
        f"## The registry at Beijing's size: {TITLES[args.backend]}",
        "",
        f"Run on {date} with `{command}`; code `{revision}`; {found['where'].describe()} "
        "and a second one like it for the demo district alone. "
        f"{len(rounds)} alternating rounds; in each, for each size, a fresh container: the "
        f"cold load, then {args.clients} threads for {args.seconds:.0f} s (after 1 s of "
        "warm-up) raising a request as a demo resident and escalating it as its group's "
        f"handler: alone; with an administrator renaming a unit every "
        f"{args.edit_interval:.1f} s; with the ledger's cache dropped every "
        f"{args.erasure_interval:.1f} s as any erasure in any process drops it. Latencies "
        "are pooled over the rounds.",
        "",
        *_prepared(found),
        *_cold(rounds),
        *_walks(rounds),
        *_arms(rounds),
        "A p99 of the commands that completed hides a stall: while every thread replays "
        "the registry few commands complete at all, so the max and the ratio of op pairs/s "
        'show it. The "before" arms run the code that was replaced, in the same process '
        "(bench/registry_scale.py: `generic_copy`, `Ledger.forget_cached`).",
        "",
        *_rounds(rounds),
        f"First error: `{first_error}`" if first_error else "No command failed.",
        "",
        "| Machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine.items()),
    ]
    return "\n".join(lines) + "\n"
