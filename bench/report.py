"""The figures of one run as a Markdown section, and docs/benchmarks.md kept with one section per backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.inbox import Latencies
from bench.load import LoadResult, percentile
from bench.rounds import Rounds
from bench.rounds_report import spread
from bench.seed import SeedResult

TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
API_TARGET, INBOX_P99_TARGET_MS, INBOX_TARGET_AT = 0.7, 20.0, 100_000
HEADER = """# Benchmarks

Produced by `python -m bench.run --backend sqlite|postgres` (see `bench/`). Each run uses a fresh
database, loads the demo district, seeds `--requests` requests for the inbox figures, and then
measures one command (raising a request) through the HTTP API of `gov serve`, through the
application in process, and through a bare eventsourcing `Application`, each with the same
number of concurrent threads for the same number of seconds.

`python -m bench.fanout --backend sqlite|postgres` measures top-down work: one district-wide task
fanned out through a synthetic tree of 1,111 units to 30,000 residents, every notice acknowledged,
and the time until the district's roll-up is exact, as events per second against the library's
save rate in the same run. `make bench` runs all four.

Absolute numbers depend on the machine they were taken on and are not targets. What counts are
the ratios within one run: HTTP API ÷ application (cost of the web layer) and application ÷
library (cost of the service's own command handling over a bare eventsourcing save). The inbox
latency target (p99 ≤ 20 ms at 100,000 requests) is the project's stated service objective.

The clients, the service and the database share one machine. The load-average row of each
section shows other work running on it at the same time: when it is above the number of cores,
every path slows down and the ratios are noisier. Each backend's section below is replaced when
that backend is run again; the other is kept.
"""


@dataclass
class Figures:
    backend: str
    command: str
    date: str
    where: str
    revision: str
    clients: int
    seconds: float
    seed: SeedResult
    inbox: Latencies
    api: LoadResult
    app_views: LoadResult
    app_bare: LoadResult
    library: LoadResult
    inbox_http: Latencies | None = None
    service_rss_mib: float = 0.0
    peak_rss_mib: float = 0.0
    machine: dict[str, str] = field(default_factory=dict)
    rounds: Rounds | None = None


def _ratio(a: LoadResult, b: LoadResult) -> float:
    return a.rate / b.rate if b.rate else 0.0


def _load_row(name: str, r: LoadResult, http: bool = False) -> str:
    ms = lambda q: f"{1000 * percentile(r.latencies, q):.1f}"  # noqa: E731
    cpu = (
        f"{r.cpu_ms_per_op(service=True):.2f} service + {r.cpu_ms_per_op():.2f} clients"
        if http
        else f"{r.cpu_ms_per_op():.2f}"
    )
    return f"| {name} | {r.rate:,.0f} | {r.ops:,} | {ms(50)} | {ms(99)} | {cpu} | {r.errors}{_error(r)} |"


def _error(r: LoadResult) -> str:
    return f" ({r.first_error[:80]})" if r.errors else ""


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _commands(f: Figures) -> list[str]:
    return [
        f"### Commands: raise a request, {f.clients} concurrent threads, {f.seconds:g} s each (after 1 s warm-up)",
        "",
        "| Path | commands/s | commands | p50 ms | p99 ms | CPU ms/command | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        _load_row(
            "HTTP API: `POST /api/v1/requests` to `gov serve` (httpx, keep-alive, loopback)",
            f.api,
            True,
        ),
        _load_row(
            "Application: `RequestService.raise_request`, views updating (as the service runs)",
            f.app_views,
        ),
        _load_row(
            "Application: `RequestService.raise_request`, views stopped", f.app_bare
        ),
        _load_row(
            "Library: `Application.save` of a one-event aggregate with the same fields",
            f.library,
        ),
        "",
        "CPU ms/command is Python process time (all threads, user + system) over the measured seconds divided "
        "by the commands completed; the database server's own CPU is not included. In process it includes "
        "the view runner's thread when the views are updating.",
        "",
    ]


def _views(f: Figures) -> list[str]:
    how = (
        "a CatchUpRunner thread polling every 0.2 s, 500 events a transaction"
        if f.backend == "sqlite"
        else "a catch-up thread woken by the library's LISTEN/NOTIFY subscription, up to 500 events a "
        "transaction"
    )
    rows = [
        (name, r)
        for name, r in (
            ("HTTP API (views in the service process)", f.api),
            ("Application, views updating", f.app_views),
        )
        if r.positions
    ]
    return [
        f"Views during those runs ({how}); every command above writes one event:",
        "",
        "| Path | commands/s | events applied to the views /s | events not yet applied at the end |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {r.rate:,.0f} | {r.views_rate():,.0f} | {r.views_lag():,} |"
            for name, r in rows
        ),
        "",
    ]


def _ratios(f: Figures) -> list[str]:
    api = _ratio(f.api, f.app_views)
    target = (
        f"≥ {API_TARGET} | {_met(api >= API_TARGET)}"
        if f.backend == "postgres"
        else f"≥ {API_TARGET} on PostgreSQL | not assessed on SQLite ({_met(api >= API_TARGET)} if it were)"
    )
    return [
        "| Ratio | value | target | |",
        "|---|---:|---|---|",
        f"| HTTP API ÷ application (views updating in both) | {api:.2f} | {target} |",
        f"| Application (views stopped) ÷ library | {_ratio(f.app_bare, f.library):.2f} | none (informational) | |",
        f"| Application views updating ÷ views stopped | {_ratio(f.app_views, f.app_bare):.2f} "
        "| none (informational) | |",
        "",
    ]


def _seeding(f: Figures) -> str:
    s = f.seed
    rate = s.events / s.write_seconds if s.write_seconds else 0.0
    views = (
        ""
        if s.caught_up
        else " **The views had not caught up: the figures below are on a partial view.**"
    )
    applied = s.events / s.catch_up_seconds if s.catch_up_seconds else 0.0
    return (
        f"Seeded {s.requests:,} requests by random demo residents ({s.events:,} events: 70 % left new, "
        "8 % accepted, 7 % resolved, 15 % escalated one to three levels), built by `RequestService` commands "
        f"and saved with `Ledger.save` in batches of 500 in {s.write_seconds:.1f} s ({rate:,.0f} events/s). "
        f"The service's `CatchUpRunner` (500 events a transaction) then applied them to the views in "
        f"{s.catch_up_seconds:.1f} s ({applied:,.0f} events/s).{views}"
        + (
            f" Then {s.settled}, as autovacuum would soon after a bulk load."
            if s.settled
            else ""
        )
    )


def _inbox_row(name: str, lat: Latencies, requests: int) -> str:
    p99 = lat.ms(99)
    verdict = (
        _met(p99 <= INBOX_P99_TARGET_MS)
        if requests >= INBOX_TARGET_AT
        else "not assessed (< 100,000 requests)"
    )
    return (
        f"| {name} | {len(lat.samples):,} | {lat.ms(50):.2f} | {p99:.2f} | {verdict} |"
    )


def _inbox(f: Figures) -> list[str]:
    lines = [
        f"### Inbox at {f.seed.requests:,} requests",
        "",
        _seeding(f),
        "",
        "Random units of all levels, `limit=50`, one query at a time, read as the demo administrator "
        "(`QueryService.inbox`: registry check, page, counts).",
        "",
        "| Path | queries | p50 ms | p99 ms | p99 ≤ 20 ms |",
        "|---|---:|---:|---:|---|",
        _inbox_row("In process: `QueryService.inbox`", f.inbox, f.seed.requests),
    ]
    if f.inbox_http:
        lines.append(
            _inbox_row(
                "HTTP: `GET /api/v1/units/{code}/inbox`", f.inbox_http, f.seed.requests
            )
        )
    lines += [
        "",
        "In process, by level of the unit:",
        "",
        "| Level | queries | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for level, samples in f.inbox.by_level.items():
        lines.append(
            f"| {level} | {len(samples):,} | {f.inbox.ms(50, level):.2f} | {f.inbox.ms(99, level):.2f} |"
        )
    return [*lines, ""]


def _machine(f: Figures) -> list[str]:
    return [
        "### Memory and machine",
        "",
        f"Peak RSS of the bench process: {f.peak_rss_mib:,.0f} MiB; of the service process: "
        f"{f.service_rss_mib:,.0f} MiB.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in f.machine.items()),
        "",
    ]


def render(f: Figures) -> str:
    lines = [
        f"## {TITLES[f.backend]}",
        "",
        f"Run on {f.date} with:",
        "",
        "```",
        f.command,
        "```",
        "",
        f"Code: `{f.revision}`. Database: {f.where}.",
        "",
        *_commands(f),
        *_ratios(f),
        *spread(f.rounds),
        *_views(f),
        *_inbox(f),
        *_machine(f),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _markers(backend: str) -> tuple[str, str]:
    return f"<!-- bench:{backend}:begin -->", f"<!-- bench:{backend}:end -->"


def update_doc(path: Path, backend: str, section: str) -> None:
    """Replace this section where it stands, or add it at the end; every other line is kept
    (prose between the sections too: an earlier version dropped what stood below the first)."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    begin, end = _markers(backend)
    block = f"{begin}\n{section}{end}"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        updated = before + block + rest.split(end, 1)[1]
    else:
        updated = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def publish(path: Path, key: str, section: str) -> int:
    """Write the section into its place in the document and show it; a bench's exit code."""
    update_doc(path, key, section)
    print(section)
    return 0
