"""The self-audit's walk: the whole sealed log within each period, in small steps; the tree checked too."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from application.audit.self_audit import SelfAuditor
from infra.container import Container, build_container
from infra.self_audit_runner import rows_between
from projections.self_audit_store import SelfAuditStore
from tests.conftest import load_demo
from tests.integration.audit_helpers import handled_request, raw_sql, sealed_and_signed
from tests.integration.self_audit_helpers import APPEND_A_SPACE

PERIOD = 10.0
FORGE_NODE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS gov_audit_nodes_no_UPDATE",
        "UPDATE gov_audit_nodes SET hash = '{h}' WHERE level = 1 AND idx = 0",
    ],
    "postgres": [
        "ALTER TABLE gov_audit_nodes DISABLE TRIGGER gov_log_no_update_delete",
        "UPDATE gov_audit_nodes SET hash = '{h}' WHERE level = 1 AND idx = 0",
    ],
}


@pytest.fixture
def container(settings) -> Iterator[Container]:
    """A service whose own self-audit loop is off: the tests drive an auditor step by step."""
    built = build_container(settings.model_copy(update={"self_audit_enabled": False}))
    load_demo(built)
    handled_request(built)
    sealed_and_signed(built)
    try:
        yield built
    finally:
        built.close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def auditor(
    container: Container, clock: Clock, slice_size: int
) -> tuple[SelfAuditor, list]:
    """An auditor over the service's sealed log, and the spans it checks as it checks them."""
    parts = container.audit_parts
    made = SelfAuditor(
        parts.store,
        SelfAuditStore(parts.store),
        rows_between(container.ledger.recorder),
        parts.signer.verifier_key(),
        PERIOD,
        slice_size,
        clock,
    )
    spans, check = [], made.check

    def recording(first: int, end: int) -> list:
        spans.append((first, end))
        return check(first, end)

    made.check = recording  # type: ignore[method-assign]
    return made, spans


def run(container: Container, statements: list[str]) -> None:
    for statement in statements:
        raw_sql(container, statement)


def test_the_walk_covers_the_whole_log_within_its_period_in_small_steps(container):
    """WZ-6: a row altered before the audit started (the newest-rows check never saw it) is still found."""
    size = container.audit_parts.store.size()
    last_position = container.audit_parts.store.leaves(
        "leaf_index = :i", {"i": size - 1}
    )[0]["position"]
    run(
        container,
        [
            s.replace("{p}", str(last_position))
            for s in APPEND_A_SPACE[container.settings.backend]
        ],
    )
    clock, slice_size = Clock(), math.ceil(size / 8) + 1
    made, spans = auditor(container, clock, slice_size)
    made.step()  # the first run: the walk starts; nothing is due yet
    for _ in range(10):
        clock.now += timedelta(seconds=PERIOD / 10)
        made.step()
    assert spans[0][0] == 0 and spans[-1][1] == size
    assert all(end - first <= slice_size for first, end in spans)
    assert all(
        a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False)
    )  # contiguous: no leaf skipped
    state = made.findings.state()
    assert (
        state["passes"] == 1
        and state["next_leaf"] == size
        and state["leaves_checked"] == size
    )
    found = made.findings.open_in(0, size)
    assert [(f["kind"], f["position"]) for f in found] == [("altered", last_position)]
    clock.now += timedelta(seconds=PERIOD / 10)
    made.step()  # the period is over: the next pass starts from leaf 0, paced anew
    assert made.findings.state()["next_leaf"] == 0
    assert made.findings.state()["pass_started_at"] == clock.now.isoformat()
    clock.now += timedelta(seconds=PERIOD / 10)
    made.step()
    assert spans[-1][0] == 0 and made.findings.state()["next_leaf"] == spans[-1][1] > 0


def test_a_forged_tree_node_is_found_against_the_signed_root(container):
    """Rows and envelopes intact but a stored node rewritten: only the signed root shows it."""
    size = container.audit_parts.store.size()
    made, _ = auditor(container, Clock(), size)
    assert made.check(2, size) == []
    run(
        container,
        [s.replace("{h}", "ab" * 32) for s in FORGE_NODE[container.settings.backend]],
    )
    assert [(f["kind"], f["leaf_index"]) for f in made.check(2, size)] == [("tree", 2)]


CUT_SEALED_TAIL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS gov_audit_leaves_no_DELETE",
        "DELETE FROM gov_audit_leaves WHERE leaf_index >= {first}",
    ],
    "postgres": [
        "ALTER TABLE gov_audit_leaves DISABLE TRIGGER gov_log_no_update_delete",
        "DELETE FROM gov_audit_leaves WHERE leaf_index >= {first}",
    ],
}


def test_sealed_leaves_cut_off_below_the_signed_size_are_found(container):
    """The sealed log's own tail deleted: the signed checkpoint still names its size."""
    size = container.audit_parts.store.size()
    statements = CUT_SEALED_TAIL[container.settings.backend]
    run(container, [s.replace("{first}", str(size - 2)) for s in statements])
    made, _ = auditor(container, Clock(), size)
    made.step()
    found = made.findings.open_in(0, size)
    assert [(f["kind"], f["leaf_index"]) for f in found] == [
        ("envelope", size - 2),
        ("envelope", size - 1),
    ]
