"""Task deadlines recounted once a year's official schedule is loaded (CAL-1).

A task issued "N working days from now" records when it was counted and N; its deadline is
provisional while a year it crosses has no official data. Loading that year counts it again with
the official calendar, from the same moment, and the task and the assignments it issued directly
(those still carrying its deadline) record the new moment as `DeadlineRecomputed`.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Protocol

from application.calendar.deadlines import Deadlines
from application.ledger import Ledger, Outcome
from domain.actors import SYSTEM
from domain.assignments import Assignment
from domain.errors import UnknownTask
from domain.tasks import Task, assignment_id_for
from domain.tasks_deadlines import recount_assignment

PROVISIONAL_TASKS = (
    "SELECT task_id FROM gov_tasks WHERE provisional = 1 AND status = 'open' "
    "ORDER BY task_id"
)


class Rows(Protocol):
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


class TaskDeadlineRecount:
    def __init__(self, ledger: Ledger, deadlines: Deadlines):
        self.ledger, self.deadlines = ledger, deadlines

    def recompute_provisional(self, rows: Rows) -> dict[str, int]:
        changed = 0
        for row in rows.fetch(PROVISIONAL_TASKS, {}):
            task_id = str(row["task_id"])
            changed += self.ledger.commit(partial(self._recompute, task_id))["changed"]
        return {"recomputed_tasks": changed}

    def _recompute(self, task_id: str) -> Outcome:
        task = self.ledger.load(Task, task_id, UnknownTask)
        if task.counted_from is None or task.working_days is None:
            return Outcome(
                [task], {"changed": 0}
            )  # a fixed date, or counted before CAL-1
        was = task.deadline
        deadline = self.deadlines.calendar().add_working_days(
            task.counted_from, task.working_days
        )
        if not task.recompute_deadline(SYSTEM, deadline):
            return Outcome([task], {"changed": 0})
        roots = [
            self.ledger.load(Assignment, assignment_id_for(task.id, unit), UnknownTask)
            for unit in task.targets
        ]
        for root in roots:
            recount_assignment(root, SYSTEM, was, deadline.at, deadline.provisional)
        return Outcome([task, *roots], {"changed": 1})
