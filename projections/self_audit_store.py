"""The self-audit's own tables: where the walk has got to, and the mismatches it found.

Kept beside the sealed log (same database, same store) but not append-only: the
state row moves on every step and a finding is marked resolved once its row
matches the sealed tree again. Every process reads them, so API workers on
PostgreSQL see what the `gov worker` process found.
"""

from __future__ import annotations

from typing import Any, Protocol

SELF_AUDIT_DDL = [
    "CREATE TABLE IF NOT EXISTS gov_self_audit_state (id INTEGER PRIMARY KEY, next_leaf BIGINT NOT NULL, "
    "newest_checked BIGINT NOT NULL, pass_started_at TEXT NOT NULL, last_pass_completed_at TEXT, "
    "passes BIGINT NOT NULL, leaves_checked BIGINT NOT NULL, last_run_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gov_self_audit_findings (leaf_index BIGINT NOT NULL, kind TEXT NOT NULL, "
    "position BIGINT, aggregate_id TEXT, detail TEXT NOT NULL, found_at TEXT NOT NULL, resolved_at TEXT, "
    "PRIMARY KEY (leaf_index, kind))",
]
SAVE_STATE = (
    "INSERT INTO gov_self_audit_state (id, next_leaf, newest_checked, pass_started_at, last_pass_completed_at, "
    "passes, leaves_checked, last_run_at) VALUES (1, :next_leaf, :newest_checked, :pass_started_at, "
    ":last_pass_completed_at, :passes, :leaves_checked, :last_run_at) ON CONFLICT (id) DO UPDATE SET "
    "next_leaf = excluded.next_leaf, newest_checked = excluded.newest_checked, "
    "pass_started_at = excluded.pass_started_at, last_pass_completed_at = excluded.last_pass_completed_at, "
    "passes = excluded.passes, leaves_checked = excluded.leaves_checked, last_run_at = excluded.last_run_at"
)
# A finding seen again stays open with its first time; one seen after it was resolved opens again.
RECORD_FINDING = (
    "INSERT INTO gov_self_audit_findings (leaf_index, kind, position, aggregate_id, detail, found_at) "
    "VALUES (:leaf_index, :kind, :position, :aggregate_id, :detail, :found_at) "
    "ON CONFLICT (leaf_index, kind) DO UPDATE SET resolved_at = NULL, detail = excluded.detail, "
    "found_at = CASE WHEN gov_self_audit_findings.resolved_at IS NULL THEN gov_self_audit_findings.found_at "
    "ELSE excluded.found_at END"
)
RESOLVE = (
    "UPDATE gov_self_audit_findings SET resolved_at = :at WHERE leaf_index = :leaf_index AND kind = :kind "
    "AND resolved_at IS NULL"
)
FINDING_COLUMNS = (
    "leaf_index, kind, position, aggregate_id, detail, found_at, resolved_at"
)


class Rows(Protocol):
    """The sealed-log store's plain SQL access (projections/sealing.py)."""

    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...
    def execute(self, sql: str, rows: list[dict[str, Any]]) -> None: ...


class SelfAuditStore:
    def __init__(self, rows: Rows):
        self.rows = rows

    def state(self) -> dict[str, Any] | None:
        found = self.rows.fetch(
            "SELECT next_leaf, newest_checked, pass_started_at, last_pass_completed_at, "
            "passes, leaves_checked, last_run_at FROM gov_self_audit_state WHERE id = 1",
            {},
        )
        return found[0] if found else None

    def save_state(self, state: dict[str, Any]) -> None:
        self.rows.execute(SAVE_STATE, [state])

    def record(
        self, findings: list[dict[str, Any]], resolved: list[dict[str, Any]], at: str
    ) -> None:
        if findings:
            self.rows.execute(RECORD_FINDING, [{**f, "found_at": at} for f in findings])
        if resolved:
            self.rows.execute(
                RESOLVE,
                [
                    {"leaf_index": r["leaf_index"], "kind": r["kind"], "at": at}
                    for r in resolved
                ],
            )

    def open_in(self, first: int, end: int) -> list[dict[str, Any]]:
        """Unresolved findings about leaves [first, end)."""
        return self.rows.fetch(
            f"SELECT {FINDING_COLUMNS} FROM gov_self_audit_findings WHERE resolved_at IS NULL "
            "AND leaf_index >= :first AND leaf_index < :end ORDER BY leaf_index, kind",
            {"first": first, "end": end},
        )

    def open_count(self) -> int:
        return self.rows.fetch(
            "SELECT COUNT(*) AS n FROM gov_self_audit_findings WHERE resolved_at IS NULL",
            {},
        )[0]["n"]

    def alerts(self, limit: int, include_resolved: bool = True) -> list[dict[str, Any]]:
        where = "" if include_resolved else "WHERE resolved_at IS NULL "
        return self.rows.fetch(
            f"SELECT {FINDING_COLUMNS} FROM gov_self_audit_findings {where}"
            "ORDER BY found_at DESC, leaf_index LIMIT :limit",
            {"limit": limit},
        )
