"""`python -m bench.group_commit --backend sqlite|postgres [--clients 8] [--seconds 10] [--rounds 3]`.

Commands per second from `--clients` threads, with and without group commit
(infra/group_commit.py), in alternating rounds on one database:

- `library`: the library's `Application.save` of a one-event aggregate, one
  transaction a save (group commit off) — the baseline the issue names;
- `library_grouped`: the same saves with group commit on;
- `app_single` / `app_grouped`: the service's `RequestService.raise_request`
  (views stopped), group commit off and on.

Each round runs the arms in turn, the order reversed every other round; each arm
warms for 1 s, then runs `--seconds`. Prints a Markdown table with the median of
each arm, the per-round ratios and the shared transactions' mean size.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bench import commands, machine, seed
from bench.backend import Backend, pg_execute
from bench.load import LoadResult, Op, percentile, warm_then_run
from bench.people import Demo, resident_slices
from infra.container import build_container

ARMS = ("library", "library_grouped", "app_single", "app_grouped")


@dataclass
class Arm:
    results: list[LoadResult] = field(default_factory=list)
    groups: int = 0  # shared transactions during the measured rounds
    grouped: int = 0  # commands they saved

    def median(self) -> LoadResult:
        return sorted(self.results, key=lambda r: r.rate)[len(self.results) // 2]


@contextmanager
def _ops(
    backend: Backend, demo: Demo, arm: str, clients: int
) -> Iterator[tuple[list[Op], Callable[[], tuple[int, int]]]]:
    """The arm's operations, and a reading of its group commit's counters."""
    settings = backend.settings().model_copy(
        update={"group_commit": arm.endswith("grouped")}
    )
    slices = resident_slices(demo.residents(), clients)
    if arm.startswith("library"):
        app = commands.BenchLibrary(env=settings.persistence_env())
        recorder, close = app.recorder, app.close
        ops = [commands.library_op(app, s) for s in slices]
    else:
        container = build_container(settings, start=False)
        recorder, close = container.ledger.recorder, container.close
        ops = [commands.app_op(container, s) for s in slices]
    group = getattr(recorder, "group_commit", None)
    try:
        yield ops, lambda: (group.groups, group.grouped) if group else (0, 0)
    finally:
        close()


def one_round(
    backend: Backend, demo: Demo, args: argparse.Namespace, arms: dict[str, Arm], n: int
) -> None:
    for name in ARMS if n % 2 == 0 else tuple(reversed(ARMS)):
        with _ops(backend, demo, name, args.clients) as (ops, counters):
            before = counters()
            arms[name].results.append(warm_then_run(ops, args.seconds))
            after = counters()
        arms[name].groups += after[0] - before[0]
        arms[name].grouped += after[1] - before[1]


def report(arms: dict[str, Arm], loads: list[str]) -> list[str]:
    lines = [
        "| arm | commands/s (median) | p50 / p99 ms | CPU ms/command | "
        "shared transactions | commands in each (mean) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ARMS:
        arm, m = arms[name], arms[name].median()
        p50, p99 = (1000 * percentile(m.latencies, q) for q in (50, 99))
        size = f"{arm.grouped / arm.groups:.1f}" if arm.groups else "–"
        errors = sum(r.errors for r in arm.results)
        lines.append(
            f"| {name} | {m.rate:,.0f} | {p50:.1f} / {p99:.1f} | "
            f"{m.cpu_ms_per_op():.2f} | {arm.groups:,} | {size} | {errors} |"
        )
    lines += ["", "| ratio (per round) | rounds | median |", "|---|---|---:|"]
    for top, bottom in (
        ("library_grouped", "library"),
        ("app_grouped", "app_single"),
        ("app_grouped", "library"),
    ):
        ratios = [
            a.rate / b.rate if b.rate else 0.0
            for a, b in zip(arms[top].results, arms[bottom].results, strict=True)
        ]
        shown = " / ".join(f"{r:.2f}" for r in ratios)
        lines.append(
            f"| {top} ÷ {bottom} | {shown} | {sorted(ratios)[len(ratios) // 2]:.2f} |"
        )
    lines += ["", f"Load average (1/5/15 min) as each round began: {'; '.join(loads)}"]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.group_commit")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    backend, demo = Backend(args.backend), Demo.load()
    backend.create()
    try:
        loader = build_container(backend.settings(), start=False)
        try:
            seed.load_demo(loader, demo)
        finally:
            loader.close()
        arms, loads = {name: Arm() for name in ARMS}, []
        for n in range(args.rounds):
            loads.append(machine.load_average())
            one_round(backend, demo, args, arms, n)
        print(f"{args.backend}, {args.clients} clients, {args.seconds:.0f} s an arm")
        print(f"code {machine.revision()}; {backend.describe()}")
        if args.backend == "postgres":
            (sync,) = pg_execute("SHOW synchronous_commit")[0]
            print(f"synchronous_commit = {sync}")
        print("\n".join(report(arms, loads)))
    finally:
        backend.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
