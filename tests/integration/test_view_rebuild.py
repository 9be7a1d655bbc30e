"""OPS: versioned views (issue 15) — a projection's version bump is rebuilt blue-green while the
service reads and writes, and `gov rebuild` rebuilds every projection, idempotently.

No read fails or sees a partial view during the switch: each read is one statement whose figures
must agree with each other (the kept inbox counts sum to the requests held) and never go down.
After the switch the views equal a replay of the log from scratch."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from domain.people import ErasureBasis, person_id_for
from domain.personal import ERASED
from infra.container import build_container
from infra.rebuild import (
    rebuild_views,
    stale_projections,
    version_findings,
    versions,
)
from projections import view_versions
from projections.replay import replayed
from tests.conftest import demo_container
from tests.integration.audit_helpers import principal, raise_one
from tests.integration.backup_helpers import gov
from tests.integration.history import dump

READ = (
    "SELECT (SELECT COUNT(*) FROM gov_requests) AS requests, "
    "(SELECT COALESCE(SUM(n), 0) FROM gov_inbox_counts) AS counted, "
    "(SELECT COUNT(*) FROM gov_request_events) AS events, "
    "(SELECT COUNT(*) FROM gov_view_versions WHERE projection = 'requests' "
    "AND version = 2) AS switched"
)
WAIT = (
    120  # seconds a thread may take to reach the next step (a bound, not a measurement)
)


class Reader(threading.Thread):
    """Reads until stopped; keeps every failure and every inconsistent or shrinking read."""

    def __init__(self, view, request_id: str):
        super().__init__(daemon=True)
        self.view, self.request_id = view, request_id
        self.stop, self.started_reading = threading.Event(), threading.Event()
        self.saw_switch = threading.Event()
        self.problems: list[str] = []
        self.reads = {0: 0, 1: 0}

    def run(self) -> None:
        last = (0, 0)
        while not self.stop.is_set():
            try:
                row = self.view.fetch(READ, {})[0]
                seen = self.view.request(self.request_id)
                self.view.inbox("CX01", [], [], 0, 20)
            except Exception as error:  # noqa: BLE001 - every failed read is a finding
                self.problems.append(f"read failed: {error!r}")
                continue
            now = (int(row["requests"]), int(row["events"]))
            if int(row["counted"]) != now[0] or seen is None or now < last:
                self.problems.append(f"partial view: {dict(row)} after {last}")
            last = now
            self.reads[int(row["switched"])] += 1
            if self.reads[0] >= 3:
                self.started_reading.set()
            if self.reads[1] >= 3:
                self.saw_switch.set()


class Writer(threading.Thread):
    def __init__(self, container):
        super().__init__(daemon=True)
        self.container, self.stop, self.written = container, threading.Event(), 0
        self.started = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            raise_one(self.container)
            self.written += 1
            if self.written >= 2:
                self.started.set()


def test_version_bump_rebuilt_blue_green_while_reads_and_writes_continue(
    container, monkeypatch
):
    """OPS: versioned views (issue 15): no read fails or is partial; the result equals a replay."""
    bumped = replace(view_versions.PROJECTIONS["requests"], version=2)
    monkeypatch.setitem(view_versions.PROJECTIONS, "requests", bumped)
    assert stale_projections(container) == [bumped]
    (named,) = [f for f in version_findings(container) if f.level == "warning"]
    assert (
        "requests 声明版本 2，正在使用版本 1" in named.text
        and "gov rebuild requests" in named.fix
    )
    reader = Reader(container.view, raise_one(container)["request_id"])
    writer = Writer(container)
    assert container.runner.wait_for(container.ledger.position(), 30)

    def report(done: int, aim: int) -> None:
        assert reader.started_reading.wait(WAIT) and writer.started.wait(WAIT)

    rebuilder = build_container(container.settings, start=False)
    try:
        reader.start(), writer.start()
        rebuild_views(rebuilder, [bumped], report)
        assert reader.saw_switch.wait(WAIT)
    finally:
        reader.stop.set(), writer.stop.set()
        reader.join(WAIT), writer.join(WAIT)
        rebuilder.close()
    assert reader.problems == []
    assert writer.written >= 2 and reader.reads[0] >= 3 and reader.reads[1] >= 3
    assert versions(container)["requests"] == 2 and stale_projections(container) == []
    assert [f.level for f in version_findings(container)] == ["ok"]  # gov doctor
    assert container.runner.wait_for(container.ledger.position(), 30)
    assert_views_equal_a_replay(container)


def declared() -> dict[str, int]:
    return {name: p.version for name, p in view_versions.PROJECTIONS.items()}


def assert_views_equal_a_replay(container) -> None:
    with replayed(container.ledger, stop=container.view.position()) as fresh:
        assert dump(container.view) == dump(fresh)
    leftovers = container.view.fetch(
        "SELECT COUNT(*) AS n FROM gov_view_versions WHERE version < 1", {}
    )
    assert leftovers[0]["n"] == 0


def test_a_service_started_with_a_bumped_version_rebuilds_that_projection(
    settings, monkeypatch
):
    """OPS: versioned views (issue 15): the process running the projections rebuilds a stale one itself."""
    first = demo_container(settings)  # the view filled by the code before the bump
    assert first.runner.wait_for(first.ledger.position(), 30)
    first.close()
    bumped = replace(view_versions.PROJECTIONS["topics"], version=3)
    monkeypatch.setitem(view_versions.PROJECTIONS, "topics", bumped)
    container = build_container(settings)
    try:
        rebuilding = [t for t in threading.enumerate() if t.name == "view-rebuild"]
        assert len(rebuilding) == 1
        rebuilding[0].join(WAIT)
        assert versions(container) == {**declared(), "topics": 3}
        # another process that saw it stale finds it rebuilt once it holds the lock
        assert rebuild_views(container, [bumped], stale_only=True) == {}
        assert container.runner.wait_for(container.ledger.position(), 30)
        assert_views_equal_a_replay(container)
    finally:
        container.close()


def test_gov_rebuild_rebuilds_every_projection_and_is_idempotent(container):
    """OPS: versioned views (issue 15): `gov rebuild` twice leaves the same views, equal to a replay;
    a person erased before it (PIPL-47) stays erased in the rebuilt views."""
    raise_one(container)
    admin = principal(container, "P0001")
    erased = person_id_for("P0041")
    container.erasure.erase(admin, erased, ErasureBasis.CONSENT_WITHDRAWN, "PIPL-1")
    assert container.runner.wait_for(container.ledger.position(), 30)
    before = dump(container.view)
    for _ in range(2):
        done = gov(container.settings, "rebuild")
        assert done.returncode == 0, done.stderr
        for name, p in view_versions.PROJECTIONS.items():
            assert f"已重建 {name}：版本 {p.version}" in done.stdout
        assert dump(container.view) == before
    switched = container.view.fetch(
        "SELECT projection, version FROM gov_view_versions", {}
    )
    assert {r["projection"]: r["version"] for r in switched} == declared()
    assert_views_equal_a_replay(container)
    person = container.view.fetch(
        "SELECT name FROM gov_people WHERE person_id = :p", {"p": str(erased)}
    )
    assert person == [{"name": ERASED}]


def test_gov_rebuild_of_one_projection_and_of_an_unknown_name(container):
    """OPS: versioned views (issue 15): one projection by name; an unknown name is refused (exit 2)."""
    done = gov(container.settings, "rebuild", "tasks")
    assert done.returncode == 0, done.stderr
    assert "已重建 tasks" in done.stdout and "已重建 requests" not in done.stdout
    assert "重建 rebuild" not in done.stderr  # no bar where no terminal watches
    shown = gov(container.settings, "--progress", "rebuild", "tasks")
    assert shown.returncode == 0 and "重建 rebuild：tasks v1" in shown.stderr
    assert "重建 rebuild" not in shown.stdout
    refused = gov(container.settings, "rebuild", "no-such-view")
    assert refused.returncode == 2 and "没有名为" in refused.stderr


def test_every_view_table_belongs_to_one_projection():
    """OPS: versioned views (issue 15): a table no projection owns could not be rebuilt."""
    view_versions.check_every_table_has_a_projection()
    with pytest.raises(ValueError, match="reads"):
        view_versions.PROJECTIONS["tasks"].own(
            [("UPDATE gov_tasks SET title = (SELECT name FROM gov_people)", {})]
        )


def test_a_new_view_serves_every_declared_version_with_nothing_to_rebuild(container):
    """OPS: versioned views (issue 15): a view filled from the first event by this code
    is at each projection's declared version (the assessment's 2 included), so no start
    rebuilds it; a view older than a projection is rebuilt (the test above)."""
    assert versions(container) == declared()
    assert view_versions.PROJECTIONS["assessment"].version == 2
    assert stale_projections(container) == []
    assert not [t for t in threading.enumerate() if t.name == "view-rebuild"]
