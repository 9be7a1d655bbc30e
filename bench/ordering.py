"""Benchmark: the cost of the ledger's in-order check (docs/audit.md §6a) on aggregate loads.

    python -m bench.ordering --backend sqlite|postgres [--requests 300] [--rounds 5]

Requests are raised and handled through the service and sealed; then every
request is loaded from the database (cache dropped before each load), in
rounds that alternate between the check against the sealed log on and off
(positions above 0 and growing are checked in both: they are free). Printed:
loads per second each way and their ratio, from the same run.
"""

from __future__ import annotations

import argparse
import time

from bench.backend import Backend
from domain.actors import SYSTEM
from infra.container import build_container
from infra.registry_file import demo_registry_path, load_registry_file
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    result = run(args.backend, args.requests, args.rounds)
    print(
        f"{args.backend}: {result['checked']:.0f} loads/s checked, "
        f"{result['unchecked']:.0f} unchecked (median of {args.rounds} alternating "
        f"rounds): ratio {result['ratio']:.2f}"
    )


if __name__ == "__main__":
    main()
