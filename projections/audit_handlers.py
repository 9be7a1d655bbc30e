"""What witness events change in the read model (tables gov_witnesses, gov_cosignatures; no I/O)."""

from __future__ import annotations

from typing import Any

from domain.witnesses import Witness
from projections.handler_table import HandlerTable, at
from projections.schema import Statement

HANDLERS = HandlerTable()


@HANDLERS.handles(Witness.WitnessRegistered)
def _registered(e: Any, _: int) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_witnesses (witness_id, person_id, unit, verifier_key, registered_at) "
            "VALUES (:id, :person, :unit, :key, :at)",
            {
                "id": str(e.originator_id),
                "person": e.person_id,
                "unit": e.actor_unit,
                "key": e.verifier_key,
                "at": at(e),
            },
        )
    ]


@HANDLERS.handles(Witness.WitnessKeyReplaced)
def _key_replaced(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_witnesses SET verifier_key = :key WHERE witness_id = :id",
            {"id": str(e.originator_id), "key": e.verifier_key},
        )
    ]


@HANDLERS.handles(Witness.CheckpointCosigned)
def _cosigned(e: Any, position: int) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_cosignatures (size, witness_id, root, cosignature, at, position) "
            "VALUES (:size, :id, :root, :line, :at, :position)",
            {
                "size": e.size,
                "id": str(e.originator_id),
                "root": e.root,
                "line": e.cosignature,
                "at": at(e),
                "position": position,
            },
        )
    ]
