"""调解 The mediation case of a topic rejected as a two-party dispute (JH-4.2, BZ-N1): its
parties, sessions and result, and a form for the next step allowed to the caller.

Each form is read by the API's own body model and checked by the same matrix row."""

from __future__ import annotations

from typing import Any, TypeVar, cast
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.access import grant_for
from api.routes.mediation import AgreementBody, FailureBody, OpenBody, SessionBody
from api.web.deliberation_now import may, roles_on
from api.web.errors import PageRoute, refusal
from api.web.pages_requests import validated
from api.web.session import ctx_of, render_for, require_session, see_other
from api.web.sitting_paper import voters_of
from api.web.topic_forms import typed_form
from application.access.matrix import MATRIX
from application.deliberation.mediation import (
    HoldSession,
    MediationService,
    OpenMediation,
    RecordAgreement,
    RecordFailure,
    screened_out,
)
from application.deliberation.queries import topic_reach
from application.records.trace import load_history
from application.signin.sessions import Session
from domain.errors import DomainError, UnknownTopic

B = TypeVar("B", OpenBody, SessionBody, AgreementBody, FailureBody)
router = APIRouter(include_in_schema=False, route_class=PageRoute)
DISPUTE = "two_party_dispute"
STEPS = ("open", "session", "agreement", "failure")
OPERATION = {"open": "topics.open_mediation"} | {
    s: f"topics.mediation_{s}" for s in STEPS[1:]
}


def case_of(ctx: Any, topic_id: UUID) -> Any:
    try:
        return MediationService(ctx.ledger).case(topic_id)
    except UnknownTopic:
        return None


def links_mediation(ctx: Any, principal: Any, topic: Any) -> bool:
    """The topic page links the case of a topic rejected as a two-party dispute (JH-4.2)."""
    if DISPUTE not in screened_out(ctx.ledger, topic):
        return False
    try:
        grant_for("topics.mediation", principal, ctx, topic_id=topic.id)
    except DomainError:
        return False
    return True


def steps_now(ctx: Any, session: Session, topic: Any, case: Any) -> list[str]:
    """The next steps the case allows that the caller's matrix rows reach."""
    if case is None:
        due = ["open"] if DISPUTE in screened_out(ctx.ledger, topic) else []
    else:
        due = case.allowed_actions()
    me, registry = session.principal, ctx.ledger.registry()
    reach, mine = topic_reach(ctx.ledger, topic), roles_on(me.person_id, topic)
    return [s for s in due if may(MATRIX[OPERATION[s]], me, reach, registry, mine)]


def mediation_page(
    request: Request, session: Session, topic_id: UUID, status: int = 200, **extra: Any
) -> Response:
    ctx = ctx_of(request)
    grant_for("topics.mediation", session.principal, ctx, topic_id=topic_id)
    topic, case = ctx.ledger.topic(topic_id), case_of(ctx, topic_id)
    row = ctx.deliberation_queries.topic(str(topic_id))
    events = list(ctx.ledger.events.get(case.id)) if case is not None else []
    return render_for(
        request,
        session,
        "mediation.html",
        status,
        title=row.get("title") or row.get("number") or "调解",
        topic=topic,
        case=case,
        events=events,
        people=load_history(ctx.ledger, topic_id).people,
        dispute=DISPUTE in screened_out(ctx.ledger, topic),
        steps=steps_now(ctx, session, topic, case),
        form=extra.pop("form", {}),
        **extra,
    )


@router.get("/topics/{topic_id}/mediation")
def show_mediation(request: Request, topic_id: UUID) -> Response:
    return mediation_page(request, require_session(request), topic_id)


@router.post("/topics/{topic_id}/mediation/{step}")
async def mediation_step(request: Request, topic_id: UUID, step: str) -> Response:
    form = await request.form()
    return await run_in_threadpool(mediation_command, request, topic_id, step, form)


def mediation_command(
    request: Request, topic_id: UUID, step: str, form: FormData
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(str(form.get("csrf") or ""))
    typed = typed_form(form)
    try:
        if step not in OPERATION:
            raise UnknownTopic(
                f"no mediation action {step!r}",
                rule_id="FORM",
                zh=f"没有“{step}”这项调解操作",
            )
        grant_for(OPERATION[step], session.principal, ctx, topic_id=topic_id)
        run(ctx, session, topic_id, step, typed)
    except DomainError as error:
        shown = refusal(error)
        return mediation_page(
            request,
            session,
            topic_id,
            shown.status,
            refusal=shown,
            form={**typed, "step": step},
        )
    return see_other(f"/topics/{topic_id}/mediation#case")


def run(
    ctx: Any, session: Session, topic_id: UUID, step: str, f: dict[str, Any]
) -> dict[str, Any]:
    """The same service call as the API's route for the step, after its body model."""
    service, me = MediationService(ctx.ledger), session.principal
    if step == "open":
        o = read(OpenBody, {"group": f.get("group", ""), **people(f, "parties")})
        return service.open(
            me, OpenMediation(topic_id, o.group, tuple(o.parties)), None
        )
    command: HoldSession | RecordAgreement | RecordFailure
    if step == "session":
        s = read(SessionBody, {**people(f, "present"), "summary": f.get("summary")})
        command = HoldSession(topic_id, tuple(s.present), s.summary)
    elif step == "agreement":
        a = read(AgreementBody, {**people(f, "signed_by"), "terms": f.get("terms")})
        command = RecordAgreement(topic_id, a.terms, tuple(a.signed_by))
    else:
        r = read(FailureBody, {"reason": f.get("reason", "")})
        command = RecordFailure(topic_id, r.reason)
    return service.act(me, command, None)


def people(f: dict[str, Any], name: str) -> dict[str, list[str]]:
    """People typed one a line or comma-separated, or ticked as checkboxes."""
    value = f.get(name, "")
    return {
        name: [
            v
            for x in (value if isinstance(value, list) else [value])
            for v in voters_of(x)
        ]
    }


def read(model: type[B], form: dict[str, Any]) -> B:
    return cast(B, validated(model, form))
