"""`python -m bench.pages --backend sqlite|postgres [--requests N] [--reads R] [--rounds K]`.

The console's staff inbox page against the JSON inbox it is built on: the same units,
the same reader, the same application in process (Starlette's test client, no network),
in rounds alternating between the two. Reports pages served per second ÷ JSON answers
per second (target ≥ 0.5) and the page's p99 (target ≤ 50 ms at 100,000 requests).
Writes a section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from api.web.pages_inbox import PAGE_SIZE
from bench import machine, seed
from bench.backend import Backend
from bench.inbox import random_units
from bench.load import percentile
from bench.people import Demo
from bench.report import update_doc
from infra.app import create_app
from infra.container import build_container

PAGES_TARGET, PAGE_P99_TARGET_MS = 0.5, 50.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument(
        "--reads", type=int, default=500, help="reads of each arm a round"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", default="docs/benchmarks.md")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def clients(container, demo: Demo) -> dict[str, tuple[TestClient, str]]:
    """Each arm: a client signed in as the demo reader, and its URL pattern."""
    app, reader = create_app(container=container), demo.reader()
    page = TestClient(app)
    page.cookies.set("gov_session", container.signin.sessions.start(reader.person_id))
    json = TestClient(app)
    json.headers["Authorization"] = f"Bearer {container.tokens.issue(reader.person_id)}"
    return {
        "page": (page, "/units/{unit}/inbox"),
        "json": (json, f"/api/v1/units/{{unit}}/inbox?limit={PAGE_SIZE}"),
    }


def timed(client: TestClient, pattern: str, units: list[str]) -> tuple[float, list]:
    """Seconds for all the reads, and each read's latency."""
    latencies, began = [], time.perf_counter()
    for unit in units:
        start = time.perf_counter()
        answer = client.get(pattern.format(unit=unit))
        if answer.status_code != 200:
            raise RuntimeError(f"{pattern} for {unit}: {answer.status_code}")
        latencies.append(time.perf_counter() - start)
    return time.perf_counter() - began, latencies


def rounds(args: argparse.Namespace, arms: dict, demo: Demo) -> list[dict]:
    for client, pattern in arms.values():  # warm-up
        timed(client, pattern, random_units(demo, 30, seed=3))
    measured = []
    for n in range(args.rounds):
        units = random_units(demo, args.reads, seed=100 + n)
        for name, (client, pattern) in arms.items():
            seconds, latencies = timed(client, pattern, units)
            row = {
                "round": n + 1,
                "arm": name,
                "per_second": len(units) / seconds,
                "p50": 1000 * percentile(latencies, 50),
                "p99": 1000 * percentile(latencies, 99),
                "load": machine.load_average(),
            }
            log(
                f"round {n + 1} {name}: {row['per_second']:.0f}/s, p99 {row['p99']:.1f} ms"
            )
            measured.append(row)
    return measured


def verdicts(measured: list[dict]) -> list[str]:
    by = {a: [r for r in measured if r["arm"] == a] for a in ("page", "json")}
    ratios = [
        p["per_second"] / j["per_second"] for p, j in zip(*by.values(), strict=True)
    ]
    p99 = statistics.median(r["p99"] for r in by["page"])
    met = "**met**" if statistics.median(ratios) >= PAGES_TARGET else "**not met**"
    p99_met = "**met**" if p99 <= PAGE_P99_TARGET_MS else "**not met**"
    return [
        f"| pages/s ÷ JSON/s | {statistics.median(ratios):.2f} (rounds: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}) | ≥ {PAGES_TARGET}: {met} |",
        f"| inbox page p99 (median of rounds) | {p99:.1f} ms | "
        f"≤ {PAGE_P99_TARGET_MS:.0f} ms: {p99_met} |",
    ]


def render(args, argv, result, measured: list[dict], describe: dict) -> str:
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[args.backend]
    rows = [
        f"| {r['round']} | {r['arm']} | {r['per_second']:.0f} | {r['p50']:.1f} | "
        f"{r['p99']:.1f} | {r['load']} |"
        for r in measured
    ]
    return "\n".join(
        [
            f"## Console inbox page against the JSON inbox: {name}",
            "",
            f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with:",
            "",
            "```",
            f"python -m bench.pages {shlex.join(argv)}",
            "```",
            "",
            f"Code: `{machine.revision()}`. The demo district and {result.requests:,} seeded "
            f"requests ({result.events:,} events), views caught up. Each round: the same "
            f"{args.reads:,} random units read as the staff inbox page (`/units/{{code}}/inbox`, "
            "HTML with counts, filters and open tasks) and as JSON "
            f"(`/api/v1/units/{{code}}/inbox?limit={PAGE_SIZE}`, the page's size), by the "
            "demo administrator, in "
            "process through the same application; the arms alternate within each round.",
            "",
            "| Round | arm | reads/s | p50 ms | p99 ms | load average (1, 5, 15 min) after |",
            "|---:|---|---:|---:|---:|---|",
            *rows,
            "",
            "| Figure | measured | target |",
            "|---|---|---|",
            *verdicts(measured),
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
        container = build_container(backend.settings(), start=False)
        seed.load_demo(container, demo)
        result = seed.seed_requests(container, demo, args.requests)
        seed.catch_up(container, result)
        backend.settle()
        log(f"seeded {result.requests:,} requests ({result.events:,} events)")
        measured = rounds(args, clients(container, demo), demo)
        section = render(args, argv, result, measured, machine.describe(load_at_start))
        container.close()
    finally:
        backend.drop()
    update_doc(Path(args.output), f"pages-{args.backend}", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
