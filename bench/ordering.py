"""Benchmark: the cost of the ledger's in-order check (docs/audit.md §6a) on aggregate loads,
and of `verify-log` accounting for every row against the root-only pass.

    python -m bench.ordering --backend sqlite|postgres [--requests 300] [--rounds 5]
    python -m bench.ordering --backend sqlite|postgres --log-events 200000

Requests are raised and handled through the service and sealed; then every
request is loaded from the database (cache dropped before each load), in
rounds that alternate between the check against the sealed log on and off
(positions above 0 and growing are checked in both: they are free). Printed:
loads per second each way and their ratio, from the same run.
"""

from __future__ import annotations

import argparse
import time

from application.audit.verify_log import (
    leaf_batches,
    log_batches,
    verify_log,
    verify_log_coverage,
)
from bench.audit import BATCH, write_synthetic
from bench.backend import Backend
from domain.actors import SYSTEM
from infra.container import build_container
from infra.registry_file import demo_registry_path, load_registry_file
from projections.ordered_log import OrderedReads
from tests.integration.audit_helpers import handled_request


def load_all(container, request_ids: list[str]) -> float:
    start = time.perf_counter()
    for request_id in request_ids:
        container.ledger.forget_cached()
        container.ledger.request(request_id)
    return len(request_ids) / (time.perf_counter() - start)


def run(backend_name: str, requests: int, rounds: int) -> dict[str, float]:
    backend = Backend(backend_name)
    backend.create()
    container = build_container(backend.settings(), start=False)
    try:
        container.registry.import_tree(
            SYSTEM, *load_registry_file(demo_registry_path())
        )
        ids = [handled_request(container) for _ in range(requests)]
        container.audit_parts.sealing.catch_up()
        recorder, store = container.ledger.recorder, container.audit_parts.store
        if not isinstance(recorder, OrderedReads):
            raise TypeError("the ledger's recorder does not check the order of reads")
        rates: dict[str, list[float]] = {"checked": [], "unchecked": []}
        for _ in range(rounds):
            for name, sealed in (("checked", store), ("unchecked", None)):
                recorder.sealed = sealed
                rates[name].append(load_all(container, ids))
        recorder.sealed = store
    finally:
        container.close()
        backend.drop()
    best = {name: sorted(values)[len(values) // 2] for name, values in rates.items()}
    return {**best, "ratio": best["checked"] / best["unchecked"]}


def verify_log_rates(backend_name: str, events: int, rounds: int) -> dict[str, float]:
    """Events/s of the root-only pass and of the every-row pass, alternating rounds."""
    backend = Backend(backend_name)
    backend.create()
    container = build_container(backend.settings(), start=False)
    try:
        container.registry.import_tree(
            SYSTEM, *load_registry_file(demo_registry_path())
        )
        write_synthetic(container, events)
        parts = container.audit_parts
        parts.sealing.batch_size = BATCH
        parts.sealing.catch_up()
        parts.sealing.checkpointer.checkpoint(parts.store.size())
        note, key = container.audit.head()["note"], parts.signer.verifier_key()
        rows = lambda: log_batches(container.ledger.recorder, BATCH)  # noqa: E731
        passes = {
            "root only": lambda: verify_log(rows(), note, key),
            "every row": lambda: verify_log_coverage(
                rows, lambda: leaf_batches(parts.store, BATCH), note, key
            ),
        }
        rates: dict[str, list[float]] = {name: [] for name in passes}
        for _ in range(rounds):
            for name, check in passes.items():
                start = time.perf_counter()
                assert check().ok
                rates[name].append(parts.store.size() / (time.perf_counter() - start))
    finally:
        container.close()
        backend.drop()
    best = {name: max(values) for name, values in rates.items()}
    return {**best, "ratio": best["every row"] / best["root only"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--log-events", type=int, default=0)
    args = parser.parse_args()
    if args.log_events:
        rates = verify_log_rates(args.backend, args.log_events, args.rounds)
        print(
            f"{args.backend}: verify-log over {args.log_events} events: "
            f"{rates['every row']:.0f} events/s every row, {rates['root only']:.0f} "
            f"root only (best of {args.rounds} alternating): ratio {rates['ratio']:.2f}"
        )
        return
    result = run(args.backend, args.requests, args.rounds)
    print(
        f"{args.backend}: {result['checked']:.0f} loads/s checked, "
        f"{result['unchecked']:.0f} unchecked (median of {args.rounds} alternating "
        f"rounds): ratio {result['ratio']:.2f}"
    )


if __name__ == "__main__":
    main()
