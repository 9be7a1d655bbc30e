"""The access matrix's rows for the audit log (docs/audit.md).

Proofs carry no personal data; bundles and dossiers do.
"""

from __future__ import annotations

from application.access.grants import Rule, Scope
from application.access.roles import AUDITORS, PROOF_READERS, READERS, RESIDENT, SC
from application.access.rows.deliberation import TOPIC_RECORDS

WITNESSES = {SC: Scope.ANYWHERE}


def _proof(operation: str) -> Rule:
    return Rule(
        f"audit.{operation}",
        "none",
        PROOF_READERS,
        rule_id="WZ-5.6-e",
        note="tree sizes, roots, hashes: no personal data",
    )


def _proof_rules() -> list[Rule]:
    return [
        _proof("checkpoints"),
        _proof("checkpoint_latest"),
        _proof("inclusion"),
        _proof("consistency"),
    ]


def _dossier_rules() -> list[Rule]:
    """Bundles and dossiers: the events themselves, personal data included."""
    return [
        Rule(
            "audit.bundles",
            "audit_scope",
            AUDITORS,
            rule_id="WZ-5.6-e",
            personal=True,
            note="a request it passed through, a topic's community, a unit's subtree; a time window is the whole "
            "district",
        ),
        Rule(
            "audit.dossier_request",
            "request_path",
            {**READERS, **RESIDENT},
            personal=True,
            note="as reading the request",
        ),
        Rule(
            "audit.dossier_topic",
            "topic",
            TOPIC_RECORDS.scopes,
            rule_id=TOPIC_RECORDS.rule_id,
            note="as the trace records: every event with its actor",
        ),
    ]


ALERTS = Rule(
    "audit.alerts",
    "none",
    PROOF_READERS,
    rule_id="WZ-5.6-e",
    note="the online self-audit's findings: leaf, position, aggregate id; no personal data",
)


def _witness_rules() -> list[Rule]:
    return [
        Rule(
            "audit.witness_register",
            "none",
            WITNESSES,
            rule_id="WZ-5.6-e",
        ),
        Rule(
            "audit.cosign",
            "none",
            WITNESSES,
            rule_id="WZ-5.6-e",
            note="a registered witness; the cosignature must verify with its key (422)",
        ),
    ]


def audit_rules() -> list[Rule]:
    return [*_proof_rules(), *_dossier_rules(), ALERTS, *_witness_rules()]
