"""诉求 pages: home, my requests and raising one."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from api.access import grant_for
from api.deps import see_position
from api.schemas import RequestCreate
from api.web.errors import PageRoute, refusal
from api.web.session import ctx_of, render_for, require_session, see_other
from application.requests.queries import time_at_levels
from application.signin.errors import SignInRefused
from domain.errors import DomainError, InvalidValue, OutsideJurisdiction, UnknownPerson
from domain.vocabulary import Category, Channel

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Text = Annotated[str, Form()]
Csrf = Annotated[str | None, Form(max_length=200)]
PAGE_SIZE = 20
Body = TypeVar("Body", bound=BaseModel)


@router.get("/")
def home(request: Request, password: str = "") -> Response:
    session = require_session(request)
    return render_for(request, session, "home.html", password_set=password == "set")


@router.get("/my/requests")
def my_requests(request: Request, after: int = 0, seen: int | None = None) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    see_position(ctx, seen)
    found = ctx.queries.my_requests(session.principal, after, PAGE_SIZE)
    for item in found["items"]:
        item["levels"] = time_at_levels(ctx.queries.view.visits(item["request_id"]))
    return render_for(
        request, session, "my_requests.html", page=found, units=unit_names(ctx)
    )


def unit_names(ctx) -> dict[str, str]:
    return {code: unit.name for code, unit in ctx.ledger.registry().units.items()}


def raise_form(request: Request, session, status: int = 200, **context) -> Response:
    return render_for(
        request,
        session,
        "raise.html",
        status,
        categories=list(Category),
        channels=[c for c in Channel if c is not Channel.APP],
        form=context.pop("form", {}),
        **context,
    )


@router.get("/requests/new")
def new_request(request: Request) -> Response:
    return raise_form(request, require_session(request))


@router.post("/requests/new")
def raise_request(
    request: Request,
    title: Text = "",
    description: Text = "",
    category: Text = "",
    location: Text = "",
    resident_phone: Text = "",
    channel: Text = "",
    csrf: Csrf = None,
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    form = {
        "title": title,
        "description": description,
        "category": category,
        "location": location,
    }
    typed = {**form, "resident_phone": resident_phone, "channel": channel}
    try:
        done = raised(ctx, session.principal, form, typed)
    except OutsideJurisdiction as error:  # for a phone, "not found": it reveals nobody
        shown = refusal(NOBODY_SERVED if resident_phone.strip() else error)
        return raise_form(request, session, shown.status, form=typed, refusal=shown)
    except (DomainError, SignInRefused) as error:
        shown = refusal(error)
        return raise_form(request, session, shown.status, form=typed, refusal=shown)
    return see_other(f"/requests/{done['request_id']}?seen={done['position']}")


def raised(ctx, principal, form: dict[str, str], typed: dict[str, str]) -> dict:
    """The API's raise: its body model, its access row, the same service call."""
    body = validated(RequestCreate, {**form, **on_behalf(ctx, typed)})
    grant = grant_for("requests.raise", principal, ctx, body=body, principal=principal)
    return ctx.requests.raise_request(
        principal,
        title=body.title,
        description=body.description,
        category=body.category,
        location=body.location,
        channel=body.channel,
        on_behalf_of=body.on_behalf_of,
        grant=grant,
    )


NOBODY_SERVED = UnknownPerson(
    "no resident in your jurisdiction has that phone number: check the number, or ask the resident to raise it",
    rule_id="WZ-5.1-b",
    zh="未找到您辖区内使用该手机号的居民：请核对号码，或请居民本人提出。",
)


def on_behalf(ctx, typed: dict[str, str]) -> dict[str, str]:
    """Staff raising for a resident (WZ-5.1-b): the resident found by phone, the channel."""
    if not typed["resident_phone"].strip():
        return {}
    person_id = ctx.signin.person_by_phone(typed["resident_phone"])
    if person_id is None:
        raise NOBODY_SERVED
    return {"on_behalf_of": person_id, "channel": typed["channel"] or Channel.VISIT}


def validated(model: type[Body], form: dict[str, object]) -> Body:
    """The form read by the API's own body model: the same limits, named in Chinese."""
    try:
        return model.model_validate(form)
    except ValidationError as error:
        names = [
            str(model.model_fields[str(e["loc"][0])].description or e["loc"][0])
            for e in error.errors()
            if e["loc"]
        ]
        raise InvalidValue(
            f"check: {', '.join(dict.fromkeys(names))}",
            rule_id="FORM",
            zh=f"请检查：{'、'.join(dict.fromkeys(names))}",
        ) from None
