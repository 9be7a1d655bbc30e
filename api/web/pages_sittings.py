"""The sitting console (协商会议): sign-in of many at once, the rules vote, the speaking queue,
votes with on-site paper counts or online ballots, the tally and the outcome (WZ-5.5, WZ-5.6).

Every command goes through the API's body model, its matrix row and `ctx.sittings.act`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.access import grant_for
from api.deps import see_position
from api.routes.sittings import ACTIONS
from api.web import sitting_paper as paper
from api.web.deliberation_now import acts_for_others, roles_on, sitting_actions_now
from api.web.errors import PageRoute
from api.web.pages_requests import validated
from api.web.rule_words import deliberation_refusal
from api.web.session import ctx_of, render_for, require_session, see_other
from api.web.sitting_view import console_view
from api.web.topic_forms import person_of, typed_form
from application.access.grants import Grant
from application.deliberation import sitting_commands
from application.records.words import WORDS
from application.signin.sessions import Session
from domain.deliberation.sitting_record import DiscussionAspect
from domain.errors import DomainError, InvalidValue

router = APIRouter(include_in_schema=False, route_class=PageRoute)
BODIES: dict[str, type[BaseModel]] = {str(a): m for a, m, _ in ACTIONS}


def sitting_page(
    request: Request,
    session: Session,
    sitting_id: UUID,
    status: int = 200,
    **context: Any,
) -> Response:
    ctx, me = ctx_of(request), session.principal
    grant_for("sittings.read", me, ctx, sitting_id=sitting_id)
    view = console_view(ctx.ledger, str(sitting_id))
    topic, sitting, registry = view["topic"], view["sitting"], ctx.ledger.registry()
    row = ctx.deliberation_queries.topic(str(topic.id))
    return render_for(
        request,
        session,
        "sitting.html",
        status,
        **view,
        title=row.get("title") or row.get("number") or "协商会议",
        actions=sitting_actions_now(me, ctx.ledger, topic, sitting, registry),
        for_others=acts_for_others(me, ctx.ledger, topic, sitting, registry),
        mine=roles_on(me.person_id, topic, sitting),
        me=me.person_id,
        words=WORDS,
        aspects=[a.value for a in DiscussionAspect],
        form=context.pop("form", {}),
        **context,
    )


@router.get("/sittings/{sitting_id}")
def show_sitting(
    request: Request, sitting_id: UUID, seen: int | None = None
) -> Response:
    session = require_session(request)
    see_position(ctx_of(request), seen)
    return sitting_page(request, session, sitting_id)


@router.post("/sittings/{sitting_id}/{action}")
async def act_on_sitting(request: Request, sitting_id: UUID, action: str) -> Response:
    form = await request.form()
    return await run_in_threadpool(sitting_command, request, sitting_id, action, form)


def sitting_command(
    request: Request, sitting_id: UUID, action: str, form: FormData
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(str(form.get("csrf") or ""))
    typed = typed_form(form)
    if action != "sign_in" and isinstance(typed.get("participant"), list):
        typed["participant"] = (typed["participant"] or [""])[0]
    try:
        if action == paper.ACTION:
            grant = grant_for(
                f"sittings.{action}", session.principal, ctx, sitting_id=sitting_id
            )
            done = paper.record_paper(ctx, session, sitting_id, typed, grant)
            return see_other(f"/sittings/{sitting_id}?seen={done['position']}#votes")
        if action not in BODIES:
            raise InvalidValue(
                f"no action {action!r}", rule_id="FORM", zh=f"没有“{action}”这项操作"
            )
        grant = grant_for(
            f"sittings.{action}", session.principal, ctx, sitting_id=sitting_id
        )
        done = run(ctx, session, sitting_id, action, typed, grant)
    except DomainError as error:
        shown = deliberation_refusal(error)
        return sitting_page(
            request,
            session,
            sitting_id,
            shown.status,
            refusal=shown,
            form={**typed, "action": action},
        )
    return see_other(f"/sittings/{sitting_id}?seen={done['position']}#{action}")


def run(
    ctx: Any,
    session: Session,
    sitting_id: UUID,
    action: str,
    typed: dict[str, Any],
    grant: Grant,
) -> dict[str, Any]:
    """One command, or for a sign-in one per person ticked, each after the one before."""
    version: Any = typed.get("expected_version") or None
    done: dict[str, Any] = {}
    for fields in params_of(action, typed):
        body = validated(BODIES[action], {**fields, "expected_version": version})
        fields = body.model_dump(exclude={"expected_version"})
        version = getattr(body, "expected_version", None)
        command = sitting_commands.sitting_command(action, sitting_id, fields, version)
        done = ctx.sittings.handle(session.principal, command, None, grant)
        version = done["version"]
    return done


def params_of(action: str, f: dict[str, Any]) -> list[dict[str, Any]]:
    if action == "sign_in":
        ticked = [person_of(p) for p in f.get("participant", []) if p.strip()]
        return [{"participant": p} for p in ticked] or [{}]
    if action == "request_floor":
        who = person_of(f.get("participant", "")) if f.get("participant") else None
        return [{"participant": who, "position": f.get("position", "")}]
    return [BUILDERS[action](f)]


def seconds_of(f: dict[str, Any]) -> int | str:
    minutes, seconds = f.get("minutes", "0") or "0", f.get("seconds", "0") or "0"
    if not (minutes.isdigit() and seconds.isdigit()):
        return f"{minutes}:{seconds}"
    return int(minutes) * 60 + int(seconds)


BUILDERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "explain": lambda f: {"summary": f.get("summary", "")},
    "speak": lambda f: {
        "participant": f.get("participant", ""),
        "seconds": seconds_of(f),
        "summary": f.get("summary", ""),
    },
    "expert_statement": lambda f: {
        "participant": f.get("participant", ""),
        "summary": f.get("summary", ""),
    },
    "open_vote": lambda f: {
        "item": f.get("item", ""),
        "text": f.get("text", ""),
        "amends": f.get("amends") or None,
    },
    "cast": lambda f: {"item": f.get("item", ""), "choice": f.get("choice", "")},
    "record_counts": lambda f: {
        "item": f.get("item", ""),
        **{k: f.get(k, "") for k in ("yes", "no", "abstain")},
    },
    "close_vote": lambda f: {"item": f.get("item", "")},
    "settle": lambda f: {
        "implementation_plan": f.get("implementation_plan", ""),
        "major_decision": bool(f.get("major_decision")),
    },
    "note_discussion": lambda f: {
        "aspect": f.get("aspect", ""),
        "note": f.get("note", ""),
    },
    "attach_media": lambda f: {
        "kind": f.get("kind", ""),
        "reference": f.get("reference", ""),
    },
}
