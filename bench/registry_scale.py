"""`python -m bench.registry_scale --backend sqlite|postgres [--rounds 3] [--seconds 5] [--output FILE]`.

The registry at Beijing's size (bench/registry_tree.py: 16 districts, 340 streets, 7,000
communities, 70,000 groups) against the demo district alone, in two databases of one run,
measured in alternating rounds (the order of the two flips each round). In each round and for
each size, in a fresh container: the registry's cold load (the first `Ledger.registry()`, every
event replayed) and reads that walk every unit; then `--clients` threads for `--seconds` raising
a request as a demo resident and escalating it as the group's handler (`RequestService`, the
calls the API makes): alone; while an administrator renames a unit (`RegistryService.change`);
while the ledger's cache is dropped as any erasure in any process drops it. Each of the last two
runs with the code now and with the code it replaced (the "before": a generic deep copy of the
registry for an edit; everything dropped after an erasure). People and commands are the demo
district's in both databases, so only the registry's size differs. PostgreSQL: the database
named by GOV_TEST_PGDATABASE (run it with `GOV_TEST_PGDATABASE=bench_registry`).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from application.registry.commands import RenameUnit
from application.requests.commands import EscalateRequest
from bench import machine, seed
from bench.backend import Backend
from bench.load import run_load
from bench.people import Demo, principal, resident_slices
from bench.registry_scale_report import render
from bench.registry_tree import (
    counts,
    import_units,
    scaled,
    synthetic_units,
    walks,
)
from bench.report import publish
from bench.run import log
from domain.registry import Registry
from domain.vocabulary import Category
from infra.container import Container, build_container
from infra.runners import CatchUpRunner

SIZES = ("demo", "beijing")
EDITED_UNIT = "CX010101"  # a demo group, renamed back and forth by the edit arms


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.registry_scale", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--edit-interval", type=float, default=0.5)
    parser.add_argument("--erasure-interval", type=float, default=1.5)
    parser.add_argument("--scale", type=float, default=1.0, help="of Beijing's size")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    return parser.parse_args(argv)


@dataclass
class Arm:
    """One arm's latencies (seconds) and counts in one round."""

    raise_: list[float] = field(default_factory=list)
    escalate: list[float] = field(default_factory=list)
    edits: list[float] = field(default_factory=list)
    commands: int = 0
    errors: int = 0
    seconds: float = 0.0
    first_error: str = ""


@dataclass
class Round:
    load: str
    order: tuple[str, ...]
    cold: dict[str, float] = field(default_factory=dict)
    walks: dict[str, dict[str, float]] = field(default_factory=dict)
    arms: dict[tuple[str, str], Arm] = field(default_factory=dict)


def prepare(backend: Backend, demo: Demo, sizes: dict | None) -> dict:
    """The demo district, and at Beijing's size the synthetic units; the views caught up."""
    backend.create()
    container = build_container(backend.settings(), start=False)
    try:
        seed.load_demo(container, demo)
        units = synthetic_units(demo.units, sizes) if sizes else []
        imported = import_units(container, units) if sizes else None
        began = time.perf_counter()
        CatchUpRunner(container.ledger, container.view).catch_up()
        views = time.perf_counter() - began
        settled = backend.settle()
        return {
            "imported": imported,
            "views_seconds": views,
            "settled": settled,
            "counts": counts(container),
            "events": container.ledger.position(),
        }
    finally:
        container.close()


@contextmanager
def fresh(backend: Backend) -> Iterator[Container]:
    container = build_container(backend.settings(), start=False)
    try:
        yield container
    finally:
        container.close()


def cold_load(container: Container) -> float:
    began = time.perf_counter()
    container.ledger.registry()
    return time.perf_counter() - began


def command_op(container: Container, demo: Demo, slice_: list, arm: Arm) -> Callable:
    """Raise as a resident of the slice, then escalate as the group's handler."""
    residents, handlers = [principal(s) for s in slice_], demo.handlers()

    def op(n: int) -> None:
        began = time.perf_counter()
        raised = container.requests.raise_request(
            residents[n % len(residents)],
            title=f"路灯不亮 #{n}",
            description="小区东门的路灯已经三天不亮了。",
            category=Category.FACILITIES,
        )
        escalating = time.perf_counter()
        container.requests.handle(
            handlers[raised["holding_unit"]],
            EscalateRequest(request_id=UUID(raised["request_id"]), reason="需上级协调"),
        )
        arm.raise_.append(escalating - began)
        arm.escalate.append(time.perf_counter() - escalating)

    return op


def edit(container: Container, demo: Demo, n: int) -> None:
    """An administrator renames a demo group, back and forth."""
    name = "第一居民小组" if n % 2 else "第一居民小组（更名）"
    container.registry.change(demo.reader(), RenameUnit(code=EDITED_UNIT, name=name))


# What runs beside the commands in each arm: (what is done, is it the "before" code, interval)
DISTURBANCES: dict[str, tuple[str, bool]] = {
    "none": ("", False),
    "edit_now": ("edit", False),
    "edit_before": ("edit", True),
    "erasure_now": ("forget", False),
    "erasure_before": ("forget", True),
}


def disturbance(container: Container, demo: Demo, arm_name: str) -> Callable:
    """One step of the arm's disturbance: a registry edit, or the cache dropped as any
    erasure in any process makes it (now: all but the registry; before: everything)."""
    kind, before = DISTURBANCES[arm_name]
    if kind == "edit":
        return lambda n: edit(container, demo, n)
    if before:
        return lambda n: container.ledger.forget_cached()
    return lambda n: container.ledger.forget_personal()


def disturb(step: Callable, arm: Arm, stop: threading.Event, interval: float) -> None:
    for n in range(1_000_000):
        if stop.wait(interval):
            return
        began = time.perf_counter()
        step(n)
        arm.edits.append(time.perf_counter() - began)


@contextmanager
def generic_copy(before: bool) -> Iterator[None]:
    """The "before" of an edit: its private registry by `copy.deepcopy`'s generic walk."""
    own = Registry.__dict__["__deepcopy__"]
    if before:
        Registry.__deepcopy__ = None  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        Registry.__deepcopy__ = own  # type: ignore[method-assign]


def measure_arm(args, container: Container, demo: Demo, name: str) -> Arm:
    """Warm up one second, then `--seconds` of commands with the arm's disturbance."""
    slices = resident_slices(demo.residents(), args.clients)
    run_load([command_op(container, demo, s, Arm()) for s in slices], 1.0)
    arm, stop, (kind, before) = Arm(), threading.Event(), DISTURBANCES[name]
    interval = args.edit_interval if kind == "edit" else args.erasure_interval
    beside = threading.Thread(
        target=disturb,
        args=(disturbance(container, demo, name), arm, stop, interval),
    )
    with generic_copy(before and kind == "edit"):
        if kind:
            beside.start()
        result = run_load(
            [command_op(container, demo, s, arm) for s in slices], args.seconds
        )
        stop.set()
        if kind:
            beside.join(120)
    arm.commands, arm.errors, arm.seconds = result.ops, result.errors, result.seconds
    arm.first_error = result.first_error
    return arm


def one_round(args, backends: dict[str, Backend], demo: Demo, n: int) -> Round:
    order = SIZES if n % 2 == 0 else SIZES[::-1]
    found = Round(machine.load_average(), order)
    for size in order:
        with fresh(backends[size]) as container:
            found.cold[size] = cold_load(container)
            found.walks[size] = walks(container)
            for name in DISTURBANCES:
                found.arms[(size, name)] = measure_arm(args, container, demo, name)
    return found


def measure(args: argparse.Namespace) -> dict:
    demo, backends = Demo.load(), {size: Backend(args.backend) for size in SIZES}
    try:
        prepared = {}
        for size in SIZES:
            log(f"preparing the {size} registry")
            sizes = scaled(args.scale) if size == "beijing" else None
            prepared[size] = prepare(backends[size], demo, sizes)
        rounds = []
        for n in range(args.rounds):
            rounds.append(one_round(args, backends, demo, n))
            log(f"round {n + 1}/{args.rounds} done (load {rounds[-1].load})")
        return {"prepared": prepared, "rounds": rounds, "where": backends["demo"]}
    finally:
        for backend in backends.values():
            backend.drop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, load_at_start = parse_args(argv), machine.load_average()
    found = measure(args)
    section = render(
        args,
        found,
        command=f"python -m bench.registry_scale {shlex.join(argv)}",
        date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        revision=machine.revision(),
        machine={
            **machine.describe(load_at_start),
            "Peak RSS of the bench": f"{machine.peak_rss_mib():.0f} MiB",
        },
    )
    return publish(args.output, f"registry-scale-{args.backend}", section)


if __name__ == "__main__":
    sys.exit(main())
