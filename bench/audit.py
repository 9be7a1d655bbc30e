"""Benchmark: sealing and full verification of a 1,000,000-event log against the raw scan rate of the
same log in the same run, and export + offline verification of one request's bundle and dossier in that log.

    python -m bench.audit --backend sqlite|postgres [--events 1000000]

The log is the demo district, one request handled through the service, then synthetic events written
at the recorder level (idempotency records of realistic size, which no view reads).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from application.audit.merkle import leaf_hash
from application.audit.notes import Checkpoint, VerifierKey
from application.audit.proofs import root_from_inclusion
from application.audit.report import Report
from application.audit.verify import verify_bundle
from application.audit.verify_log import log_batches, verify_log
from application.audit.verify_notes import signed_body
from application.principals import Principal
from application.requests.commands import request_command
from bench.audit_report import render
from bench.backend import Backend
from bench.machine import describe, load_average, peak_rss_mib, revision
from bench.report import update_doc
from domain.actors import SYSTEM
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.audit_wiring import AuditParts
from infra.container import Container, build_container
from infra.registry_file import demo_registry_path, load_registry_file

TOPIC = "domain.idempotency:CommandRecord.CommandAcknowledged"
BATCH = 10_000
ROUNDS = 3


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def synthetic_state(n: int) -> bytes:
    moment = datetime.now(UTC).isoformat()
    return json.dumps(
        {
            "timestamp": {"_type_": "datetime_iso", "_data_": moment},
            "originator_topic": "domain.idempotency:CommandRecord",
            "actor_id": str(uuid4()),
            "key": f"bench-{n}",
            "fingerprint": f"{n:064x}",
            "response": {
                "request_id": str(uuid4()),
                "status": "new",
                "holding_unit": "CX010101",
                "version": 1,
                "allowed_actions": ["accept", "escalate"],
            },
        },
        separators=(",", ":"),
    ).encode()


def write_synthetic(c: Container, count: int) -> None:
    for start in range(0, count, BATCH):
        c.ledger.recorder.insert_events(
            [
                StoredEvent(uuid4(), 1, TOPIC, synthetic_state(start + i))
                for i in range(min(BATCH, count - start))
            ]
        )


def one_request(c: Container) -> str:
    who = lambda ref: Principal.of(c.ledger.person(person_id_for(ref)))  # noqa: E731
    request_id = c.requests.raise_request(
        who("P0038"),
        title="楼道灯坏了",
        description="一周不亮",
        category=Category.FACILITIES,
    )["request_id"]
    for ref, action, params in (
        ("P0037", "accept", {}),
        ("P0037", "escalate", {"reason": "需社区协调"}),
        ("P0010", "accept", {}),
        ("P0010", "resolve", {"resolution": "已修好"}),
    ):
        c.requests.handle(who(ref), request_command(action, request_id, params))
    c.runner.catch_up()  # the dossier reads the request's views; the synthetic events after it touch none
    return request_id


def raw_scan(c: Container) -> tuple[float, int]:
    """Read every event of the log as stored, touching its bytes: the floor any verifier pays."""

    def scan() -> int:
        return sum(
            len(n.state)
            for batch in log_batches(c.ledger.recorder, BATCH)
            for n in batch
        )

    seconds, _ = timed(scan)
    return seconds, c.ledger.position()


def measure(c: Container, events: int) -> dict[str, Any]:
    c.registry.import_tree(SYSTEM, *load_registry_file(demo_registry_path()))
    request_id = one_request(c)
    written, _ = timed(lambda: write_synthetic(c, events - c.ledger.position()))
    parts = c.audit_parts
    parts.sealing.batch_size = BATCH
    sealed, _ = timed(parts.sealing.catch_up)
    parts.sealing.checkpointer.checkpoint(parts.store.size())
    note, key = c.audit.head()["note"], parts.signer.verifier_key()
    scans, verifications = scans_and_verifications(c, note, key)
    return {
        "events": parts.store.size(),
        "written": written,
        "scans": scans,
        "scan": min(scans),
        "sealed": sealed,
        "verifications": [s for s, _ in verifications],
        "verified": min(s for s, _ in verifications),
        "verified_ok": all(r.ok for _, r in verifications),
        **bundle_checks(parts, request_id),
        **dossier_checks(parts, request_id, note, key),
        "peak_rss_mib": peak_rss_mib(),
    }


def scans_and_verifications(
    c: Container, note: str, key: VerifierKey
) -> tuple[list[float], list[tuple[float, Report]]]:
    """The raw scan and the full verification of the log, alternated ROUNDS times."""
    scans: list[float] = []
    verifications: list[tuple[float, Report]] = []
    for _ in range(ROUNDS):  # alternated, so load from other processes hits both alike
        scans.append(raw_scan(c)[0])
        verifications.append(
            timed(lambda: verify_log(log_batches(c.ledger.recorder, BATCH), note, key))
        )
    return scans, verifications


def bundle_checks(parts: AuditParts, request_id: str) -> dict[str, Any]:
    """One request's bundle: exported, then checked as a reader offline would."""
    exported, bundle = timed(lambda: parts.exports.request(request_id))
    checked, bundle_report = timed(
        lambda: verify_bundle(json.loads(json.dumps(bundle)))
    )
    return {
        "exported": exported,
        "bundle_checked": checked,
        "bundle_ok": bundle_report.ok,
        "bundle_events": len(bundle["entries"]),
        "bundle_bytes": len(json.dumps(bundle)),
    }


def dossier_checks(
    parts: AuditParts, request_id: str, note: str, key: VerifierKey
) -> dict[str, Any]:
    """One request's dossier: exported, then its proofs checked against the signed head."""
    dossier_exported, dossier = timed(
        lambda: json.dumps(parts.dossiers.request(request_id))
    )
    dossier_checked, dossier_ok = timed(
        lambda: dossier_proven(json.loads(dossier), note, key)
    )
    return {
        "dossier_exported": dossier_exported,
        "dossier_checked": dossier_checked,
        "dossier_ok": dossier_ok,
        "dossier_bytes": len(dossier),
    }


def dossier_proven(dossier: dict[str, Any], note: str, key: VerifierKey) -> bool:
    """What a reader of the dossier checks: the checkpoint is signed by the log key, and each event's
    envelope hashes to a leaf whose inclusion proof leads to that checkpoint's root."""
    body = signed_body(note, key, Report(), "checkpoint")
    if body is None:
        return False
    checkpoint = Checkpoint.parse(body)
    return all(_proven(event["proof"], checkpoint) for event in dossier["timeline"])


def _proven(proof: dict[str, Any] | None, checkpoint: Checkpoint) -> bool:
    if proof is None or proof["tree_size"] != checkpoint.size:
        return False
    leaf = leaf_hash(proof["envelope"].encode())
    path = [bytes.fromhex(h) for h in proof["proof"]]
    return (
        root_from_inclusion(proof["leaf_index"], proof["tree_size"], leaf, path)
        == checkpoint.root
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    backend = Backend(args.backend)
    backend.create()
    settings = backend.settings().model_copy(
        update={"checkpoint_every_events": 10**12, "scheduler_in_process": False}
    )
    c = build_container(settings, start=False)
    try:
        return measure(c, args.events)
    finally:
        c.close()
        backend.drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    load_at_start = load_average()
    figures = run(args)
    command = " ".join(
        ["python -m bench.audit", *(argv if argv is not None else sys.argv[1:])]
    )
    section = render(
        args.backend, figures, command, revision(), describe(load_at_start)
    )
    update_doc(args.output, f"audit-{args.backend}", section)
    print(section)
    return (
        0
        if figures["verified_ok"] and figures["bundle_ok"] and figures["dossier_ok"]
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
