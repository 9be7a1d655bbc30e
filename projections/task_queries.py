"""Read-model queries for tasks, notices, roll-up and passed deadlines."""

from __future__ import annotations

from typing import Any

from projections.schema import subtree_pattern

WAITING_STATUSES = "('new', 'accepted', 'delegated', 'reopened')"
OPEN = "('received', 'acknowledged', 'delegated')"
ASSIGNMENT_COLUMNS = (
    "a.assignment_id, a.task_id, t.title, t.issuer_unit, a.holder, a.level, a.unit, a.assigned_by, "
    "a.status, a.deadline, a.provisional, a.passed, a.open_urges, a.note, a.received_at, "
    "a.updated_at, a.version"
)

DUE_SQL = f"""
SELECT 'request' AS kind, request_id AS id, 'accept' AS deadline_kind FROM gov_requests
 WHERE status IN ('new', 'delegated', 'reopened') AND accept_due < :now
   AND (accept_passed IS NULL OR accept_passed <> accept_due)
UNION ALL
SELECT 'request', request_id, 'resolve' FROM gov_requests
 WHERE status IN {WAITING_STATUSES} AND resolve_due < :now
   AND (resolve_passed IS NULL OR resolve_passed <> resolve_due)
UNION ALL
SELECT 'request', request_id, 'overall' FROM gov_requests
 WHERE status IN {WAITING_STATUSES} AND overall_due < :now
   AND (overall_passed IS NULL OR overall_passed <> overall_due)
UNION ALL
SELECT 'request', request_id, 'close' FROM gov_requests
 WHERE status = 'resolved' AND close_due < :now AND (close_passed IS NULL OR close_passed <> close_due)
UNION ALL
SELECT 'assignment', assignment_id, 'deadline' FROM gov_assignments
 WHERE status IN {OPEN} AND deadline < :now AND (passed IS NULL OR passed <> deadline)
   AND (level <> 'resident' OR (status = 'received' AND acknowledge_required = 1))
UNION ALL
SELECT 'topic', topic_id, 'plan' FROM gov_topics WHERE status = 'approved' AND plan_due < :now AND plan_passed IS NULL
UNION ALL
SELECT 'topic', topic_id, 'sit' FROM gov_topics WHERE status IN ('approved', 'planned', 'announced')
   AND sit_due < :now AND sit_passed IS NULL
UNION ALL
SELECT 'topic', topic_id, 'file' FROM gov_topics WHERE outcome IS NOT NULL AND filed_at IS NULL
   AND file_due < :now AND file_passed IS NULL
UNION ALL
SELECT 'topic', topic_id, 'communicate' FROM gov_topics WHERE outcome IS NOT NULL AND communicated_at IS NULL
   AND communicate_due < :now AND communicate_passed IS NULL
UNION ALL
SELECT 'topic', topic_id, 'implement' FROM gov_topics WHERE status = 'implementing' AND completed = 0
   AND implement_due < :now AND implement_passed IS NULL
"""


class TaskQueries:
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def due_items(self, now: str, limit: int) -> list[dict[str, str]]:
        return self.fetch(
            f"SELECT * FROM ({DUE_SQL}) due LIMIT :limit", {"now": now, "limit": limit}
        )

    def provisional_requests(self) -> list[str]:
        rows = self.fetch(
            f"SELECT request_id FROM gov_requests WHERE provisional = 1 AND status IN {WAITING_STATUSES}",
            {},
        )
        return [row["request_id"] for row in rows]

    def unit_tasks(self, unit: str) -> list[dict[str, Any]]:
        return self.fetch(
            f"SELECT {ASSIGNMENT_COLUMNS} FROM gov_assignments a JOIN gov_tasks t "
            f"ON t.task_id = a.task_id WHERE a.unit = :unit AND a.status IN {OPEN} "
            "ORDER BY a.deadline, a.assignment_id",
            {"unit": unit},
        )

    def resident_notices(self, resident_id: str) -> list[dict[str, Any]]:
        return self.fetch(
            f"SELECT {ASSIGNMENT_COLUMNS}, t.instructions, a.acknowledge_required "
            "FROM gov_assignments a JOIN gov_tasks t ON t.task_id = a.task_id "
            "WHERE a.resident_id = :rid ORDER BY a.received_at",
            {"rid": resident_id},
        )

    def issued_by(self, unit: str, limit: int) -> list[dict[str, Any]]:
        """The tasks a unit issued, the newest first."""
        return self.fetch(
            "SELECT task_id, issuer_unit, title, deadline, status, issued_at FROM gov_tasks "
            "WHERE issuer_unit = :unit ORDER BY issued_at DESC, task_id LIMIT :limit",
            {"unit": unit, "limit": limit},
        )

    def task(self, task_id: str) -> dict[str, Any] | None:
        rows = self.fetch(
            "SELECT * FROM gov_tasks WHERE task_id = :id", {"id": task_id}
        )
        return rows[0] if rows else None

    def assignments_under(
        self, task_id: str, holder: str | None
    ) -> list[dict[str, Any]]:
        """Every assignment of the task below `holder` (the whole task when None), with its path."""
        pattern = subtree_pattern(holder) if holder else "%"
        return self.fetch(
            f"SELECT {ASSIGNMENT_COLUMNS}, a.path FROM gov_assignments a JOIN gov_tasks t "
            "ON t.task_id = a.task_id WHERE a.task_id = :id AND a.path LIKE :pattern ESCAPE '!' "
            "ORDER BY a.path",
            {"id": task_id, "pattern": pattern},
        )
