"""登录 pages: a code by SMS or a staff password, sign-out, demo people (dev)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.routes.sessions import client_address
from api.web.errors import PageRoute
from api.web.session import (
    SESSION_COOKIE,
    check_visitor_csrf,
    ctx_of,
    current_session,
    require_session,
    see_other,
    set_cookie,
    visitor_csrf,
    with_visitor,
)
from application.signin.errors import SignInRefused
from domain.errors import UnknownPerson
from domain.people import person_id_for

router = APIRouter(include_in_schema=False, route_class=PageRoute)
PHONE_COOKIE = "gov_signin_phone"  # keeps the number typed between the two forms
Text = Annotated[str, Form(max_length=200)]
Csrf = Annotated[str | None, Form(max_length=200)]


def signin_page(
    request: Request,
    *,
    error: SignInRefused | None = None,
    phone: str = "",
    sent: bool = False,
) -> Response:
    ctx = ctx_of(request)
    demo = demo_people(request) if ctx.development else []
    status = error.status if error else 200
    page = request.app.state.pages.render(
        "signin.html",
        status,
        csrf=visitor_csrf(request),
        error=error,
        demo=demo,
        phone=phone or request.cookies.get(PHONE_COOKIE, ""),
        sent=sent,
        development=ctx.development,
        principal=None,
    )
    return with_visitor(page, request)


def demo_people(request: Request) -> list[dict]:
    """The demo people by role (development only), for one-click sign-in."""
    ctx, found = ctx_of(request), []
    registry = ctx.ledger.registry()
    for ref in request.app.state.demo_refs:
        try:
            person = ctx.ledger.person(person_id_for(ref))
        except UnknownPerson:  # the demo data is not loaded
            continue
        held: list[tuple[str, str | None]] = [
            (role.value, unit) for role, unit in sorted(person.roles)
        ] or [("resident", person.home_group)]
        role, unit = held[0]
        found.append(
            {
                "ref": ref,
                "role": role,
                "unit": registry.unit(unit).name if unit else "",
            }
        )
    return found


@router.get("/signin")
def show_signin(request: Request, sent: int = 0) -> Response:
    if current_session(request) is not None:
        return see_other("/")
    return signin_page(request, sent=bool(sent))


@router.post("/signin/code")
def ask_for_code(request: Request, phone: Text = "", csrf: Csrf = None) -> Response:
    try:
        check_visitor_csrf(request, csrf)
        ctx_of(request).signin.request_code(phone, client_address(request))
    except SignInRefused as refused:
        return signin_page(request, error=refused, phone=phone)
    answer = see_other("/signin?sent=1")
    set_cookie(answer, request, PHONE_COOKIE, phone.strip())
    return answer


def _signed_in(request: Request, cookie: str) -> Response:
    answer = see_other("/")
    set_cookie(answer, request, SESSION_COOKIE, cookie)
    answer.delete_cookie(PHONE_COOKIE, path="/")
    return answer


@router.post("/signin/verify")
def verify_code(
    request: Request, phone: Text = "", code: Text = "", csrf: Csrf = None
) -> Response:
    try:
        check_visitor_csrf(request, csrf)
        cookie = ctx_of(request).signin.session_by_code(phone, code)
    except SignInRefused as refused:
        return signin_page(request, error=refused, phone=phone, sent=True)
    return _signed_in(request, cookie)


@router.post("/signin/password")
def verify_password(
    request: Request, phone: Text = "", password: Text = "", csrf: Csrf = None
) -> Response:
    try:
        check_visitor_csrf(request, csrf)
        cookie = ctx_of(request).signin.session_by_password(phone, password)
    except SignInRefused as refused:
        return signin_page(request, error=refused, phone=phone)
    return _signed_in(request, cookie)


@router.post("/signout")
def sign_out(request: Request, csrf: Csrf = None) -> Response:
    session = require_session(request)
    session.check_csrf(csrf)
    ctx_of(request).signin.sessions.end(request.cookies.get(SESSION_COOKIE))
    answer = see_other("/signin")
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer


@router.post("/account/password")
def set_password(request: Request, password: Text = "", csrf: Csrf = None) -> Response:
    """Staff set (or change) the password they may sign in with instead of a code."""
    session = require_session(request)
    session.check_csrf(csrf)
    ctx_of(request).signin.set_password(session.principal, password)
    return see_other("/?password=set")


dev_router = APIRouter(
    include_in_schema=False, route_class=PageRoute
)  # development only


@dev_router.post("/signin/demo")
def demo_sign_in(request: Request, ref: Text = "", csrf: Csrf = None) -> Response:
    check_visitor_csrf(request, csrf)
    if ref not in request.app.state.demo_refs:
        return signin_page(request)
    return _signed_in(
        request, ctx_of(request).signin.demo_session(str(person_id_for(ref)))
    )


@dev_router.get("/dev/sms")
def development_outbox(request: Request) -> Response:
    outbox = list(getattr(ctx_of(request).signin.sender, "outbox", None) or [])
    return request.app.state.pages.render(
        "dev_sms.html", messages=outbox, principal=None
    )
