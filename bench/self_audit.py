"""`python -m bench.self_audit --backend sqlite|postgres [--requests N] [--seconds S] [--rounds R]`.

The cost of the online self-audit: command throughput (raising requests in process, the
sealer running as in the service) with the self-audit running and stopped, in alternating
rounds on one prepared log, so drift of the shared machine falls on both alike. The
self-audit runs at a pace far above the default (`--period`), so the figure is an upper
bound. Writes a section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import commands, machine, seed
from bench.backend import Backend
from bench.load import warm_then_run
from bench.people import Demo, resident_slices
from bench.report import publish
from infra.audit_wiring import build_self_audit
from infra.container import build_container

TARGET = 0.9  # throughput with the self-audit running, at least 0.9 of stopped


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.self_audit", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--clients", type=int, default=4, help="concurrent threads raising requests"
    )
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="duration of each measurement"
    )
    parser.add_argument(
        "--requests", type=int, default=5_000, help="requests seeded (and sealed) first"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=7,
        help="alternating rounds of running and stopped",
    )
    parser.add_argument(
        "--period", type=float, default=30.0, help="the self-audit's period, seconds"
    )
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Round:
    running: bool
    rate: float
    commands: int
    errors: int
    leaves_checked: int


def prepared(args: argparse.Namespace, backend: Backend, demo: Demo):
    """A fresh log with the demo district and the seeded requests, all of it sealed and signed."""
    settings = backend.settings().model_copy(
        update={"self_audit_period_seconds": args.period}
    )
    container = build_container(settings, start=False)
    seed.load_demo(container, demo)
    seed.seed_requests(container, demo, args.requests)
    sealing = container.audit_parts.sealing
    sealing.catch_up()
    sealing.checkpointer.checkpoint(container.audit_parts.store.size())
    log(f"prepared: {container.audit_parts.store.size():,} leaves sealed and signed")
    return container


def one_round(args: argparse.Namespace, container, running: bool, demo: Demo) -> Round:
    audit = build_self_audit(
        container.settings,
        container.audit_parts.store,
        container.ledger,
        container.audit_parts.signer,
    )
    if audit is None:
        raise SystemExit("the self-audit is turned off (GOV_SELF_AUDIT_ENABLED=false)")
    state = container.audit_parts.integrity.refresh().state or {}
    before = state.get("leaves_checked", 0)
    if running:
        audit.start()
    try:
        slices = resident_slices(demo.residents(), args.clients)
        load = warm_then_run(
            [commands.app_op(container, s) for s in slices], args.seconds
        )
    finally:
        audit.stop()
    checked = (container.audit_parts.integrity.refresh().state or {}).get(
        "leaves_checked", 0
    ) - before
    log(
        f"self-audit {'running' if running else 'stopped'}: {load.rate:,.0f} commands/s, {checked:,} leaves checked"
    )
    return Round(running, load.rate, load.ops, load.errors, checked)


def measured(args: argparse.Namespace, demo: Demo) -> list[Round]:
    backend = Backend(args.backend)
    backend.create()
    container = prepared(args, backend, demo)
    container.audit_parts.sealing.start()  # the sealer runs in both, as in the service
    try:
        return [
            one_round(args, container, running, demo)
            for pair in range(args.rounds)
            for running in ((True, False) if pair % 2 == 0 else (False, True))
        ]
    finally:
        container.close()
        backend.drop()


def ratio(rounds: list[Round], pick) -> float:
    on, off = (
        pick(r.rate for r in rounds if r.running),
        pick(r.rate for r in rounds if not r.running),
    )
    return on / off if off else 0.0


def paired(rounds: list[Round]) -> float:
    """The median over pairs of adjacent rounds (which goes first alternates) of running ÷ stopped."""
    pairs = [
        sorted(rounds[i : i + 2], key=lambda r: not r.running)
        for i in range(0, len(rounds), 2)
    ]
    ratios = [
        on.rate / off.rate
        for on, off in pairs
        if off.rate and on.running and not off.running
    ]
    return statistics.median(ratios) if ratios else 0.0


def method(
    args: argparse.Namespace, argv: list[str], figures: dict[str, str]
) -> list[str]:
    return [
        f"Run on {figures.pop('date')} with:",
        "",
        "```",
        f"python -m bench.self_audit {shlex.join(argv)}",
        "```",
        "",
        f"Code: `{figures.pop('revision')}`. One fresh database with the demo district and "
        f"{args.requests:,} seeded requests, sealed and signed first. Rounds then alternate: the "
        f"self-audit running (period {args.period:g} s over the whole log — the default is 3,600 s — "
        "in steps of at most 500 leaves a second, plus the newest leaves as they are sealed) or "
        "stopped (in pairs of rounds; which goes first alternates from pair to pair), while "
        f"{args.clients} threads raise requests through `RequestService` for "
        f"{args.seconds:g} s; the sealer runs in both, as in the service.",
    ]


def ratios(rounds: list[Round]) -> list[str]:
    """Running ÷ stopped three ways; the target is judged on the pairs (least drift)."""
    pairs = paired(rounds)
    verdict = "**met**" if pairs >= TARGET else "**not met**"
    return [
        "| Running ÷ stopped | ratio | target |",
        "|---|---:|---|",
        f"| Median of each pair of adjacent rounds | {pairs:.2f} | "
        f"≥ {TARGET}: {verdict} |",
        f"| Best round of each | {ratio(rounds, max):.2f} | |",
        f"| Median round of each | {ratio(rounds, statistics.median):.2f} | |",
    ]


def render(
    args: argparse.Namespace,
    argv: list[str],
    rounds: list[Round],
    figures: dict[str, str],
) -> str:
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[args.backend]
    rows = [
        f"| {'running' if r.running else 'stopped'} | {r.rate:,.0f} | {r.commands:,} | "
        f"{r.errors} | {r.leaves_checked:,} |"
        for r in rounds
    ]
    return "\n".join(
        [
            f"## Cost of the online self-audit: {name}",
            "",
            *method(args, argv, figures),
            "",
            "| Self-audit | commands/s | commands | errors | leaves checked in the round |",
            "|---|---:|---:|---:|---:|",
            *rows,
            "",
            *ratios(rounds),
            "",
            "| | |",
            "|---|---|",
            *(f"| {k} | {v} |" for k, v in figures.items()),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, demo, load_at_start = parse_args(argv), Demo.load(), machine.load_average()
    rounds = measured(args, demo)
    figures = {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "revision": machine.revision(),
        **machine.describe(load_at_start),
    }
    return publish(
        args.output, f"self-audit-{args.backend}", render(args, argv, rounds, figures)
    )


if __name__ == "__main__":
    sys.exit(main())
