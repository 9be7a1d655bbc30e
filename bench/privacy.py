"""`python -m bench.privacy --backend sqlite|postgres [--seconds S] [--clients C] [--requests N] [--rounds R]`.

The cost of per-person encryption, measured in one run on fresh databases: the same commands
(raising a request, in process, views stopped) and the same replay (every event of the log read
and decoded as a projection rebuild does, and turned into view statements) with encryption on and
off. Both logs are prepared first; rounds then alternate between them, so drift of the shared machine
falls on both alike, and the best round of each is compared. Writes a section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import commands, machine, seed
from bench.backend import Backend
from bench.load import warm_then_run
from bench.people import Demo, resident_slices
from bench.privacy_report import PrivacyFigures, Round, render
from bench.report import update_doc
from infra.container import build_container, build_view
from infra.runners import CatchUpRunner
from infra.settings import Settings
from projections.dispatch import changes_for


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.privacy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--clients", type=int, default=4, help="concurrent threads raising requests"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=5.0,
        help="duration of each command measurement",
    )
    parser.add_argument(
        "--requests", type=int, default=20_000, help="requests seeded before the replay"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="alternating rounds of on and off"
    )
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def replay_rate(container, page: int = 1000) -> tuple[int, float]:
    """Events per second read from the log, decoded by the ledger's mapper and turned into view statements."""
    recorder, mapper, start, count = (
        container.ledger.recorder,
        container.ledger.mapper,
        1,
        0,
    )
    began = time.perf_counter()
    while notes := recorder.select_notifications(start=start, limit=page):
        for note in notes:
            changes_for(mapper.to_domain_event(note), note.id)
        count, start = count + len(notes), notes[-1].id + 1
    return count, count / (time.perf_counter() - began)


def rebuild_rate(container, where: Path) -> float:
    """Events per second rebuilt into a fresh SQLite view by the service's own catch-up runner."""
    fresh = Settings(sqlite_path=where / f"rebuild-{time.monotonic_ns()}.sqlite")
    view = build_view(fresh, fresh.persistence_env())
    try:
        began = time.perf_counter()
        applied = CatchUpRunner(container.ledger, view, batch_size=1000).catch_up()
        return applied / (time.perf_counter() - began)
    finally:
        view.datastore.close()


@dataclass
class Log:
    """One of the two logs measured: a fresh database with the demo district and the seeded requests."""

    encrypted: bool
    backend: Backend
    container: Any


def prepared(args: argparse.Namespace, encrypted: bool, demo: Demo) -> Log:
    backend = Backend(args.backend)
    backend.create()
    settings = backend.settings().model_copy(
        update={"personal_data_encryption": encrypted, "mode": "development"}
    )
    container = build_container(settings, start=False)
    seed.load_demo(container, demo)
    seed.seed_requests(container, demo, args.requests)
    return Log(encrypted, backend, container)


def one_round(args: argparse.Namespace, log_: Log, demo: Demo) -> Round:
    events, replay = replay_rate(log_.container)
    rebuild = rebuild_rate(log_.container, log_.backend.tmp)
    slices = resident_slices(demo.residents(), args.clients)
    load = warm_then_run(
        [commands.app_op(log_.container, s) for s in slices], args.seconds
    )
    log(
        f"encryption {'on ' if log_.encrypted else 'off'}: commands {load.rate:,.0f}/s, replay {replay:,.0f} events/s, "
        f"rebuild {rebuild:,.0f} events/s"
    )
    return Round(
        log_.encrypted, load.rate, load.ops, load.errors, events, replay, rebuild
    )


def measured(args: argparse.Namespace, demo: Demo) -> list[Round]:
    """Both logs first, then rounds alternating between them, so drift of the shared machine falls on both."""
    logs = [prepared(args, encrypted, demo) for encrypted in (True, False)]
    try:
        return [
            one_round(args, log_, demo) for _ in range(args.rounds) for log_ in logs
        ]
    finally:
        for log_ in logs:
            log_.container.close()
            log_.backend.drop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, demo, load_at_start = parse_args(argv), Demo.load(), machine.load_average()
    rounds = measured(args, demo)
    figures = PrivacyFigures(
        backend=args.backend,
        command=f"python -m bench.privacy {shlex.join(argv)}",
        rounds=rounds,
        date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        revision=machine.revision(),
        clients=args.clients,
        seconds=args.seconds,
        requests=args.requests,
        machine=machine.describe(load_at_start),
    )
    section = render(figures)
    update_doc(args.output, f"privacy-{args.backend}", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
