"""The service's readiness checks, wired from a container (docs/operations.md).

Positions are read directly (the log, the views' tracking, the sealed log);
whether the runners run, and whether a batch is stuck, comes from the heartbeat
rows the process running them writes, so this works in every API process and on
both backends.
"""

from __future__ import annotations

from typing import Any

from application.readiness import (
    Readiness,
    lag_within,
    runner_progressing,
    runner_running,
    with_beat_ages,
)

SUPERVISED = ("catch-up", "sealing")  # must run somewhere for the service to be ready


def positions(container: Any) -> dict[str, Any]:
    log_position = container.ledger.position()
    view_position, sealed_position = (
        container.view.position(),
        container.audit_parts.store.sealed_position(),
    )
    return {
        "log_position": log_position,
        "view_position": view_position,
        "lag": log_position - view_position,
        "projection_lag": log_position - view_position,
        "sealed_position": sealed_position,
        "sealing_lag": log_position - sealed_position,
    }


def self_audit_figures(container: Any) -> dict[str, Any]:
    """The online self-audit's verdict and its last run (docs/audit.md §10)."""
    status = container.audit_parts.integrity.status()
    state = status.state or {}
    return {
        "integrity": status.label,
        "self_audit": {
            "last_run_at": state.get("last_run_at"),
            "last_pass_completed_at": state.get("last_pass_completed_at"),
            "walk_next_leaf": state.get("next_leaf"),
            "newest_checked_leaf": state.get("newest_checked"),
            "passes": state.get("passes"),
            "open_findings": status.open_findings,
        },
    }


def build_readiness(container: Any) -> Readiness:
    settings, stale = container.settings, container.settings.heartbeat_stale_seconds
    checks = [
        check
        for name in SUPERVISED
        for check in (runner_running(name, stale), runner_progressing(name))
    ]
    checks += [
        runner_running("scheduler", stale, required=False),
        lag_within("projection_lag", settings.ready_max_projection_lag),
        lag_within("sealing_lag", settings.ready_max_sealing_lag),
    ]
    return Readiness(
        measures=[
            lambda: positions(container),
            lambda: {"runners": with_beat_ages(container.runner_status.rows())},
            lambda: self_audit_figures(container),
        ],
        checks=checks,
    )
