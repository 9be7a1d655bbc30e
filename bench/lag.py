"""`python -m bench.lag --backend sqlite|postgres [--requests N] [--clients 8] [--seconds 10] [--rounds 3]`.

Projection lag: how long after a command is acknowledged its event is in the views, with the
service's own runner applying them (on PostgreSQL woken by LISTEN/NOTIFY, on SQLite polling
every `GOV_CATCHUP_INTERVAL_SECONDS`). On a log of `--requests` seeded requests (views caught
up, then the database settled): first the peak — commands/s from `--clients` threads with the
views updating — then commands paced at half of that peak and at the peak, in alternating
rounds. A sampler reads the views' position every 2 ms; a command's lag is the time from its
acknowledgement to the first reading at or past its position. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass, field

from application.principals import Principal
from bench import commands, machine, seed
from bench.backend import Backend
from bench.load import percentile, warm_then_run
from bench.people import Demo, resident_slices
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.container import Container, build_container

SAMPLE_SECONDS = 0.002


@dataclass
class Acks:
    """(acknowledged at, log position) of each command, and the views' readings."""

    acked: list[tuple[float, int]] = field(default_factory=list)
    readings: list[tuple[float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def lags(self) -> list[float]:
        out, i = [], 0
        for at, position in sorted(self.acked, key=lambda a: a[1]):
            while i < len(self.readings) and self.readings[i][1] < position:
                i += 1
            if i == len(self.readings):
                break  # never seen applied within the run (reported as missing)
            out.append(max(0.0, self.readings[i][0] - at))
        return out


def _sample(container: Container, acks: Acks, stop: threading.Event) -> None:
    while not stop.is_set():
        acks.readings.append((time.perf_counter(), container.view.position()))
        time.sleep(SAMPLE_SECONDS)


def _paced(
    container: Container, residents: list, rate: float, until: float, acks: Acks
) -> None:
    principals = [
        Principal.of(container.ledger.person(person_id_for(s.ref))) for s in residents
    ]
    interval, due, n = 1.0 / rate, time.perf_counter(), 0
    while due < until:
        time.sleep(max(0.0, due - time.perf_counter()))
        fields = commands.body(n)
        answer = container.requests.raise_request(
            principals[n % len(principals)],
            title=fields["title"],
            description=fields["description"],
            category=Category.FACILITIES,
            location=fields["location"],
        )
        with acks.lock:
            acks.acked.append((time.perf_counter(), answer["position"]))
        due, n = due + interval, n + 1


def paced_run(container: Container, slices: list, rate: float, seconds: float) -> Acks:
    acks, stop = Acks(), threading.Event()
    sampler = threading.Thread(target=_sample, args=(container, acks, stop))
    sampler.start()
    until = time.perf_counter() + seconds
    writers = [
        threading.Thread(
            target=_paced, args=(container, s, rate / len(slices), until, acks)
        )
        for s in slices
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    head = max((p for _, p in acks.acked), default=0)
    deadline = time.perf_counter() + 60
    while container.view.position() < head and time.perf_counter() < deadline:
        time.sleep(SAMPLE_SECONDS)
    time.sleep(5 * SAMPLE_SECONDS)
    stop.set()
    sampler.join()
    return acks


def row(name: str, rate: float, acks: Acks) -> str:
    lags = acks.lags()
    missing = len(acks.acked) - len(lags)
    p = [1000 * percentile(lags, q) for q in (50, 99)]
    return (
        f"| {name} | {rate:,.0f} | {len(acks.acked):,} | {p[0]:.0f} / {p[1]:.0f} | "
        f"{1000 * max(lags, default=0):.0f} | {missing} |"
    )


def measure(container: Container, demo: Demo, args: argparse.Namespace) -> list[str]:
    slices = resident_slices(demo.residents(), args.clients)
    peak = warm_then_run(
        [commands.app_op(container, s) for s in slices], args.seconds
    ).rate
    lines = [
        f"peak (views updating, {args.clients} threads): {peak:,.0f} commands/s",
        "",
        "| arm | paced at (commands/s) | commands | lag p50 / p99 ms | max ms | not applied in 60 s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    arms = [("half of peak", peak / 2), ("peak", peak)]
    for n in range(args.rounds):
        for name, rate in arms if n % 2 == 0 else list(reversed(arms)):
            acks = paced_run(container, slices, rate, args.seconds)
            lines.append(row(f"{name}, round {n + 1}", rate, acks))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lag")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    backend, demo, load_at_start = (
        Backend(args.backend),
        Demo.load(),
        machine.load_average(),
    )
    backend.create()
    try:
        loader = build_container(backend.settings(), start=False)
        try:
            seed.load_demo(loader, demo)
            seeded = seed.seed_requests(loader, demo, args.requests)
            seed.catch_up(loader, seeded)
            loader.audit_parts.sealing.catch_up()
        finally:
            loader.close()
        backend.settle()
        container = build_container(backend.settings(), start=True)
        try:
            lines = measure(container, demo, args)
        finally:
            container.close()
        print(
            f"{args.backend}, {args.requests:,} requests seeded, code {machine.revision()}"
        )
        print(f"load average {load_at_start} → {machine.load_average()}")
        print("\n".join(lines))
    finally:
        backend.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
