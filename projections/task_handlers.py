"""What task and assignment events change in the read model (no I/O here)."""

from __future__ import annotations

from typing import Any

from application.privacy.view_values import Personal
from domain.assignments import Assignment
from domain.tasks import Task
from projections.handler_table import HandlerTable, at
from projections.schema import Statement

HANDLERS = HandlerTable()

OPEN = "('received', 'acknowledged', 'delegated')"


@HANDLERS.handles(Task.TaskIssued)
def _issued(e: Any, _: int) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_tasks (task_id, issuer_unit, title, instructions, deadline, provisional, status, "
            "acknowledge_required, issued_at, version) VALUES (:id, :issuer, :title, :instructions, :deadline, "
            ":provisional, 'open', :ack, :at, :version)",
            {
                "id": str(e.originator_id),
                "issuer": e.issuer_unit,
                "title": e.title,
                "instructions": e.instructions,
                "deadline": e.deadline,
                "provisional": int(e.provisional),
                "ack": int(e.acknowledge_required),
                "at": at(e),
                "version": e.originator_version,
            },
        )
    ]


@HANDLERS.handles(Task.TaskExtended)
def _task_extended(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_tasks SET deadline = :deadline, provisional = :provisional, version = :version "
            "WHERE task_id = :id",
            {
                "id": str(e.originator_id),
                "deadline": e.deadline,
                "provisional": int(e.provisional),
                "version": e.originator_version,
            },
        )
    ]


@HANDLERS.handles(Task.DeadlineRecomputed)
def _task_recomputed(e: Any, position: int) -> list[Statement]:
    """CAL-1: the provisional deadline recounted once the year's schedule was loaded."""
    return _task_extended(e, position)


@HANDLERS.handles(Task.TaskCancelled)
def _task_cancelled(e: Any, _: int) -> list[Statement]:
    params = {"id": str(e.originator_id), "version": e.originator_version, "at": at(e)}
    return [
        (
            "UPDATE gov_tasks SET status = 'cancelled', version = :version WHERE task_id = :id",
            params,
        ),
        (
            f"UPDATE gov_assignments SET status = 'cancelled', updated_at = :at WHERE task_id = :id "
            f"AND status IN {OPEN}",
            params,
        ),
    ]


@HANDLERS.handles(Assignment.AssignmentReceived)
def _received(e: Any, _: int) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_assignments (assignment_id, task_id, holder, level, unit, resident_id, assigned_by, "
            "path, status, deadline, provisional, acknowledge_required, received_at, updated_at, version) VALUES "
            "(:id, :task, :holder, :level, :unit, :resident, :by, :path, 'received', :deadline, :provisional, "
            ":ack, :at, :at, :version)",
            {
                "id": str(e.originator_id),
                "task": e.task_id,
                "holder": e.holder,
                "level": e.level,
                "unit": e.unit,
                "resident": e.resident_id,
                "by": e.assigned_by,
                "path": "/" + "/".join(e.path) + "/",
                "deadline": e.deadline,
                "provisional": int(e.provisional),
                "ack": int(e.acknowledge_required),
                "at": at(e),
                "version": e.originator_version,
            },
        )
    ]


def _set(e: Any, **columns: Any) -> list[Statement]:
    sets = ", ".join(
        [
            *(f"{c} = :{c}" for c in columns),
            "updated_at = :updated_at",
            "version = :version",
        ]
    )
    return [
        (
            f"UPDATE gov_assignments SET {sets} WHERE assignment_id = :id",
            {
                **columns,
                "updated_at": at(e),
                "version": e.originator_version,
                "id": str(e.originator_id),
            },
        )
    ]


STATUS_OF = {
    Assignment.AssignmentAcknowledged: "acknowledged",
    Assignment.AssignmentDelegated: "delegated",
    Assignment.AssignmentCompleted: "completed",
    Assignment.AssignmentReturned: "returned",
}


@HANDLERS.handles(*STATUS_OF)
def _status(e: Any, _: int) -> list[Statement]:
    note = getattr(e, "note", None) or getattr(e, "reason", None)
    return _set(
        e,
        status=STATUS_OF[type(e)],
        **(
            {"note": Personal(e.subject_id, note), "note_subject": e.subject_id}
            if note
            else {}
        ),
    )


@HANDLERS.handles(Assignment.ProgressReported)
def _progress(e: Any, _: int) -> list[Statement]:
    return _set(e, note=Personal(e.subject_id, e.note), note_subject=e.subject_id)


@HANDLERS.handles(Assignment.AssignmentExtended)
def _extended(e: Any, _: int) -> list[Statement]:
    return _set(e, deadline=e.deadline, provisional=int(e.provisional))


@HANDLERS.handles(Assignment.DeadlineRecomputed)
def _recomputed(e: Any, _: int) -> list[Statement]:
    return _set(e, deadline=e.deadline, provisional=int(e.provisional))


@HANDLERS.handles(Assignment.DeadlinePassed)
def _passed(e: Any, _: int) -> list[Statement]:
    return _set(e, passed=e.due)


@HANDLERS.handles(Assignment.AssignmentUrged)
def _urged(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_assignments SET open_urges = open_urges + 1 WHERE assignment_id = :id",
            {"id": str(e.originator_id)},
        ),
        *_set(e),
    ]


@HANDLERS.handles(Assignment.UrgeAnswered)
def _answered(e: Any, _: int) -> list[Statement]:
    return _set(e, open_urges=0)
