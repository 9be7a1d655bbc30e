"""The audit-log section of docs/benchmarks.md."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

VERIFY_TARGET = 0.5


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" for s in seconds) + " s"


def _exports(f: dict[str, Any]) -> str:
    ok = lambda key: "OK" if f[key] else "FAILED"  # noqa: E731
    return (
        f"One request's bundle in that log ({f['bundle_events']} events, {f['bundle_bytes']:,} bytes of JSON): "
        f"export {1000 * f['exported']:.1f} ms, offline verification {1000 * f['bundle_checked']:.1f} ms "
        f"({ok('bundle_ok')}). Its dispute dossier ({f['dossier_bytes']:,} bytes of JSON): "
        f"export {1000 * f['dossier_exported']:.1f} ms, every event's inclusion proof checked against the "
        f"signed checkpoint {1000 * f['dossier_checked']:.1f} ms ({ok('dossier_ok')}). "
        f"Peak RSS of the bench process {f['peak_rss_mib']:.0f} MiB."
    )


def render(
    backend: str,
    f: dict[str, Any],
    command: str,
    revision: str,
    machine: dict[str, str],
) -> str:
    n, scan = f["events"], f["scan"]
    rate = lambda seconds: n / seconds if seconds else 0.0  # noqa: E731
    ratio = lambda seconds: rate(seconds) / rate(scan) if scan else 0.0  # noqa: E731
    verify = ratio(f["verified"])
    lines = [
        f"## Audit log — {'SQLite' if backend == 'sqlite' else 'PostgreSQL'}",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` (code `{revision}`), one thread.",
        f"Log: {n:,} events (the demo district, one request handled through the service, the rest synthetic "
        f"idempotency records of realistic size written at the recorder level in {f['written']:.1f} s).",
        "",
        "| Pass over the whole log | seconds | events/s | ÷ raw scan | target |",
        "|---|---:|---:|---:|---|",
        f"| Raw scan: every event read as stored (`select_notifications`, 10,000 a batch), bytes touched; "
        f"best of {_runs(f['scans'])} | {scan:.1f} | {rate(scan):,.0f} | 1.00 | |",
        f"| Sealing: leaves, tree nodes and tracking written, batches of 10,000 | {f['sealed']:.1f} | "
        f"{rate(f['sealed']):,.0f} | {ratio(f['sealed']):.2f} | none |",
        f"| Full verification: the same scan, every leaf recomputed, root rebuilt and compared with the signed "
        f"checkpoint ({'OK' if f['verified_ok'] else 'FAILED'}); best of {_runs(f['verifications'])}, "
        f"alternating with the scans | {f['verified']:.1f} | {rate(f['verified']):,.0f} | "
        f"{verify:.2f} | ≥ {VERIFY_TARGET} {'**met**' if verify >= VERIFY_TARGET else '**not met**'} |",
        "",
        _exports(f),
        "",
        "| Machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine.items()),
    ]
    return "\n".join(lines) + "\n"
