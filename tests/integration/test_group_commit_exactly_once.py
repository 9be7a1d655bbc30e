"""Exactly once under group commit: concurrent commands saved in shared transactions
reach the views once across a restart and racing runners, and a key retried at the
same moment is answered with its first answer.

The restart and racing-runner tests of tests/integration/test_restart.py, with the
commands issued from many threads at once and a group forced in each round (the
first save held until the others queued behind it).
"""

from __future__ import annotations

import pytest

from application.ledger import IdempotencyKey
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.container import Container, build_container
from infra.runners import CatchUpRunner
from infra.settings import Settings
from tests.conftest import load_demo
from tests.integration.test_group_commit import at_once, hold_first_until_queued
from tests.integration.test_restart import (
    LEADERS,
    RESIDENTS,
    Book,
    assert_applied_exactly_once,
    assert_nothing_left_to_apply,
    assert_views_exact,
    two_live_runners_apply_exactly_once,
)


def issue_concurrently(book: Book, rounds: int = 2) -> int:
    """Each round: every resident raises at once, then every leader escalates or
    resolves one of them at once; returns how many transactions were shared."""
    group = book.container.ledger.recorder.group_commit
    for n in range(rounds):
        hold_first_until_queued(group, len(RESIDENTS) - 1)
        raised = at_once([lambda r=ref, n=n: book.raise_(r, n) for ref in RESIDENTS])
        assert all(isinstance(rid, str) for rid in raised), raised
        hold_first_until_queued(group, len(raised) - 1)
        acted = at_once(
            [lambda r=rid, i=i: _act(book, r, i) for i, rid in enumerate(raised)]
        )
        assert acted == [None] * len(raised), acted
    return group.groups


def _act(book: Book, rid: str, i: int) -> None:
    leader = LEADERS[book.requests[rid].unit]
    if i % 2:
        book.act(leader, rid, "escalate", reason="小组无法协调")
    else:
        book.act(leader, rid, "resolve", resolution="已修好")


def test_restart_after_group_committed_commands_applies_each_exactly_once(
    settings: Settings,
) -> None:
    service = build_container(settings, start=False)
    try:
        load_demo(service)
        CatchUpRunner(service.ledger, service.view).catch_up()
        book = Book(service)
        assert issue_concurrently(book) >= 4  # every round's commands shared
        log_position = service.ledger.position()
        assert service.view.position() < log_position  # acknowledged, not projected
    finally:
        service.close()
    restarted = build_container(settings, start=True)
    try:
        book.container = restarted
        assert restarted.view.wait_for(log_position, timeout=30)
        assert_views_exact(restarted, book)
        assert_applied_exactly_once(restarted, book)
        assert_nothing_left_to_apply(restarted)
    finally:
        restarted.close()


@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_two_live_runners_apply_group_committed_commands_exactly_once(
    settings: Settings,
) -> None:
    two_live_runners_apply_exactly_once(settings, issued_in_groups)


def issued_in_groups(book: Book) -> None:
    assert issue_concurrently(book) >= 4


def raise_keyed(container: Container, book: Book, key: str) -> dict:
    ref = RESIDENTS[0]
    person = str(person_id_for(ref))
    return container.requests.raise_request(
        book.principal(ref),
        title="楼道灯不亮",
        description="三楼楼道灯不亮",
        category=Category.FACILITIES,
        idem=IdempotencyKey(person, key, fingerprint="raise:楼道灯不亮"),
    )


def test_one_key_sent_from_many_threads_in_one_group_is_one_command(
    settings: Settings,
) -> None:
    """The same Idempotency-Key in one shared transaction conflicts on its record; each
    command is then saved alone, so one is written and every other gets its answer."""
    service = build_container(settings, start=False)
    try:
        load_demo(service)
        book, before = Book(service), service.ledger.position()
        hold_first_until_queued(service.ledger.recorder.group_commit, 5)
        answers = at_once([lambda: raise_keyed(service, book, "k-1")] * 6)
        assert all(isinstance(a, dict) for a in answers), answers
        assert len({a["request_id"] for a in answers}) == 1
        assert sum(not a.get("replayed") for a in answers) == 1
        written = service.ledger.recorder.select_notifications(
            start=before + 1, limit=50
        )
        assert len(written) == 2  # the request's raise and the key's record, once
    finally:
        service.close()
