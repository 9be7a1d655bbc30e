"""Stopping and restarting the service: every acknowledged command reaches the views exactly once.

Commands are acknowledged while no projection runs; the service is stopped and
started again; the restarted runner resumes from the view's tracking position.
Every inbox and resident list is then compared with a state computed here,
independently of the service, and every count shows that no event was applied
twice: not by the restart, not by a second runner, not by runners racing.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from eventsourcing.persistence import IntegrityError

from application.principals import Principal
from application.requests.commands import request_command
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.container import Container, build_container
from infra.runners import CatchUpRunner, WokenCatchUpRunner
from infra.settings import Settings
from tests.conftest import load_demo

RESIDENTS = [
    "P0038",
    "P0039",
    "P0040",
    "P0041",
    "P0043",
    "P0044",
    "P0045",
    "P0049",
    "P0050",
]
LEADERS = {"CX010101": "P0037", "CX010102": "P0042", "CX010103": "P0048"}
COMMUNITY_STAFF = "P0010"  # CX0101, above the three groups
WAITING = {"new", "accepted", "delegated", "reopened"}
REQUEST_TOPIC = "domain.requests:Request."
TABLES = ("gov_units", "gov_people", "gov_requests", "gov_request_events", "gov_visits")
STATUS_AFTER = {"accept": "accepted", "resolve": "resolved", "withdraw": "withdrawn"}


@dataclass
class Expected:
    resident: str
    unit: str
    status: str = "new"
    events: int = 1
    visits: int = 1


class Book:
    """Issues commands through `container.requests` and computes, on its own, what the views must show."""

    def __init__(self, container: Container):
        self.container, self.requests, self.position = container, {}, 0
        self._lock = threading.Lock()

    def principal(self, ref: str) -> Principal:
        return Principal.of(self.container.ledger.person(person_id_for(ref)))

    def raise_(self, ref: str, n: int) -> str:
        answer = self.container.requests.raise_request(
            self.principal(ref),
            title=f"诉求 {ref}-{n}",
            description="楼道灯不亮",
            category=list(Category)[n % 7],
        )
        group = self.principal(ref).home_group
        with self._lock:
            self.requests[answer["request_id"]] = Expected(
                str(person_id_for(ref)), group
            )
        return self._matches(answer)

    def act(self, ref: str, rid: str, action: str, **params) -> None:
        answer = self.container.requests.handle(
            self.principal(ref), request_command(action, rid, params)
        )
        with self._lock:
            expected = self.requests[rid]
            expected.events += 1
            if (
                action == "escalate"
            ):  # one level up: the parent's code drops the last two digits
                expected.unit, expected.status, expected.visits = (
                    expected.unit[:-2],
                    "new",
                    expected.visits + 1,
                )
            else:
                expected.status = STATUS_AFTER[action]
        self._matches(answer)

    def _matches(self, answer: dict) -> str:
        expected = self.requests[answer["request_id"]]
        assert (answer["holding_unit"], answer["status"]) == (
            expected.unit,
            expected.status,
        )
        self.position = max(self.position, answer["position"])
        return answer["request_id"]

    def inbox(self, unit: str) -> dict[str, str]:
        return {
            rid: e.status
            for rid, e in self.requests.items()
            if e.unit == unit and e.status in WAITING
        }

    def mine(self, person_id: str) -> dict[str, tuple[str, str]]:
        return {
            rid: (e.status, e.unit)
            for rid, e in self.requests.items()
            if e.resident == person_id
        }


def issue_commands(book: Book, rounds: int = 2) -> None:
    """18 requests; some escalated (one twice), resolved, accepted or withdrawn at each level."""
    rids = [book.raise_(ref, n) for n in range(rounds) for ref in RESIDENTS]
    for i, rid in enumerate(rids):
        leader = LEADERS[book.requests[rid].unit]
        if i % 3 == 0:
            book.act(leader, rid, "escalate", reason="小组无法协调")
        elif i % 4 == 1:
            book.act(leader, rid, "resolve", resolution="已修好")
        elif i % 5 == 2:
            book.act(leader, rid, "accept")
    up = [rid for rid in rids if book.requests[rid].unit == "CX0101"]
    book.act(COMMUNITY_STAFF, up[0], "escalate", reason="需街道协调")
    book.act(COMMUNITY_STAFF, up[1], "resolve", resolution="社区已处理")
    book.act(COMMUNITY_STAFF, up[2], "accept")
    waiting = next(
        rid
        for rid in rids
        if book.requests[rid].unit in LEADERS and book.requests[rid].status == "new"
    )
    book.act(
        _ref_of(book.requests[waiting].resident),
        waiting,
        "withdraw",
        reason="已自行解决",
    )


def _ref_of(person_id: str) -> str:
    return next(ref for ref in RESIDENTS if str(person_id_for(ref)) == person_id)


# ---- what the views show -----------------------------------------------
def request_positions(container: Container) -> list[int]:
    notes = container.ledger.recorder.select_notifications(start=1, limit=1_000_000)
    return [n.id for n in notes if n.topic.startswith(REQUEST_TOPIC)]


def snapshot(container: Container) -> dict[str, int]:
    counts = {
        t: container.view.fetch(f"SELECT COUNT(*) AS n FROM {t}", {})[0]["n"]
        for t in TABLES
    }
    return {**counts, "position": container.view.position()}


def assert_views_exact(container: Container, book: Book) -> None:
    """Every unit's inbox and every person's own list, compared with the book."""
    view = container.view
    for unit in [u["code"] for u in view.units()]:
        assert {
            r["request_id"]: r["status"] for r in view.inbox(unit, [], [], 0, 1000)
        } == book.inbox(unit), unit
    people = [
        p["person_id"] for p in view.fetch("SELECT person_id FROM gov_people", {})
    ]
    assert len(people) == 338
    for person_id in people:
        rows = view.resident_requests(person_id, 0, 1000)
        assert {
            r["request_id"]: (r["status"], r["holding_unit"]) for r in rows
        } == book.mine(person_id)


def assert_applied_exactly_once(container: Container, book: Book) -> None:
    """One timeline row per request event of the log, one visit per stay, one open visit per waiting request."""
    view = container.view
    rows = view.fetch(
        "SELECT position, request_id FROM gov_request_events ORDER BY position", {}
    )
    assert [r["position"] for r in rows] == request_positions(container)
    assert Counter(r["request_id"] for r in rows) == {
        rid: e.events for rid, e in book.requests.items()
    }
    versions = view.fetch("SELECT request_id, version FROM gov_requests", {})
    assert {r["request_id"]: r["version"] for r in versions} == {
        rid: e.events for rid, e in book.requests.items()
    }
    visits = view.fetch("SELECT request_id, unit, left_at FROM gov_visits", {})
    assert Counter(v["request_id"] for v in visits) == {
        rid: e.visits for rid, e in book.requests.items()
    }
    open_visits = {v["request_id"]: v["unit"] for v in visits if v["left_at"] is None}
    assert len(open_visits) == sum(1 for v in visits if v["left_at"] is None)
    assert open_visits == {
        rid: e.unit for rid, e in book.requests.items() if e.status in WAITING
    }


def assert_nothing_left_to_apply(container: Container) -> None:
    """Another catch-up, by the service's runner and by a brand-new runner, applies nothing."""
    before = snapshot(container)
    assert before["position"] == container.ledger.position()
    assert container.runner.catch_up() == 0
    assert CatchUpRunner(container.ledger, container.view).catch_up() == 0
    if container.settings.backend == "postgres":
        second = WokenCatchUpRunner(container.ledger, container.view)
        second.start()
        assert second.catch_up() == 0
        second.stop()
    assert snapshot(container) == before


# ---- the tests -------------------------------------------------------------
def stopped_service_with_acknowledged_commands(settings: Settings) -> tuple[Book, int]:
    """Demo loaded and projected, then 18 requests acted on with no projection running."""
    service = build_container(settings, start=False)
    try:
        load_demo(service)
        assert (
            CatchUpRunner(service.ledger, service.view).catch_up()
            == service.ledger.position()
        )
        book = Book(service)
        issue_commands(book)
        view_position, log_position = service.view.position(), service.ledger.position()
        assert 0 < view_position < book.position == log_position, (
            "the views must be behind the log"
        )
        assert service.view.inbox("CX010101", [], [], 0, 1000) == []
    finally:
        service.close()  # stop the service
    return book, log_position


def test_restart_applies_every_acknowledged_command_exactly_once(
    settings: Settings,
) -> None:
    """Commands acknowledged while the projections were down reach every inbox and resident list,
    each event applied exactly once: the restart resumes at the tracking position, and a further
    catch-up or a second runner applies nothing new."""
    book, log_position = stopped_service_with_acknowledged_commands(settings)
    restarted = build_container(settings, start=True)
    try:
        book.container = restarted
        assert restarted.view.wait_for(log_position, timeout=30), (
            "the restarted runner did not catch up"
        )
        assert restarted.view.position() == restarted.ledger.position() == log_position
        assert_views_exact(restarted, book)
        assert_applied_exactly_once(restarted, book)
        assert_nothing_left_to_apply(restarted)
        issue_commands(
            book, rounds=1
        )  # and the restarted service keeps projecting new commands
        assert restarted.view.wait_for(book.position, timeout=30)
        assert_views_exact(restarted, book)
        assert_applied_exactly_once(restarted, book)
    finally:
        restarted.close()


def race(
    runners: list[CatchUpRunner], writing: threading.Thread, head: Callable[[], int]
) -> list[int]:
    """Each runner catches up in its own thread, all released at once, until the log stops growing."""
    applied, errors = [0] * len(runners), []
    start = threading.Barrier(len(runners) + 1)

    def loop(i: int) -> None:
        try:
            start.wait(10)
            deadline = time.monotonic() + 60
            while (
                writing.is_alive() or runners[i].view.position() < head()
            ) and time.monotonic() < deadline:
                applied[i] += runners[i].catch_up()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(len(runners))]
    for thread in threads:
        thread.start()
    start.wait(10)
    writing.start()
    for thread in [writing, *threads]:
        thread.join(90)
    assert not errors, errors
    return applied


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_two_catch_up_runners_racing_on_one_sqlite_view_apply_each_request_event_exactly_once(
    settings: Settings,
) -> None:
    """Two runners on one view object and a third from another service on the same file, racing while
    commands are written: every request event is applied exactly once and the views are exact."""
    writer, other = (
        build_container(settings, start=False),
        build_container(settings, start=False),
    )
    try:
        load_demo(writer)
        book = Book(writer)
        runners = [
            CatchUpRunner(writer.ledger, writer.view, batch_size=7),
            CatchUpRunner(writer.ledger, writer.view, batch_size=7),
            CatchUpRunner(other.ledger, other.view, batch_size=11),
        ]
        applied = race(
            runners,
            threading.Thread(target=issue_commands, args=(book,)),
            writer.ledger.position,
        )
        assert writer.view.position() == writer.ledger.position() == book.position
        assert all(applied), f"not a race: {applied}"
        assert_views_exact(writer, book)
        assert_applied_exactly_once(writer, book)
        assert_nothing_left_to_apply(writer)
    finally:
        other.close()
        writer.close()


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_batch_overlapping_one_already_applied_is_refused_so_each_event_is_applied_exactly_once(
    settings: Settings,
) -> None:
    """The race above, interleaved deterministically: two runners read their next batch (7 and 11
    events) before either writes; the second write overlaps the first and must be refused, or
    events 1-7 are applied twice (exactly once is broken; the counts no longer add up to the log)."""
    service = build_container(settings, start=False)
    try:
        load_demo(service)
        first, second = (
            CatchUpRunner(service.ledger, service.view, batch_size=7),
            CatchUpRunner(service.ledger, service.view, batch_size=11),
        )
        batch_a, batch_b = (
            first._next_batch(),
            second._next_batch(),
        )  # both read from position 0
        service.view.apply_batch(batch_a)
        with pytest.raises(IntegrityError):
            service.view.apply_batch(batch_b)
        assert service.view.position() == 7
    finally:
        service.close()


@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_two_live_runners_on_one_postgres_view_apply_each_event_exactly_once(
    settings: Settings,
) -> None:
    """Two live PostgreSQL projection runners (woken by LISTEN/NOTIFY, as in production) on the
    same view while commands are written: each event is applied exactly once (the views are
    exact), and the runner that loses a race survives it."""
    two_live_runners_apply_exactly_once(settings, issue_commands)


def two_live_runners_apply_exactly_once(
    settings: Settings, issue: Callable[[Book], object]
) -> None:
    service = build_container(settings, start=True)
    second = WokenCatchUpRunner(service.ledger, service.view, interval=0.05)
    try:
        second.start()
        load_demo(service)
        book = Book(service)
        issue(book)
        assert service.view.wait_for(service.ledger.position(), timeout=30)
        assert second.wait_for(service.ledger.position(), timeout=30)
        assert_views_exact(service, book)
        assert_applied_exactly_once(service, book)
    finally:
        try:
            second.stop()
        finally:
            service.close()
