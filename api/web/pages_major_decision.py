"""“五议两公开” on the topic page (LS-2.4.12): the next stage of a major-decision procedure as a
form — its meeting, the counts of a stage decided by a vote, a reason to skip an optional stage,
the text made public at a publication stage (决议公开, 实施结果公开) — through the same service
as `POST /topics/{id}/major-decision/{stage}`."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import grant_for
from api.deliberation_schemas import StageBody
from api.web.errors import PageRoute
from api.web.pages_requests import validated
from api.web.rule_words import deliberation_refusal
from api.web.session import ctx_of, require_session, see_other
from domain.deliberation.major_decision import MajorDecision, major_decision_id_for
from domain.deliberation.profiles import Stage
from domain.errors import DomainError, UnknownTopic

router = APIRouter(include_in_schema=False, route_class=PageRoute)
COUNTS = ("eligible", "present", "yes", "no", "abstain")


def next_stage(ctx: Any, principal: Any, topic: Any) -> Stage | None:
    """The stage this person may record now, or None (no procedure, done, or not theirs)."""
    if topic.status != "major_decision":
        return None
    try:
        grant_for("topics.major_decision", principal, ctx, topic_id=topic.id)
        procedure = ctx.ledger.load(
            MajorDecision, major_decision_id_for(str(topic.id)), UnknownTopic
        )
    except DomainError:
        return None
    stage: Stage | None = procedure.next_stage()
    return stage


def stage_body(form: dict[str, Any], stage: str, skip: bool) -> StageBody:
    counted = {k: form.get(k, "") for k in COUNTS}
    body: dict[str, Any] = {
        "meeting": form.get("meeting", "") or ("-" if skip else ""),
        "content": form.get("content", ""),
    }
    if skip:
        body["skip_reason"] = form.get("skip_reason", "")
    elif any(str(v).strip() for v in counted.values()):
        body["counts"] = {
            k: int(v) if str(v).isdigit() else v for k, v in counted.items()
        }
    return cast(StageBody, validated(StageBody, body))


@router.post("/topics/{topic_id}/major-decision/{stage}")
async def record_stage(request: Request, topic_id: UUID, stage: str) -> Response:
    form = await request.form()
    return await run_in_threadpool(_record, request, topic_id, stage, dict(form))


def _record(
    request: Request, topic_id: UUID, stage: str, form: dict[str, Any]
) -> Response:
    from api.web.pages_topics import topic_page  # the page this form sits on

    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(str(form.get("csrf") or ""))
    try:
        body = stage_body(form, stage, form.get("do") == "skip")
        grant = grant_for(
            "topics.major_decision", session.principal, ctx, topic_id=topic_id
        )
        counts = body.counts.model_dump() if body.counts else None
        done = ctx.sittings.major_decision(
            session.principal,
            topic_id,
            stage,
            body.meeting,
            counts,
            body.skip_reason,
            None,
            body.content,
            grant,
        )
    except DomainError as error:
        shown = deliberation_refusal(error)
        kept = {**form, "action": "major_decision"}
        return topic_page(
            request, session, topic_id, shown.status, refusal=shown, form=kept
        )
    return see_other(f"/topics/{topic_id}?seen={done['position']}")
