"""What request events change in the read model (gov_requests, gov_visits, the timeline).

Pure functions of (event, log position), so the live projection, a restart's
catch-up and a replay into a fresh in-memory view all apply the same code.
"""

from __future__ import annotations

import json
from typing import Any

from application.privacy.view_values import Personal
from domain.personal import personal_fields, subject_field
from domain.requests import Request
from projections.handler_table import HandlerTable
from projections.handler_table import at as _at
from projections.inbox_counts import counted, entered
from projections.schema import Statement

HANDLERS = HandlerTable()

ACTOR_FIELDS = ("actor_id", "actor_role", "actor_unit")
META_FIELDS = (
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "subject_id",
    *ACTOR_FIELDS,
)


def _timeline_row(e: Any, position: int, unit: str | None) -> Statement:
    """Personal fields go to their own column, so erasing the subject can blank them in place."""
    private = personal_fields(type(e))
    details = {
        k: v for k, v in e.__dict__.items() if k not in META_FIELDS and k not in private
    }
    personal = {k: getattr(e, k) for k in private}
    return (
        "INSERT INTO gov_request_events (position, request_id, version, event_type, actor_id, actor_role, "
        "actor_unit, unit, at, details, subject_id, personal) VALUES (:position, :rid, :version, :type, "
        ":actor_id, :actor_role, :actor_unit, :unit, :at, :details, :subject, :personal)",
        {
            "position": position,
            "rid": str(e.originator_id),
            "version": e.originator_version,
            "type": type(e).__name__,
            "unit": unit,
            "at": _at(e),
            "subject": _subject(e),
            "details": json.dumps(details, ensure_ascii=False, default=str),
            "personal": Personal(
                _subject_of(e), json.dumps(personal, ensure_ascii=False)
            )
            if personal
            else None,
            **{k: getattr(e, k) for k in ACTOR_FIELDS},
        },
    )


def _subject(e: Any) -> str | None:
    return _subject_of(e) if personal_fields(type(e)) else None


def _subject_of(e: Any) -> str:
    """The person an event with personal fields is about."""
    return str(getattr(e, subject_field(type(e))))


def _update(e: Any, **columns: Any) -> Statement:
    sets = ", ".join(
        [
            *(f"{c} = :{c}" for c in columns),
            "version = :version",
            "updated_at = :updated_at",
        ]
    )
    return (
        f"UPDATE gov_requests SET {sets} WHERE request_id = :rid",
        {
            **columns,
            "version": e.originator_version,
            "updated_at": _at(e),
            "rid": str(e.originator_id),
        },
    )


def _leave(e: Any, how: str) -> Statement:
    return (
        "UPDATE gov_visits SET left_at = :at, left_by = :how WHERE request_id = :rid AND left_at IS NULL",
        {"at": _at(e), "how": how, "rid": str(e.originator_id)},
    )


def _arrive(e: Any, position: int, how: str, status: str) -> list[Statement]:
    visit = (
        "INSERT INTO gov_visits (request_id, seq, unit, arrived_at, arrived_by) "
        "VALUES (:rid, :seq, :unit, :at, :how)",
        {
            "rid": str(e.originator_id),
            "seq": e.originator_version,
            "unit": e.to_unit,
            "at": _at(e),
            "how": how,
        },
    )
    moved = _update(
        e,
        holding_unit=e.to_unit,
        status=status,
        arrived_at=_at(e),
        arrived_position=position,
        arrived_by=how,
        accept_due=e.accept_due,
        resolve_due=e.resolve_due,
        provisional=int(e.provisional),
    )
    return [visit, *counted(moved)]


@HANDLERS.handles(Request.RequestRaised)
def _raised(e: Any, position: int) -> list[Statement]:
    row = (
        "INSERT INTO gov_requests (request_id, resident_id, origin_group, holding_unit, status, category, "
        "channel, title, version, raised_at, raised_position, arrived_at, arrived_position, arrived_by, "
        "updated_at, accept_due, resolve_due, overall_due, provisional) VALUES (:rid, :resident, :group, :group, "
        "'new', :category, :channel, :title, :version, :at, :position, :at, :position, 'raised', :at, "
        ":accept_due, :resolve_due, :overall_due, :provisional)",
        {
            "rid": str(e.originator_id),
            "resident": e.resident_id,
            "group": e.group,
            "category": e.category,
            "channel": e.channel,
            "title": Personal(_subject_of(e), e.title),
            "version": e.originator_version,
            "at": _at(e),
            "position": position,
            "accept_due": e.accept_due,
            "resolve_due": e.resolve_due,
            "overall_due": e.overall_due,
            "provisional": int(e.provisional),
        },
    )
    visit = (
        "INSERT INTO gov_visits (request_id, seq, unit, arrived_at, arrived_by) "
        "VALUES (:rid, 1, :unit, :at, 'raised')",
        {"rid": str(e.originator_id), "unit": e.group, "at": _at(e)},
    )
    return [
        row,
        entered(str(e.originator_id)),
        visit,
        _timeline_row(e, position, e.group),
    ]


@HANDLERS.handles(Request.RequestAccepted)
def _accepted(e: Any, position: int) -> list[Statement]:
    return [*counted(_update(e, status="accepted")), _timeline_row(e, position, e.unit)]


PASSED_ON = {
    "RequestEscalated": "escalated",
    "RequestDelegated": "delegated",
    "Reassigned": "reassigned",
}


@HANDLERS.handles(
    Request.RequestEscalated, Request.RequestDelegated, Request.Reassigned
)
def _passed_on(e: Any, position: int) -> list[Statement]:
    how = PASSED_ON[type(e).__name__]
    status = "delegated" if how == "delegated" else "new"
    return [
        _leave(e, how),
        *_arrive(e, position, how, status),
        _timeline_row(e, position, e.from_unit),
    ]


@HANDLERS.handles(Request.RequestResolved)
def _resolved(e: Any, position: int) -> list[Statement]:
    return [
        _leave(e, "resolved"),
        *counted(
            _update(
                e,
                status="resolved",
                resolved_by=e.unit,
                resolved_at=_at(e),
                close_due=e.close_due,
            )
        ),
        _timeline_row(e, position, e.unit),
    ]


@HANDLERS.handles(Request.RequestWithdrawn)
def _withdrawn(e: Any, position: int) -> list[Statement]:
    return [
        _leave(e, "withdrawn"),
        *counted(_update(e, status="withdrawn")),
        _timeline_row(e, position, e.actor_unit),
    ]


@HANDLERS.handles(Request.RequestClosed)
def _closed(e: Any, position: int) -> list[Statement]:
    return [*counted(_update(e, status="closed")), _timeline_row(e, position, None)]


@HANDLERS.handles(Request.ResolutionConfirmed)
def _confirmed(e: Any, position: int) -> list[Statement]:
    return [
        *counted(_update(e, status="closed")),
        _timeline_row(e, position, e.actor_unit),
    ]


@HANDLERS.handles(Request.ResolutionDisputed)
def _disputed(e: Any, position: int) -> list[Statement]:
    return [
        *_arrive(e, position, "reopened", "reopened"),
        _timeline_row(e, position, e.to_unit),
    ]


@HANDLERS.handles(Request.ReturnVisitRecorded)
def _return_visit(e: Any, position: int) -> list[Statement]:
    """回访 (BZ-A3): the timeline shows who visited and how; the answer follows as its own event."""
    return [_update(e), _timeline_row(e, position, e.actor_unit)]


@HANDLERS.handles(Request.SatisfactionRated)
def _rated(e: Any, position: int) -> list[Statement]:
    return [_update(e, rating=e.score), _timeline_row(e, position, e.actor_unit)]


PASSED_COLUMNS = {
    "accept": "accept_passed",
    "resolve": "resolve_passed",
    "overall": "overall_passed",
    "close": "close_passed",
}


@HANDLERS.handles(Request.DeadlinePassed)
def _deadline_passed(e: Any, position: int) -> list[Statement]:
    return [
        _update(e, **{PASSED_COLUMNS[e.kind]: e.due}),
        _timeline_row(e, position, e.actor_unit),
    ]


@HANDLERS.handles(Request.RequestUrged)
def _urged(e: Any, position: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_requests SET open_urges = open_urges + 1 WHERE request_id = :rid",
            {"rid": str(e.originator_id)},
        ),
        _update(e),
        _timeline_row(e, position, e.by_unit),
    ]


@HANDLERS.handles(Request.UrgeAnswered)
def _urge_answered(e: Any, position: int) -> list[Statement]:
    return [_update(e, open_urges=0), _timeline_row(e, position, e.actor_unit)]


@HANDLERS.handles(Request.DeadlinesRecomputed)
def _recomputed(e: Any, position: int) -> list[Statement]:
    return [
        _update(
            e,
            accept_due=e.accept_due,
            resolve_due=e.resolve_due,
            overall_due=e.overall_due,
            provisional=int(e.provisional),
        ),
        _timeline_row(e, position, None),
    ]


@HANDLERS.handles(Request.TopicLinked)
def _topic_linked(e: Any, position: int) -> list[Statement]:
    return [_update(e), _timeline_row(e, position, e.actor_unit)]
