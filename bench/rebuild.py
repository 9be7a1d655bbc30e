"""`python -m bench.rebuild --backend sqlite|postgres [--requests N] [--rounds R] [--output PATH]`.

The view rebuild rate against a raw scan of the same log, in the same run: seed N requests,
then in alternating rounds (a) read the whole log in batches (the scan), (b) decode it and
build the statements without writing (the projection's own cost), (c) rebuild the views into
fresh tables with the runner's batched, pipelined writes, and (d) the same rebuild sending one
statement a round trip (the code before set-based writes), all from the same log.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from bench import machine, seed
from bench.backend import Backend
from bench.people import Demo
from bench.report import update_doc
from bench.run import log
from infra.container import Container, build_container, build_view
from infra.runners import CatchUpRunner
from projections.dispatch import changes_for

BATCH = 1000
ARMS = ("scan", "decode", "rebuild", "one_by_one")
NAMES = {
    "scan": "raw scan: `select_notifications` in batches of 1,000",
    "decode": "decode + statements, nothing written",
    "rebuild": "rebuild into fresh tables (batched, pipelined `executemany`)",
    "one_by_one": "rebuild, one statement a round trip (before)",
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.rebuild")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    return parser.parse_args(argv)


def scan(container: Container, _: int) -> int:
    recorder, start, seen = container.ledger.recorder, 1, 0
    while notes := recorder.select_notifications(start=start, limit=BATCH):
        seen, start = seen + len(notes), notes[-1].id + 1
    return seen


def decode(container: Container, _: int) -> int:
    recorder, mapper, start, seen = (
        container.ledger.recorder,
        container.ledger.mapper,
        1,
        0,
    )
    while notes := recorder.select_notifications(start=start, limit=BATCH):
        for note in notes:
            changes_for(mapper.to_domain_event(note), note.id)
        seen, start = seen + len(notes), notes[-1].id + 1
    return seen


def fresh_view(backend: Backend, container: Container, n: int, one_by_one: bool):
    """A view over fresh tables: another schema (PostgreSQL) or another file (SQLite)."""
    settings = backend.settings()
    if backend.name == "postgres":
        settings = settings.model_copy(
            update={"postgres_schema": f"{backend.schema}_r{n}"}
        )
        backend.pg_schema(settings.postgres_schema)
    else:
        settings = settings.model_copy(
            update={"sqlite_path": backend.tmp / f"rebuild-{n}.sqlite"}
        )
    view = build_view(settings, settings.persistence_env(), None)
    view.values = container.view.values
    cast(Any, view).create_table()  # the backend's tracking recorder has it
    if one_by_one:
        view.apply_batch = one_statement_a_trip(view)  # type: ignore[method-assign]
    return view


def one_statement_a_trip(view) -> Callable:
    """The write path before set-based projections: one `execute` per statement."""

    def apply_batch(batch) -> None:
        with view.datastore.transaction(commit=True) as cursor:
            view._insert_tracking(cursor, batch[0][1])
            sql_of = getattr(view, "_sql", lambda sql: sql)
            for statements, _ in batch:
                for sql, params in statements:
                    cursor.execute(sql_of(sql), view.values.seal(params))
            if len(batch) > 1:
                view._insert_tracking(cursor, batch[-1][1])

    return apply_batch


def rebuilder(backend: Backend, one_by_one: bool) -> Callable[[Container, int], int]:
    def rebuild(container: Container, n: int) -> int:
        view = fresh_view(backend, container, n, one_by_one)
        try:
            return CatchUpRunner(container.ledger, view, batch_size=BATCH).catch_up()
        finally:
            view.datastore.close()

    return rebuild


def rounds(args: argparse.Namespace, backend: Backend, container: Container) -> dict:
    arms = {
        "scan": scan,
        "decode": decode,
        "rebuild": rebuilder(backend, one_by_one=False),
        "one_by_one": rebuilder(backend, one_by_one=True),
    }
    rates: dict[str, list[float]] = {arm: [] for arm in ARMS}
    loads = []
    for n in range(args.rounds):
        loads.append(machine.load_average())
        for arm in ARMS:
            began = time.perf_counter()
            events = arms[arm](container, len(loads) * 10 + ARMS.index(arm))
            rates[arm].append(events / (time.perf_counter() - began))
        log(f"round {n + 1}: " + ", ".join(f"{a} {rates[a][-1]:,.0f}/s" for a in ARMS))
    return {"rates": rates, "loads": loads}


def render(
    args, backend: Backend, seeded: seed.SeedResult, measured: dict, argv
) -> str:
    rates, med = measured["rates"], lambda a: statistics.median(measured["rates"][a])
    ratio = [r / s for r, s in zip(rates["rebuild"], rates["scan"], strict=True)]
    before = [r / s for r, s in zip(rates["one_by_one"], rates["scan"], strict=True)]
    lines = [
        f"## View rebuild against a raw scan: {backend.name}",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench.rebuild "
        f"{shlex.join(argv)}`; code `{machine.revision()}`; {seeded.requests:,} requests "
        f"seeded ({seeded.events:,} events in the log). Load average 1/5/15 min at each "
        f"round's start: {'; '.join(measured['loads'])}.",
        "",
        "| Arm | events/s, median of the rounds | each round |",
        "|---|---:|---|",
        *(
            f"| {NAMES[a]} | {med(a):,.0f} | "
            + ", ".join(f"{r:,.0f}" for r in rates[a])
            + " |"
            for a in ARMS
        ),
        "",
        "| Ratio to the scan of the same round | min | median | max | target |",
        "|---|---:|---:|---:|---|",
        f"| rebuild ÷ scan | {min(ratio):.2f} | {statistics.median(ratio):.2f} | "
        f"{max(ratio):.2f} | ≥ 0.5 ({'met' if statistics.median(ratio) >= 0.5 else 'not met'}) |",
        f"| one statement a round trip ÷ scan (before) | {min(before):.2f} | "
        f"{statistics.median(before):.2f} | {max(before):.2f} | |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, backend = parse_args(argv), Backend(parse_args(argv).backend)
    backend.create()
    try:
        container = build_container(backend.settings(), start=False)
        try:
            seed.load_demo(container, Demo.load())
            seeded = seed.seed_requests(container, Demo.load(), args.requests)
            log(f"{seeded.events:,} events seeded; rounds of scan and rebuild")
            section = render(
                args, backend, seeded, rounds(args, backend, container), argv
            )
        finally:
            container.close()
    finally:
        backend.drop()
    update_doc(args.output, f"rebuild-{backend.name}", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
