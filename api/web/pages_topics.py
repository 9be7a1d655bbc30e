"""协商议题 pages: a community's topic pipeline with what is due next, and one topic's page
with its state, timeline and the forms for exactly the steps this person may take now."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.access import grant_for
from api.context import ApiContext
from api.deliberation_schemas import OpenSittingBody
from api.deps import see_position
from api.routes.corrections import CorrectionBody
from api.schemas import Code
from api.web.deliberation_now import roles_on, topic_actions_now
from api.web.errors import PageRoute
from api.web.overdue_reviews import overdue_reviews
from api.web.pages_major_decision import next_stage
from api.web.pages_mediation import links_mediation
from api.web.pages_requests import unit_names
from api.web.rule_words import deliberation_refusal
from api.web.session import ctx_of, render_for, require_session, see_other
from api.web.street_correction import street_correction
from api.web.topic_forms import CATEGORIES, topic_body, typed_form
from application.deliberation import topic_actions
from application.principals import Principal
from application.records.trace import load_history
from application.records.words import WORDS
from application.signin.sessions import Session
from domain.deliberation.planning import FORMS
from domain.deliberation.topics import Topic
from domain.deliberation.vocabulary import MustDeliberate, MustNotDeliberate
from domain.deliberation.vocabulary import ReviewCheck as Check
from domain.errors import DomainError

router = APIRouter(include_in_schema=False, route_class=PageRoute)
PIPELINE = (
    "proposed",
    "reviewed",
    "planned",
    "announced",
    "sitting",
    "outcome",
    "filed",
    "communicated",
    "implemented",
    "archived",
)
REVIEWED = {"approved", "rejected"}
CHANNELS = ("notice_board", "wechat", "screen", "meeting_notice", "sms", "qq")


def stage_of(topic: Topic) -> str:
    """Where the topic stands on the community's pipeline (docs/deliberation.md)."""
    if topic.outcome is None or topic.status == "redeliberate":
        if topic.status in REVIEWED:
            return "reviewed"
        return topic.status if topic.status in PIPELINE else "proposed"
    for stage, step in (("archived", "archive"), ("implemented", "report")):
        if topic.steps.get(step) and (stage == "archived" or topic.completed):
            return stage
    if topic.steps.get("communicate"):
        return "communicated"
    return "filed" if topic.steps.get("file") else "outcome"


@router.get("/units/{code}/topics")
def pipeline(request: Request, code: Code, seen: int | None = None) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    see_position(ctx, seen)
    grant_for("units.deliberations", session.principal, ctx, code=code)
    found = ctx.deliberation_queries.community(session.principal, code, 0, 500)
    stages: dict[str, list[dict[str, Any]]] = {stage: [] for stage in PIPELINE}
    for row in found["items"]:
        stages[stage_of(ctx.ledger.topic(row["topic_id"]))].append(row)
    return render_for(
        request,
        session,
        "topics.html",
        unit=ctx.ledger.registry().unit(code),
        stages=stages,
        filings_due=found["filings_due"],
        overdue_reviews=overdue_reviews(ctx, found["items"]),
    )


def topic_page(
    request: Request,
    session: Session,
    topic_id: UUID,
    status: int = 200,
    **context: Any,
) -> Response:
    ctx = ctx_of(request)
    grant_for("topics.read", session.principal, ctx, topic_id=topic_id)
    item = ctx.deliberation_queries.topic(str(topic_id))
    topic, registry = ctx.ledger.topic(topic_id), ctx.ledger.registry()
    history = load_history(ctx.ledger, topic_id)
    return render_for(
        request,
        session,
        "topic.html",
        status,
        item=item,
        stage=stage_of(topic),
        pipeline=PIPELINE,
        actions=topic_actions_now(session.principal, ctx.ledger, topic, registry),
        mine=roles_on(session.principal.person_id, topic),
        people=history.people,
        timeline=history.topic,
        may_read_records=may_read_records(session.principal, ctx, topic_id),
        mediation=links_mediation(ctx, session.principal, topic),
        next_stage=next_stage(ctx, session.principal, topic),  # LS-2.4.12
        units=unit_names(ctx),
        words=WORDS,
        choices=form_choices(),
        form=context.pop("form", {}),
        **context,
    )


def may_read_records(principal: Principal, ctx: ApiContext, topic_id: UUID) -> bool:
    try:
        grant_for("topics.records", principal, ctx, topic_id=topic_id)
    except DomainError:
        return False
    return True


def form_choices() -> dict[str, Any]:
    return {
        "checks": [c.value for c in Check],
        "must": [m.value for m in MustDeliberate],
        "must_not": [m.value for m in MustNotDeliberate],
        "forms": list(FORMS),
        "categories": CATEGORIES,
        "channels": CHANNELS,
    }


@router.get("/topics/{topic_id}")
def show_topic(request: Request, topic_id: UUID, seen: int | None = None) -> Response:
    session = require_session(request)
    see_position(ctx_of(request), seen)
    return topic_page(request, session, topic_id)


@router.post("/topics/{topic_id}/{action}")
async def act_on_topic(request: Request, topic_id: UUID, action: str) -> Response:
    form = await request.form()
    return await run_in_threadpool(topic_command, request, topic_id, action, form)


def topic_command(
    request: Request, topic_id: UUID, action: str, form: FormData
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(str(form.get("csrf") or ""))
    typed = typed_form(form)
    try:
        body = topic_body(action, typed)
        me = session.principal
        grant = grant_for(f"topics.{action}", me, ctx, topic_id=topic_id)
        version = getattr(body, "expected_version", None)
        if isinstance(body, OpenSittingBody):
            done = ctx.sittings.open(me, topic_id, body.mode, version, grant=grant)
            return see_other(f"/sittings/{done['sitting_id']}?seen={done['position']}")
        if isinstance(body, CorrectionBody):  # WZ-5.7-b: its own typed command
            done = street_correction(ctx, me, topic_id, body, grant)
            return see_other(f"/topics/{topic_id}?seen={done['position']}")
        fields = body.model_dump(exclude={"expected_version"})
        command = topic_actions.topic_command(action, topic_id, fields, version)
        done = ctx.deliberation.handle(me, command, grant=grant)
    except DomainError as error:
        shown = deliberation_refusal(error)
        return topic_page(
            request,
            session,
            topic_id,
            shown.status,
            refusal=shown,
            form={**typed, "action": action},
        )
    return see_other(f"/topics/{topic_id}?seen={done['position']}")
