"""The sealing projection on both backends: dense leaves, stored tree, exactly once, checkpoints, triggers."""

from __future__ import annotations

import threading

import pytest

from application.audit.merkle import reference_root
from application.audit.notes import Checkpoint, SignatureLine, split_note
from application.audit.verify_log import log_batches, verify_log
from domain.actors import SYSTEM
from infra.audit_wiring import build_audit
from tests.integration.audit_helpers import (
    all_records,
    make_gap,
    raise_one,
    raw_sql,
    recomputed_leaves,
)


def test_every_event_becomes_the_next_leaf_and_the_stored_tree_has_the_rfc_root(
    container,
):
    container.audit_parts.sealing.catch_up()
    records, store = all_records(container), container.audit_parts.store
    assert store.size() == len(records) == container.ledger.position()
    assert store.sealed_position() == records[-1].position
    root = container.audit.consistency(0, store.size())["second_root"]
    assert bytes.fromhex(root) == reference_root(recomputed_leaves(container))


def test_leaf_indexes_stay_dense_across_gaps_in_log_positions(container):
    if container.settings.backend == "sqlite":
        pytest.skip(
            "SQLite positions are rowids without gaps; tests/unit/test_sealing_batch.py covers gaps"
        )
    make_gap(container, 3)
    raise_one(container)
    container.audit_parts.sealing.catch_up()
    positions = [r.position for r in all_records(container)]
    assert any(b - a > 1 for a, b in zip(positions, positions[1:], strict=False)), (
        "the test made no gap"
    )
    leaves = container.audit_parts.store.leaves("1 = 1", {})
    assert [row["leaf_index"] for row in leaves] == list(range(len(positions)))
    assert [row["position"] for row in leaves] == positions


def test_racing_sealers_and_a_restart_seal_each_event_exactly_once(container, settings):
    others = [
        build_audit(
            settings,
            settings.persistence_env(),
            container.ledger,
            container.view,
            (container.queries, container.deliberation_queries.topic),
        )
        for _ in range(2)
    ]
    try:
        threads = [threading.Thread(target=parts.sealing.catch_up) for parts in others]
        [t.start() for t in threads]
        container.audit_parts.sealing.catch_up()
        [t.join() for t in threads]
        raise_one(container)
        assert (
            others[0].sealing.catch_up() > 0
            and container.audit_parts.sealing.catch_up() == 0
        )
    finally:
        [parts.close() for parts in others]
    store = container.audit_parts.store
    assert store.size() == container.ledger.position()
    assert bytes.fromhex(
        container.audit.consistency(0, store.size())["second_root"]
    ) == reference_root(recomputed_leaves(container))


def test_checkpoints_are_signed_every_n_events_and_verify_with_the_log_key(container):
    parts = container.audit_parts
    parts.sealing.checkpointer.every_events = 100
    parts.sealing.catch_up()
    head = container.audit.head()
    assert head["size"] == parts.store.size()
    body, lines = split_note(head["note"])
    checkpoint = Checkpoint.parse(body)
    assert (
        checkpoint.root.hex() == head["root"]
        and checkpoint.origin == container.settings.audit_origin
    )
    assert (
        SignatureLine.parse(lines[0]).verify(parts.signer.verifier_key(), body) is None
    )
    for _ in range(3):
        raise_one(container)
    parts.sealing.catch_up()
    assert (
        container.audit.head()["size"] == head["size"]
    )  # fewer than 100 new events and not yet 60 s
    parts.sealing.checkpointer.every_events = 2
    parts.sealing.catch_up()
    assert container.audit.head()["size"] == parts.store.size() > head["size"]


@pytest.mark.parametrize(
    "statement", ["UPDATE {log} SET topic = 'x'", "DELETE FROM {log}"]
)
def test_the_log_table_refuses_update_and_delete(container, statement):
    before = len(all_records(container))
    with pytest.raises(Exception, match="append-only"):
        raw_sql(container, statement)
    assert len(all_records(container)) == before
    assert container.registry.import_tree(SYSTEM, [], [])  # appending still works


REWRITES = {
    "gov_audit_leaves": "envelope = 'x'",
    "gov_audit_nodes": "hash = 'x'",
    "gov_audit_checkpoints": "note = 'x'",
}


@pytest.mark.parametrize("table", sorted(REWRITES))
def test_the_sealed_logs_tables_refuse_update_and_delete(container, table):
    """WZ-5.6-e: leaves, tree nodes and checkpoints are append-only too (defence in depth)."""
    parts = container.audit_parts
    parts.sealing.catch_up()
    parts.sealing.checkpointer.checkpoint(parts.store.size())
    head = container.audit.head()
    statements = [f"UPDATE {table} SET {REWRITES[table]}", f"DELETE FROM {table}"]
    if container.settings.backend == "postgres":
        statements.append(f"TRUNCATE {table}")
    for statement in statements:
        with pytest.raises(Exception, match="append-only"):
            raw_sql(container, statement)
    assert container.audit.head() == head
    raise_one(container)
    parts.sealing.catch_up()
    parts.sealing.checkpointer.checkpoint(parts.store.size())
    assert (
        container.audit.head()["size"] > head["size"]
    )  # sealing and signing append as before


TAMPER = {  # what a database owner can do once they drop the defence-in-depth triggers
    "sqlite": [
        "DROP TRIGGER {log}_no_UPDATE",
        "UPDATE {log} SET state = CAST(replace(CAST(state AS TEXT), 'CX01', 'CX02') AS BLOB) WHERE rowid = 3",
    ],
    "postgres": [
        "ALTER TABLE {log} DISABLE TRIGGER gov_log_no_update_delete",
        "UPDATE {log} SET state = convert_to(replace(convert_from(state, 'UTF8'), 'CX01', 'CX02'), 'UTF8') "
        "WHERE notification_id = 3",
    ],
}


def test_the_whole_log_verifies_against_its_checkpoint_until_an_owner_edits_a_row(
    container,
):
    parts = container.audit_parts
    parts.sealing.catch_up()
    parts.sealing.checkpointer.checkpoint(parts.store.size())
    note, key = container.audit.head()["note"], parts.signer.verifier_key()
    assert verify_log(log_batches(container.ledger.recorder, 100), note, key).ok
    for statement in TAMPER[container.settings.backend]:
        raw_sql(container, statement)
    report = verify_log(log_batches(container.ledger.recorder, 100), note, key)
    assert [p.kind for p in report.problems] == ["altered"]
