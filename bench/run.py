"""`python -m bench.run --backend sqlite|postgres [--requests N] [--clients C] [--seconds S] [--output PATH]`.

One run on one fresh database: seed N requests and time inbox queries, then raise requests for S
seconds from C threads through the HTTP API (`gov serve` in a subprocess), through the application
in process, and through a bare eventsourcing Application, in alternating rounds, each arm after
the views and sealing have settled; write the figures and their spread to PATH.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import machine, seed
from bench.backend import Backend
from bench.inbox import inbox_in_process
from bench.people import Demo
from bench.report import Figures, render, update_doc
from bench.rounds import ARMS, Arms, Rounds
from infra.container import build_container


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--requests",
        type=int,
        default=100_000,
        help="requests seeded for the inbox figures",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=8,
        help="concurrent threads for the command figures",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=10.0,
        help="duration of each command measurement",
    )
    parser.add_argument(
        "--inbox-queries", type=int, default=2000, help="in-process inbox queries timed"
    )
    parser.add_argument(
        "--http-inbox-queries",
        type=int,
        default=300,
        help="inbox queries timed over HTTP",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="alternating rounds of the command arms (the spread is reported)",
    )
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def seed_and_inbox(args: argparse.Namespace, backend: Backend, demo: Demo) -> dict:
    container = build_container(backend.settings(), start=False)
    try:
        log(
            f"demo district loaded: {seed.load_demo(container, demo)} events; seeding {args.requests:,} requests"
        )
        seeded = seed.seed_requests(container, demo, args.requests)
        log(
            f"{seeded.events:,} events written in {seeded.write_seconds:.1f} s; waiting for the views"
        )
        seed.catch_up(container, seeded)
        container.audit_parts.sealing.catch_up()  # sealed now, not in a measured arm
        seeded.settled = backend.settle()
        log(
            f"views caught up: {seeded.caught_up} after {seeded.catch_up_seconds:.1f} s; timing the inbox"
        )
        return {
            "seed": seeded,
            "inbox": inbox_in_process(container, demo, args.inbox_queries),
        }
    finally:
        container.close()


def alternating(args: argparse.Namespace, backend: Backend, demo: Demo) -> dict:
    """Every command arm once a round, settled first, for `--rounds` rounds (bench/rounds.py)."""
    rounds = Rounds()
    arms = Arms(args, backend, demo, rounds)
    for n in range(args.rounds):
        try:
            arms.one_round()
        except Exception as error:  # e.g. a shared server out of connections
            if n == 0:
                raise
            log(f"round {n + 1} failed ({error}); reporting the {n} rounds done")
            rounds.drop_partial()
            break
        rates = ", ".join(f"{a} {rounds.results[a][-1].rate:,.0f}/s" for a in ARMS)
        log(f"round {n + 1}/{args.rounds} (load {rounds.loads[-1]}): {rates}")
    return {
        **{arm: rounds.median(arm) for arm in ARMS},
        "rounds": rounds,
        "inbox_http": arms.inbox_http,
        "service_rss_mib": machine.children_peak_rss_mib(),
    }


def measure(args: argparse.Namespace, backend: Backend) -> dict:
    demo = Demo.load()
    backend.create()
    try:
        return {
            **seed_and_inbox(args, backend, demo),
            **alternating(args, backend, demo),
        }
    finally:
        backend.drop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    backend, load_at_start = Backend(args.backend), machine.load_average()
    parts = measure(args, backend)
    figures = Figures(
        backend=args.backend,
        command=f"python -m bench.run {shlex.join(argv)}",
        date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        where=backend.describe(),
        revision=machine.revision(),
        clients=args.clients,
        seconds=args.seconds,
        peak_rss_mib=machine.peak_rss_mib(),
        machine=machine.describe(load_at_start),
        **parts,
    )
    section = render(figures)
    update_doc(args.output, args.backend, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
