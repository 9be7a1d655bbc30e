"""Readiness as a list of small checks over one snapshot of the service's state.

`measures` each return some figures (merged into one snapshot, which /ready
shows); `checks` each look at the snapshot and return a problem (a dict with
`check` and `detail`, plus what names the fault) or None. Adding a concern
(the database within a deadline, the self-audit) is adding a measure and a check.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Problem = dict[str, Any]
Measure = Callable[[], dict[str, Any]]
Check = Callable[[dict[str, Any]], Problem | None]


@dataclass
class Readiness:
    measures: list[Measure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def report(self) -> tuple[dict[str, Any], list[Problem]]:
        state: dict[str, Any] = {}
        for measure in self.measures:
            state.update(measure())
        return state, [
            problem for check in self.checks if (problem := check(state)) is not None
        ]


def lag_within(key: str, bound: int) -> Check:
    """Not ready while `state[key]` (a lag in events) exceeds `bound`."""

    def check(state: dict[str, Any]) -> Problem | None:
        lag = state.get(key)
        if lag is None or lag <= bound:
            return None
        return {
            "check": key,
            "lag": lag,
            "bound": bound,
            "detail": f"{key} {lag} exceeds the bound of {bound} events",
        }

    return check


def with_beat_ages(
    rows: list[dict[str, Any]], now: Callable[[], float] = time.time
) -> list[dict[str, Any]]:
    """The heartbeat rows with how old each beat is, in seconds (what the checks judge)."""
    at = now()
    return [
        {
            **row,
            "alive": bool(row["alive"]),
            "beat_age_seconds": round(max(at - row["beat_at"], 0.0), 3),
        }
        for row in rows
    ]


def runner_running(name: str, stale_after: float, *, required: bool = True) -> Check:
    """Not ready unless runner `name` beat within `stale_after` seconds from a live thread."""

    def check(state: dict[str, Any]) -> Problem | None:
        row = next((r for r in state.get("runners", []) if r["name"] == name), None)
        if row is None:
            return (
                _down(name, "it has never run against this database")
                if required
                else None
            )
        if not row["alive"]:
            return _down(
                name,
                f"process {row['pid']} on {row['host']}: {row['note'] or 'its thread ended'}",
            )
        if row["beat_age_seconds"] > stale_after:
            return _down(
                name,
                f"no heartbeat from process {row['pid']} on {row['host']} for "
                f"{row['beat_age_seconds']:.1f} s (bound {stale_after} s)",
            )
        return None

    return check


def _down(name: str, why: str) -> Problem:
    return {
        "check": "runner_down",
        "runner": name,
        "detail": f"runner {name} is not running: {why}",
    }


def runner_progressing(name: str) -> Check:
    """Not ready while runner `name` reports a batch it cannot apply."""

    def check(state: dict[str, Any]) -> Problem | None:
        row = next((r for r in state.get("runners", []) if r["name"] == name), None)
        if row is None or row["stuck_position"] is None:
            return None
        return {
            "check": "runner_stuck",
            "runner": name,
            "position": row["stuck_position"],
            "error": row["stuck_error"],
            "attempts": row["attempts"],
            "detail": f"runner {name} is stuck at log position {row['stuck_position']}: {row['stuck_error']}",
        }

    return check
