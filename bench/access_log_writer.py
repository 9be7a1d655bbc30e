"""`python -m bench.access_log_writer --backend sqlite|postgres [--requests N] [--reads R] [--rounds K]`.

Inbox reads as the route does them (`QueryService.inbox`, then `AccessLog.record` for the residents
on the page) with the access log written synchronously (one INSERT and commit per read, as before
the batched writer) against the batched writer, in alternating rounds (sync–batched, then
batched–sync), at 1 and at 8 reading threads. Each batched arm ends with `flush()` inside its
timed window, so both arms finish with every entry committed. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from application.access.grants import Grant
from application.access.matrix import MATRIX
from bench import machine, seed
from bench.backend import Backend
from bench.inbox import LIMIT, random_units
from bench.load import percentile
from bench.people import Demo
from domain.levels import Role
from domain.reach import Reach
from infra.container import Container, build_container


class SynchronousWriter:
    """The access log as before the batched writer: each read appends and commits its own row."""

    def __init__(self, store: Any):
        self.store, self.batches = store, 0

    def put(self, entry: dict[str, Any]) -> None:
        self.store.append_many([entry])
        self.batches += 1

    def flush(self, timeout: float | None = None) -> None:
        pass


@dataclass
class Arm:
    seconds: list[float] = field(default_factory=list)  # wall time of each round
    latencies: list[float] = field(default_factory=list)
    transactions: list[int] = field(default_factory=list)


def reader_grant(demo: Demo) -> Grant:
    reader = demo.reader()
    role, unit = next((r, u) for r, u in reader.roles if r == Role.ADMINISTRATOR.value)
    return Grant(MATRIX["units.inbox"], reader.person_id, Role(role), unit, Reach())


def read_inboxes(container: Container, grant: Grant, units: list[str]) -> list[float]:
    queries, log, took = container.queries, container.access_log, []
    for unit in units:
        began = time.perf_counter()
        found = queries.inbox(unit, [], [], 0, LIMIT)
        subjects = {r["resident_id"]: r["origin_group"] for r in found["items"]}
        log.record(grant, f"inbox:{unit}", subjects)
        took.append(time.perf_counter() - began)
    return took


def one_arm(
    container: Container, grant: Grant, units: list[str], threads: int, arm: Arm
) -> None:
    writer, latencies = container.access_log.writer, []
    batches_before = writer.batches
    shares = [units[n::threads] for n in range(threads)]
    began = time.perf_counter()
    workers = [
        threading.Thread(
            target=lambda s=s: latencies.extend(read_inboxes(container, grant, s))
        )
        for s in shares
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    writer.flush(60)
    arm.seconds.append(time.perf_counter() - began)
    arm.latencies.extend(latencies)
    arm.transactions.append(writer.batches - batches_before)


def compare(container: Container, demo: Demo, args: argparse.Namespace) -> list[str]:
    grant, batched = reader_grant(demo), container.access_log.writer
    synchronous = SynchronousWriter(container.access_log.store)
    rows = []
    for threads in (1, 8):
        arms = {"sync": Arm(), "batched": Arm()}
        loads = [machine.load_average().split(" / ")[0]]
        for n in range(args.rounds):
            order = ("sync", "batched") if n % 2 == 0 else ("batched", "sync")
            for name in order:
                container.access_log.writer = synchronous if name == "sync" else batched  # type: ignore[assignment]
                units = random_units(demo, args.reads, seed=100 * threads + n)
                one_arm(container, grant, units, threads, arms[name])
        container.access_log.writer = batched
        loads.append(machine.load_average().split(" / ")[0])
        rows.append(row(threads, arms, args, loads))
    return rows


def row(
    threads: int, arms: dict[str, Arm], args: argparse.Namespace, loads: list[str]
) -> str:
    rate = {k: [args.reads / s for s in a.seconds] for k, a in arms.items()}
    ratios = sorted(b / s for b, s in zip(rate["batched"], rate["sync"], strict=True))
    p = {
        k: (1000 * percentile(a.latencies, 50), 1000 * percentile(a.latencies, 99))
        for k, a in arms.items()
    }
    median = {k: sorted(v)[len(v) // 2] for k, v in rate.items()}
    tx = {k: sum(a.transactions) for k, a in arms.items()}
    return (
        f"| {threads} | {median['sync']:,.0f} → {median['batched']:,.0f} | "
        f"{ratios[0]:.2f} / {ratios[len(ratios) // 2]:.2f} / {ratios[-1]:.2f} | "
        f"{p['sync'][0]:.1f} / {p['sync'][1]:.1f} → {p['batched'][0]:.1f} / {p['batched'][1]:.1f} | "
        f"{tx['sync']:,} → {tx['batched']:,} | {loads[0]} → {loads[1]} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.access_log_writer")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument(
        "--reads", type=int, default=400, help="inbox reads per arm and round"
    )
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    backend, demo = Backend(args.backend), Demo.load()
    backend.create()
    container = build_container(backend.settings(), start=False)
    try:
        seed.load_demo(container, demo)
        seed.catch_up(container, seed.seed_requests(container, demo, args.requests))
        backend.settle()
        print(
            f"{args.backend}, {args.requests:,} requests, {args.reads} reads an arm, {args.rounds} rounds"
        )
        print(
            "| threads | reads/s sync → batched (median) | batched ÷ sync min / median / max | "
            "p50 / p99 ms sync → batched | commits sync → batched | load before → after |"
        )
        print("|---:|---|---|---|---|---|")
        for line in compare(container, demo, args):
            print(line, flush=True)
    finally:
        container.close()
        backend.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
