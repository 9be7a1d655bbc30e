"""The access matrix's rows for the audit log (docs/audit.md).

Proofs carry no personal data; bundles and dossiers do.
"""

from __future__ import annotations

from application.access import Rule, Scope
from application.access_deliberation import TOPIC_RECORDS
from application.access_roles import AUDITORS, PROOF_READERS, READERS, RESIDENT, SC

WITNESSES = {SC: Scope.ANYWHERE}


def _proof(operation: str, path: str) -> Rule:
    return Rule(
        f"audit.{operation}",
        "GET",
        f"/audit/{path}",
        "none",
        PROOF_READERS,
        rule_id="WZ-5.6-e",
        note="tree sizes, roots, hashes: no personal data",
    )


def _proof_rules() -> list[Rule]:
    return [
        _proof("checkpoints", "checkpoints"),
        _proof("checkpoint_latest", "checkpoints/latest"),
        _proof("inclusion", "proofs/inclusion"),
        _proof("consistency", "proofs/consistency"),
    ]


def _dossier_rules() -> list[Rule]:
    """Bundles and dossiers: the events themselves, personal data included."""
    return [
        Rule(
            "audit.bundles",
            "GET",
            "/audit/bundles",
            "audit_scope",
            AUDITORS,
            rule_id="WZ-5.6-e",
            personal=True,
            note="a request it passed through, a topic's community, a unit's subtree; a time window is the whole "
            "district",
        ),
        Rule(
            "audit.dossier_request",
            "GET",
            "/audit/dossiers/requests/{request_id}",
            "request_path",
            {**READERS, **RESIDENT},
            personal=True,
            note="as reading the request",
        ),
        Rule(
            "audit.dossier_topic",
            "GET",
            "/audit/dossiers/topics/{topic_id}",
            "topic",
            TOPIC_RECORDS.scopes,
            rule_id=TOPIC_RECORDS.rule_id,
            note="as the trace records: every event with its actor",
        ),
    ]


ALERTS = Rule(
    "audit.alerts",
    "GET",
    "/audit/alerts",
    "none",
    PROOF_READERS,
    rule_id="WZ-5.6-e",
    note="the online self-audit's findings: leaf, position, aggregate id; no personal data",
)


def _witness_rules() -> list[Rule]:
    return [
        Rule(
            "audit.witness_register",
            "POST",
            "/audit/witnesses",
            "none",
            WITNESSES,
            rule_id="WZ-5.6-e",
        ),
        Rule(
            "audit.cosign",
            "POST",
            "/audit/witnesses/me/cosignatures",
            "none",
            WITNESSES,
            rule_id="WZ-5.6-e",
            note="a registered witness; the cosignature must verify with its key (422)",
        ),
    ]


def audit_rules() -> list[Rule]:
    return [*_proof_rules(), *_dossier_rules(), ALERTS, *_witness_rules()]
