"""`python -m bench.view_privacy --backend sqlite|postgres [--requests N] [--queries Q] [--rounds R]`.

The cost of the sealed read model: inbox latency (`QueryService.inbox`, in process) over the
same log read through two views, one holding personal values sealed with their subject's
key (the service's own) and one holding them in clear (built for the baseline only), in
rounds alternating between them. Writes a section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from application.privacy.view_values import PREFIX, ViewValues
from application.requests.queries import QueryService
from application.tasks.queries import TaskQueryService
from bench import machine, seed
from bench.backend import Backend, pg_execute
from bench.inbox import LIMIT, inbox_in_process
from bench.people import Demo
from bench.report import update_doc
from infra.container import build_container, build_view
from infra.runners import CatchUpRunner

TARGET = 1.25  # sealed p99 at most 1.25 × the plaintext view's


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.view_privacy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000, help="inbox reads a round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each view")
    parser.add_argument("--output", default="docs/benchmarks.md")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def plain_view(backend: Backend, settings: Any) -> Any:
    """A second view of the same log with personal values in clear (the baseline)."""
    if backend.name == "sqlite":
        plain = settings.model_copy(
            update={"sqlite_path": backend.tmp / "plain.sqlite"}
        )
    else:
        plain = settings.model_copy(
            update={"postgres_schema": backend.schema + "_plain"}
        )
        pg_execute(f'CREATE SCHEMA "{plain.postgres_schema}"')
    return build_view(plain, plain.persistence_env(), None)


def queries_over(container: Any, view: Any) -> SimpleNamespace:
    tasks = TaskQueryService(container.ledger, view, container.task_queries.clock)
    return SimpleNamespace(queries=QueryService(container.ledger, view, tasks))


def same_pages(sealed: Any, plain: Any, demo: Demo) -> None:
    """Both views answer alike, and the sealed one was opened (else the bench measures nothing)."""
    for unit in demo.unit_codes()[:40]:
        a = sealed.queries.inbox(unit, [], [], 0, LIMIT)["items"]
        b = plain.queries.inbox(unit, [], [], 0, LIMIT)["items"]
        assert a == b, f"the two views differ at {unit}"
        assert not any(str(i["title"]).startswith(PREFIX) for i in a)


def prepared(args: argparse.Namespace, backend: Backend, demo: Demo) -> tuple[Any, ...]:
    settings = backend.settings()
    container = build_container(settings, start=False)
    seed.load_demo(container, demo)
    result = seed.seed_requests(container, demo, args.requests)
    log(f"seeded {result.requests:,} requests ({result.events:,} events)")
    began = time.perf_counter()
    seed.catch_up(container, result)
    sealed_seconds = time.perf_counter() - began
    view = plain_view(backend, settings)
    began = time.perf_counter()
    CatchUpRunner(container.ledger, view, batch_size=500).catch_up()
    plain_seconds = time.perf_counter() - began
    log(f"views built: sealed {sealed_seconds:.1f} s, plain {plain_seconds:.1f} s")
    backend.settle()
    if backend.name == "postgres":  # the plain view's schema gets its statistics too
        replace(backend, schema=backend.schema + "_plain", tmp=backend.tmp).settle()
    return container, view, result, sealed_seconds, plain_seconds


def rounds(args: argparse.Namespace, arms: dict[str, Any], demo: Demo) -> list[dict]:
    measured = []
    for n in range(args.rounds):
        for name, arm in arms.items():
            latencies = inbox_in_process(arm, demo, args.queries)
            row = {
                "round": n + 1,
                "view": name,
                "p50": latencies.ms(50),
                "p99": latencies.ms(99),
                "load": machine.load_average(),
            }
            log(
                f"round {n + 1} {name}: p50 {row['p50']:.2f} ms, p99 {row['p99']:.2f} ms"
            )
            measured.append(row)
    return measured


def ratios(measured: list[dict], arm: str) -> tuple[float, float]:
    """Best round's p99, `arm` ÷ plain; and the median of each round's own ratio."""
    p99 = {v: [r["p99"] for r in measured if r["view"] == v] for v in (arm, "plain")}
    best = min(p99[arm]) / min(p99["plain"])
    return best, statistics.median(
        s / p for s, p in zip(p99[arm], p99["plain"], strict=False)
    )


def ratio_rows(measured: list[dict]) -> list[str]:
    rows = []
    for arm in ("sealed", "sealed, no cache"):
        best, median = ratios(measured, arm)
        verdict = "**met**" if best <= TARGET else "**not met**"
        rows.append(f"| {arm} | {best:.2f} | {median:.2f} | ≤ {TARGET}: {verdict} |")
    return rows


def setup_text(args: argparse.Namespace, built: tuple) -> str:
    _, _, result, sealed_s, plain_s = built
    return (
        f"Code: `{machine.revision()}`. One log: the demo district and {result.requests:,} "
        f"seeded requests ({result.events:,} events), read through views built from it by "
        "the service's catch-up runner: the service's own, whose personal values (names, "
        f"titles, timeline texts, notes) are sealed with each subject's key ({sealed_s:.1f} s "
        "to build), read as the service reads it (*sealed*: opened values cached per "
        "process, dropped on any erasure) and with that cache off (*sealed, no cache*: "
        "every value of every page decrypted on every read), and one view with the "
        f"values in clear, built for this baseline only ({plain_s:.1f} s; *plain*). "
        f"Each round: {args.queries:,} `QueryService.inbox` reads of random units, "
        f"`limit={LIMIT}`, in process (50 warm-up reads first); rounds alternate "
        "between the three."
    )


def render(
    args: argparse.Namespace,
    argv: list[str],
    built: tuple,
    measured: list[dict],
    describe: dict[str, str],
) -> str:
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[args.backend]
    rows = [
        f"| {r['round']} | {r['view']} | {r['p50']:.2f} | {r['p99']:.2f} | {r['load']} |"
        for r in measured
    ]
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    command = f"python -m bench.view_privacy {shlex.join(argv)}"
    return "\n".join(
        [
            f"## Cost of the sealed read model: {name}",
            "",
            f"Run on {when} with:",
            "",
            "```",
            command,
            "```",
            "",
            setup_text(args, built),
            "",
            "| Round | view | p50 ms | p99 ms | load average (1, 5, 15 min) after |",
            "|---:|---|---:|---:|---|",
            *rows,
            "",
            "| Inbox p99 ÷ plain | best round of each | median of the rounds' ratios | target |",
            "|---|---:|---:|---|",
            *ratio_rows(measured),
            "",
            "| | |",
            "|---|---|",
            *(f"| {k} | {v} |" for k, v in describe.items()),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, demo, load_at_start = parse_args(argv), Demo.load(), machine.load_average()
    backend = Backend(args.backend)
    backend.create()
    try:
        built = prepared(args, backend, demo)
        container, view = built[0], built[1]
        uncached = build_view(container.settings, container.settings.persistence_env())
        uncached.values = ViewValues(container.ledger.keyring, cache_size=0)
        arms = {
            "sealed": queries_over(container, container.view),
            "sealed, no cache": queries_over(container, uncached),
            "plain": queries_over(container, view),
        }
        same_pages(arms["sealed"], arms["plain"], demo)
        measured = rounds(args, arms, demo)
        section = render(args, argv, built, measured, machine.describe(load_at_start))
        view.datastore.close()
        uncached.datastore.close()
        container.close()
    finally:
        if args.backend == "postgres":
            pg_execute(f'DROP SCHEMA IF EXISTS "{backend.schema}_plain" CASCADE')
        backend.drop()
    update_doc(Path(args.output), f"view-privacy-{args.backend}", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
