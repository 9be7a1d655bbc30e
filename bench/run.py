"""`python -m bench.run --backend sqlite|postgres [--requests N] [--clients C] [--seconds S] [--output PATH]`.

One run on one fresh database: seed N requests and time inbox queries, then raise requests for S
seconds from C threads through the HTTP API (`gov serve` in a subprocess), through the application
in process, and through a bare eventsourcing Application; write the figures to PATH.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from application.tokens import TokenService
from bench import commands, machine, seed, server
from bench.backend import Backend
from bench.inbox import inbox_in_process, inbox_over_http
from bench.load import Probes, warm_then_run
from bench.people import Demo, resident_slices
from bench.report import Figures, render, update_doc
from infra.container import Container, build_container


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


def over_http(args: argparse.Namespace, backend: Backend, demo: Demo) -> dict:
    tokens, slices = (
        TokenService(backend.secret),
        resident_slices(demo.residents(), args.clients),
    )
    with server.running_service(
        backend.server_env(), backend.tmp / "service.log"
    ) as service:
        log(f"service up at {service.url}; raising requests over HTTP")
        probes = Probes(service.cpu_seconds, lambda: server.positions(service.url))
        api = warm_then_run(
            [commands.api_op(service.url, tokens, s) for s in slices],
            args.seconds,
            probes,
        )
        log(
            f"HTTP: {api.rate:,.0f}/s; waiting for the service's views, then timing the inbox over HTTP"
        )
        server.wait_caught_up(service.url)
        inbox_http = inbox_over_http(service.url, tokens, demo, args.http_inbox_queries)
    return {
        "api": api,
        "inbox_http": inbox_http,
        "service_rss_mib": machine.children_peak_rss_mib(),
    }


def positions(container: Container) -> tuple[int, int]:
    """The log's position and the views'."""
    return container.ledger.position(), container.view.position()


def in_process(args: argparse.Namespace, backend: Backend, demo: Demo) -> dict:
    slices, results = resident_slices(demo.residents(), args.clients), {}
    for key, views in (("app_views", True), ("app_bare", False)):
        container = build_container(backend.settings(), start=views)
        try:
            probes = Probes(positions=partial(positions, container))
            results[key] = warm_then_run(
                [commands.app_op(container, s) for s in slices], args.seconds, probes
            )
            log(
                f"application ({'views updating' if views else 'views stopped'}): {results[key].rate:,.0f}/s"
            )
        finally:
            container.close()
    return results


def library(args: argparse.Namespace, backend: Backend, demo: Demo) -> dict:
    app = commands.BenchLibrary(env=backend.settings().persistence_env())
    try:
        slices = resident_slices(demo.residents(), args.clients)
        result = warm_then_run(
            [commands.library_op(app, s) for s in slices], args.seconds
        )
        log(f"library: {result.rate:,.0f}/s")
        return {"library": result}
    finally:
        app.close()


def measure(args: argparse.Namespace, backend: Backend) -> dict:
    demo = Demo.load()
    backend.create()
    try:
        return {
            **seed_and_inbox(args, backend, demo),
            **over_http(args, backend, demo),
            **in_process(args, backend, demo),
            **library(args, backend, demo),
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
