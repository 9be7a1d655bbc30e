"""回访 The request page's return-visit form (BZ-A3): staff record a resident's answer."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.access import grant_for
from api.routes.return_visits import ReturnVisitBody
from api.web.errors import PageRoute
from api.web.pages_request import pressed
from api.web.pages_requests import validated
from api.web.session import ctx_of, require_session
from application.requests.return_visits import RecordReturnVisit

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Field = Annotated[str, Form(max_length=1000)]
Csrf = Annotated[str | None, Form(max_length=200)]


@router.post("/requests/{request_id}/return_visit")
def record_return_visit(
    request: Request,
    request_id: UUID,
    channel: Field = "",
    outcome: Field = "",
    score: Field = "",
    reason: Field = "",
    expected_version: Field = "",
    csrf: Csrf = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    typed = {
        "channel": channel,
        "outcome": outcome,
        "score": score,
        "reason": reason,
        "expected_version": expected_version,
    }
    return pressed(
        request,
        request_id,
        "return_visit",
        typed,
        lambda: _record(ctx, session.principal, request_id, typed),
    )


def _record(ctx, principal, request_id: UUID, typed: dict[str, str]) -> dict:
    """The API's body model and access row, then the same service call."""
    body = validated(ReturnVisitBody, {k: v for k, v in typed.items() if v})
    grant_for("requests.return_visit", principal, ctx, request_id=request_id)
    return ctx.return_visits.record(
        principal,
        RecordReturnVisit(
            request_id=request_id,
            channel=body.channel,
            outcome=body.outcome,
            score=body.score if body.outcome.value == "rate" else None,
            reason=body.reason or "",
            expected_version=body.expected_version,
        ),
    )
