"""Benchmark: one district-wide task fanned out to 10 streets → 100 communities → 1,000 groups →
30,000 residents, completed, and rolled up; as events per second against the library's save rate.

    python -m bench.fanout --backend sqlite|postgres [--streets 10] [--residents-per-group 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from application.principals import Principal
from application.registry.service import PersonSpec, UnitSpec
from application.tasks.commands import AcknowledgeAssignment, DelegateAssignment
from bench.backend import Backend
from bench.commands import BenchItem, BenchLibrary
from bench.fanout_report import render
from bench.machine import describe, load_average, peak_rss_mib, revision
from bench.report import update_doc
from domain.actors import SYSTEM
from domain.assignments import Assignment
from domain.errors import UnknownTask
from domain.levels import Level, Role
from domain.people import person_id_for
from domain.tasks import assignment_id_for
from infra.container import Container, build_container

STAFF_ROLE = {
    Level.STREET: Role.STREET_STAFF,
    Level.COMMUNITY: Role.COMMUNITY_STAFF,
    Level.GROUP: Role.GROUP_LEADER,
    Level.DISTRICT: Role.DISTRICT_STAFF,
}


def tree(streets: int, per_group: int) -> tuple[list[UnitSpec], list[PersonSpec]]:
    """A synthetic district: 10 communities a street, 10 groups a community, one staff per unit."""
    units = [UnitSpec("D", Level.DISTRICT, "基准区")]
    for s in range(streets):
        units.append(UnitSpec(f"D{s:02d}", Level.STREET, f"街道{s}", "D"))
        for c in range(10):
            units.append(
                UnitSpec(f"D{s:02d}{c}", Level.COMMUNITY, f"社区{s}-{c}", f"D{s:02d}")
            )
            units += [
                UnitSpec(f"D{s:02d}{c}{g}", Level.GROUP, f"小组{g}", f"D{s:02d}{c}")
                for g in range(10)
            ]
    staff = [
        PersonSpec(
            f"S-{u.code}",
            f"工作人员{u.code}",
            roles=frozenset({(STAFF_ROLE[u.level], u.code)}),
        )
        for u in units
    ]
    residents = [
        PersonSpec(f"R-{u.code}-{i}", f"居民{u.code}-{i}", home_group=u.code)
        for u in units
        if u.level is Level.GROUP
        for i in range(per_group)
    ]
    return units, staff + residents


def principal(spec: PersonSpec) -> Principal:
    return Principal(
        str(person_id_for(spec.ref)), spec.ref, spec.home_group, spec.roles
    )


def fan_out(
    c: Container, staff: dict[str, Principal], issued: dict
) -> list[tuple[str, str]]:
    """Every unit acknowledges and delegates to all its children; returns the residents' notices."""
    frontier, notices, registry = list(issued["assignments"]), [], c.ledger.registry()
    while frontier:
        assignment = c.ledger.load(Assignment, frontier.pop(), UnknownTask)
        if assignment.is_notice or assignment.unit is None:
            notices.append((str(assignment.id), assignment.resident_id or ""))
            continue
        c.tasks.handle(
            staff[assignment.unit], AcknowledgeAssignment(assignment_id=assignment.id)
        )
        c.tasks.handle(
            staff[assignment.unit], DelegateAssignment(assignment_id=assignment.id)
        )
        children = c.tasks.children_of(assignment, registry)
        frontier += [
            str(assignment_id_for(assignment.task_id, key)) for key in children
        ]
    return notices


def issue(c: Container, staff: dict[str, Principal], issued: dict) -> dict:
    issued.update(
        c.tasks.issue(staff["D"], "D", None, "全区任务", "逐级下达", None, 10, True)
    )
    return issued


def complete(
    c: Container, residents: dict[str, Principal], notices: list[tuple[str, str]]
) -> None:
    for aid, pid in notices:
        c.tasks.handle(residents[pid], AcknowledgeAssignment(assignment_id=UUID(aid)))


def timed(fn, c: Container) -> tuple[float, int]:
    before, start = c.ledger.position(), time.perf_counter()
    fn()
    return time.perf_counter() - start, c.ledger.position() - before


def library_rate(c: Container, events: int) -> float:
    app = BenchLibrary(env=c.settings.persistence_env())
    start = time.perf_counter()
    for n in range(events):
        app.save(
            BenchItem(
                resident_id="r",
                group="g",
                category="other",
                channel="app",
                title=f"t{n}",
                description="d",
                location="",
                actor_id="a",
                actor_role="resident",
                actor_unit="g",
            )
        )
    app.close()
    return events / (time.perf_counter() - start)


def wait_rolled_up(c: Container, task_id: str, leaves: int) -> float:
    """Seconds until the district's roll-up shows every leaf done."""
    start = time.perf_counter()
    while True:
        c.runner.catch_up()
        roll = c.task_queries.rollup(task_id, None)
        if roll["share_complete"] == f"{leaves}/{leaves}":
            return time.perf_counter() - start
        time.sleep(0.05)


def run(args: argparse.Namespace) -> dict:
    backend = Backend(args.backend)
    backend.create()
    try:
        return measure(args, backend)
    finally:
        backend.drop()


def measure(args: argparse.Namespace, backend: Backend) -> dict:
    clock = lambda: datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # noqa: E731
    settings = backend.settings().model_copy(update={"scheduler_in_process": False})
    c = build_container(settings, start=True, clock=clock)
    try:
        units, people = tree(args.streets, args.residents_per_group)
        seeded = timed(lambda: c.registry.import_tree(SYSTEM, units, people), c)
        by_ref = {p.ref: principal(p) for p in people}
        staff = {next(iter(p.roles))[1]: by_ref[p.ref] for p in people if p.roles}
        residents = {
            by_ref[p.ref].person_id: by_ref[p.ref] for p in people if p.home_group
        }
        notices: list = []
        issued: dict = {}
        fanned = timed(
            lambda: notices.extend(fan_out(c, staff, issue(c, staff, issued))), c
        )
        completed = timed(lambda: complete(c, residents, notices), c)
        rolled = wait_rolled_up(c, issued["task_id"], len(notices))
        library = library_rate(c, args.library_events)
        return {
            "units": len(units),
            "people": len(people),
            "notices": len(notices),
            "seeded": seeded,
            "fanned": fanned,
            "completed": completed,
            "rolled_up_seconds": rolled,
            "library": library,
            "peak_rss_mib": peak_rss_mib(),
        }
    finally:
        c.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--streets", type=int, default=10)
    parser.add_argument("--residents-per-group", type=int, default=30)
    parser.add_argument("--library-events", type=int, default=5000)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    load_at_start = load_average()
    figures = run(args)
    command = " ".join(
        ["python -m bench.fanout", *(argv if argv is not None else sys.argv[1:])]
    )
    section = render(
        args.backend, figures, command, revision(), describe(load_at_start)
    )
    update_doc(args.output, f"tasks-{args.backend}", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
