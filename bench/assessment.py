"""`python -m bench.assessment --backend postgres|sqlite [--events N] [--rounds R] [--output PATH]`.

The assessment pack (BZ-A2) for the whole demo district over a year of synthetic activity,
against a raw scan of the same log in the same run: seed about N events over 365 service days
(bench/year.py, the training clock moved a day at a time), let the views catch up, then in
alternating rounds time (a) the district's assessment for the year, in its JSON form, as
`GET /units/{district}/assessment?from=…&to=…` computes it, and (b) a raw scan of the whole
event log (every stored event selected in batches of 1,000, nothing decoded).
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from api.reads.assessment import AssessmentRead
from application.assessment.period import Period, parse_period
from bench import kept, machine, seed
from bench.backend import Backend
from bench.people import Demo
from bench.rebuild import scan
from bench.report import publish
from bench.run import log
from bench.year import YearResult, seed_year
from domain.calendar import CHINA
from infra.container import Container, build_container
from infra.runners import CatchUpRunner

TARGET_SECONDS = 2.0
NEWER_REQUESTS = 100
ARMS = ("assessment", "again", "scan")
NAMES = {
    "assessment": "district assessment for the year, JSON (the API's call), first in the process: the view's marks grouped",
    "again": f"the same again after {NEWER_REQUESTS} more requests",
    "scan": "raw scan: every stored event, batches of 1,000, no decoding",
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.assessment", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--keep", type=Path, help="keep the seeded database; its name and keys to FILE"
    )
    parser.add_argument(
        "--reuse", type=Path, help="measure a database kept with --keep (no seeding)"
    )
    return parser.parse_args(argv)


def district(demo: Demo) -> str:
    return next(u.code for u in demo.units if u.parent is None)


def assess_json(container: Container, unit: str, period: Period) -> str:
    pack = container.assessment.assess(unit, period)
    return AssessmentRead.model_validate(pack).model_dump_json()


def timed(run: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    value = run()
    return time.perf_counter() - began, value


def prepare(args: argparse.Namespace, backend: Backend, demo: Demo) -> dict:
    """Seed the year, catch the views up, settle; the period covers the seeded days."""
    container = build_container(backend.settings(), start=False)
    try:
        seed.load_demo(container, demo)
        first = container.clock().astimezone(CHINA).date()
        log(f"seeding about {args.events:,} events over {args.days} service days")
        seeded = seed_year(container, demo, args.events, args.days)
        log(f"{seeded.events:,} events in {seeded.write_seconds:.1f} s; the views next")
        caught_up, _ = timed(CatchUpRunner(container.ledger, container.view).catch_up)
        log(f"views caught up in {caught_up:.1f} s")
        settled = backend.settle()
        last = first + timedelta(days=args.days - 1)
        return {
            "seeded": seeded,
            "catch_up_seconds": caught_up,
            "log_events": container.ledger.position(),
            "settled": settled,
            "period": parse_period(None, first, last),
        }
    finally:
        container.close()


def newer_activity(container: Container, demo: Demo, count: int) -> int:
    """The service going on between two assessments: `count` more requests raised (after the
    seeded year, so they count only as open now), the views caught up; untimed."""
    more = seed.Seeder(container, demo)
    for n in range(count):
        more.one(n)
    events = more.batch.flush()
    CatchUpRunner(container.ledger, container.view).catch_up()
    return events


def one_round(container: Container, demo: Demo, period: Period) -> dict[str, Any]:
    """First in a fresh process, again after newer activity, the raw scan."""
    unit = district(demo)
    first, sample = timed(lambda: assess_json(container, unit, period))
    newer = newer_activity(container, demo, NEWER_REQUESTS)
    again, _ = timed(lambda: assess_json(container, unit, period))
    raw, events = timed(lambda: scan(container, 0))
    times = {"assessment": first, "again": again, "scan": raw}
    return {"seconds": times, "sample": sample, "events": events, "newer": newer}


def rounds(
    args: argparse.Namespace, backend: Backend, demo: Demo, period: Period
) -> dict:
    """Every arm once a round, each round in a fresh container (nothing kept from the last)."""
    seconds: dict[str, list[float]] = {arm: [] for arm in ARMS}
    loads, done = [], {}
    for n in range(args.rounds):
        loads.append(machine.load_average())
        container = build_container(backend.settings(), start=False)
        try:
            done = one_round(container, demo, period)
        finally:
            container.close()
        for arm in ARMS:
            seconds[arm].append(done["seconds"][arm])
        log(f"round {n + 1}: " + ", ".join(f"{a} {seconds[a][-1]:.2f} s" for a in ARMS))
    return {**done, "seconds": seconds, "loads": loads}


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f} | {statistics.median(values):.2f} | {max(values):.2f}"


def _where(backend: Backend, argv: list[str]) -> str:
    if "--keep" in argv or "--reuse" in argv:
        return backend.describe().replace(
            "dropped afterwards", "kept by `--keep` and measured again by `--reuse`"
        )
    return backend.describe()


def _ratios(seconds: dict[str, list[float]], arm: str) -> list[float]:
    return [a / s for a, s in zip(seconds[arm], seconds["scan"], strict=True)]


def _verdict(seconds: dict[str, list[float]], arm: str) -> str:
    slowest = max(seconds[arm])
    met = "met" if slowest <= TARGET_SECONDS else "not met"
    return f"**{met}** (median {statistics.median(seconds[arm]):.2f} s, slowest {slowest:.2f} s)"


def render(argv: list[str], backend: Backend, ready: dict, measured: dict) -> str:
    seconds = measured["seconds"]
    rows = zip(measured["loads"], *(seconds[a] for a in ARMS), strict=True)
    return "\n".join(
        [
            f"## Assessment of the district over a year: {backend.name}",
            "",
            f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench.assessment "
            f"{shlex.join(argv)}`; code `{machine.revision()}`; {_where(backend, argv)}.",
            "",
            _seeding(ready["seeded"], ready),
            "",
            "| Arm | seconds: min | median | max |",
            "|---|---:|---:|---:|",
            *(f"| {NAMES[a]} | {_spread(seconds[a])} |" for a in ARMS),
            f"| first ÷ scan, same round | {_spread(_ratios(seconds, 'assessment'))} |",
            f"| again ÷ scan, same round | {_spread(_ratios(seconds, 'again'))} |",
            "",
            "| Round | load 1/5/15 min at its start | first s | again s | scan s |",
            "|---:|---|---:|---:|---:|",
            *(
                f"| {n} | {load} | {a:.2f} | {c:.2f} | {s:.2f} |"
                for n, (load, a, c, s) in enumerate(rows, start=1)
            ),
            "",
            f"Each round in a fresh container. Target ≤ {TARGET_SECONDS:.0f} s in every round: "
            f"first in a process {_verdict(seconds, 'assessment')}; again "
            f"{_verdict(seconds, 'again')}. The raw scan read {measured['events']:,} "
            f"events in the last round (each round's {NEWER_REQUESTS} requests added "
            f"{measured['newer']:,}). Peak RSS of the bench process "
            f"{machine.peak_rss_mib():.0f} MiB.",
            "",
        ]
    )


def _seeding(seeded: YearResult, ready: dict) -> str:
    period = ready["period"]
    return (
        f"Seeded through the application's commands (`RequestService`, bench/year.py): "
        f"{seeded.requests:,} requests over {seeded.days} service days (the training clock "
        f"moved a day after each), {seeded.events:,} events written in "
        f"{seeded.write_seconds:.1f} s ({seeded.events / max(seeded.write_seconds, 1e-9):,.0f} "
        f"events/s; {seeded.refused:,} planned steps refused by the rules); "
        f"{ready['log_events']:,} events in the log with the demo district. The views "
        f"(the service's `CatchUpRunner`) applied the whole log in "
        f"{ready['catch_up_seconds']:.1f} s"
        + (f"; then {ready['settled']}" if ready["settled"] else "")
        + f". Period {period.label}, the whole seeded year."
    )


def caught_up(backend: Backend) -> None:
    """A kept database measured by changed code: its views apply whatever they have not."""
    container = build_container(backend.settings(), start=False)
    try:
        CatchUpRunner(container.ledger, container.view).catch_up()
    finally:
        container.close()


def measure(args: argparse.Namespace, demo: Demo) -> tuple[Backend, dict, dict]:
    if args.reuse:
        backend, ready = kept.reuse(args.reuse)
        caught_up(backend)
        return backend, ready, rounds(args, backend, demo, ready["period"])
    backend = Backend(args.backend)
    backend.mode = "development"  # the training clock moves only in development mode
    backend.create()
    try:
        ready = prepare(args, backend, demo)
        if args.keep:
            kept.keep(args.keep, backend, ready)
        return backend, ready, rounds(args, backend, demo, ready["period"])
    finally:
        if not args.keep:
            backend.drop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    backend, ready, measured = measure(args, Demo.load())
    return publish(
        args.output,
        f"assessment-{backend.name}",
        render(argv, backend, ready, measured),
    )


if __name__ == "__main__":
    sys.exit(main())
