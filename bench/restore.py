"""Benchmark: the restore drill. `gov backup` and `gov restore` of an N-event log timed as the operator
runs them, then, on the restored log, the view rebuild (`gov rebuild`'s path) against a raw scan.

    python -m bench.restore --backend sqlite|postgres [--events 1000000] [--rounds 1]

The log is bench.audit's: the demo district, one request handled through the service, then synthetic
idempotency records written at the recorder level (no view projects them), with the views caught up
and the log sealed and signed up to the head, as a running service keeps them. Each command runs in
its own process (`python -m infra.cli backup DIR`, then `… restore DIR` into a new SQLite file or a
new PostgreSQL database with the same schema name); the restore verifies the log against the
manifest's signed checkpoint itself and exits non-zero if it does not. The rebuild and the scan read
the log in batches of 1,000 and are timed both over the whole log and over its projected part.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from eventsourcing.persistence import StoredEvent

from bench import audit
from bench.backend import PG, PG_URL, Backend, pg_execute
from bench.machine import describe, load_average, revision
from bench.report import update_doc
from bench.restore_report import render
from bench.restore_rounds import rounds
from bench.run import log
from domain.actors import SYSTEM
from infra.container import Container, build_container
from infra.registry_file import demo_registry_path, load_registry_file
from infra.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC_BATCH = 1000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.restore")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    return parser.parse_args(argv)


def write_synthetic(c: Container, count: int) -> None:
    """bench.audit's records, 1,000 an insert: at 10,000 an insert the PostgreSQL recorder's
    pipelined insert hung twice in `pipeline.sync()` (server side in ClientRead, after its NOTIFY)."""
    for start in range(0, count, SYNTHETIC_BATCH):
        c.ledger.recorder.insert_events(
            [
                StoredEvent(
                    uuid.uuid4(), 1, audit.TOPIC, audit.synthetic_state(start + i)
                )
                for i in range(min(SYNTHETIC_BATCH, count - start))
            ]
        )


def build_log(backend: Backend, events: int) -> dict[str, Any]:
    """The live service's state: the log, its views caught up, sealed and signed to the head."""
    settings = backend.settings().model_copy(
        update={"checkpoint_every_events": 10**12, "scheduler_in_process": False}
    )
    c = build_container(settings, start=False)
    try:
        c.registry.import_tree(SYSTEM, *load_registry_file(demo_registry_path()))
        audit.one_request(c)
        projected = c.ledger.position()
        written, _ = audit.timed(lambda: write_synthetic(c, events - projected))
        caught_up, _ = audit.timed(c.runner.catch_up)
        c.audit_parts.sealing.batch_size = audit.BATCH
        sealed, _ = audit.timed(c.audit_parts.sealing.catch_up)
        c.audit_parts.sealing.checkpointer.checkpoint(c.audit_parts.store.size())
        return {
            "events": c.ledger.position(),
            "projected": projected,
            "written": written,
            "caught_up": caught_up,
            "sealed": sealed,
        }
    finally:
        c.close()


def env_for(backend: Backend, database: str | None) -> dict[str, str]:
    env = {**os.environ, **backend.server_env(), "GOV_PROGRESS": "off"}
    if backend.name == "sqlite":
        env["GOV_SQLITE_PATH"] = str(backend.tmp / "restored" / "ledger.sqlite")
    elif database is not None:
        env["GOV_DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + "/" + database
    return env


def gov(env: dict[str, str], *args: str) -> dict[str, Any]:
    """One `gov` command in its own process, timed whole (interpreter start included)."""
    load = load_average()
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "infra.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"gov {' '.join(args)} failed: {done.stderr[-2000:]}")
    return {"seconds": seconds, "load": load, "out": done.stdout.strip()}


def backup_and_restore(backend: Backend, database: str | None) -> dict[str, Any]:
    """`gov backup DIR` from the live place, `gov restore DIR` into a new one."""
    where = backend.tmp / "backup"
    backed = gov({**os.environ, **backend.server_env()}, "backup", str(where))
    sizes = sum(p.stat().st_size for p in where.iterdir())
    restored = gov(env_for(backend, database), "restore", str(where))
    return {"backup": backed, "restore": restored, "backup_bytes": sizes}


def restored_settings(backend: Backend, database: str | None) -> Settings:
    settings = backend.settings()
    if backend.name == "sqlite":
        return settings.model_copy(
            update={"sqlite_path": backend.tmp / "restored" / "ledger.sqlite"}
        )
    return settings.model_copy(update={"postgres_dbname": str(database)})


def run(args: argparse.Namespace) -> dict[str, Any]:
    backend = Backend(args.backend)
    backend.create()
    database = f"{PG['dbname']}_r{uuid.uuid4().hex[:8]}"
    if backend.name == "postgres":
        pg_execute(f'CREATE DATABASE "{database}"')
    try:
        log(f"building a {args.events:,}-event log on {backend.name}")
        built = {**build_log(backend, args.events), "load": load_average()}
        log(f"log built: {built}; gov backup, gov restore")
        commands = backup_and_restore(backend, database)
        log(f"backup {commands['backup']['seconds']:.1f} s, restore "
            f"{commands['restore']['seconds']:.1f} s; rounds of scan and rebuild")  # fmt: skip
        c = build_container(restored_settings(backend, database), start=False)
        try:
            measured = rounds(c, args.rounds, built["projected"])
        finally:
            c.close()
        return {"built": built, **commands, **measured}
    finally:
        backend.drop()
        if backend.name == "postgres":
            pg_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    load_at_start = load_average()
    figures = run(args)
    command = " ".join(["python -m bench.restore", *argv])
    section = render(
        args.backend, figures, command, revision(), describe(load_at_start)
    )
    update_doc(args.output, f"restore-{args.backend}", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
