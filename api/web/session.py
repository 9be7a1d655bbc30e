"""Page sessions from cookies, and the CSRF token every form carries."""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from api.context import ApiContext
from application.signin.errors import SignInRefused
from application.signin.sessions import Session

SESSION_COOKIE = "gov_session"
VISITOR_COOKIE = (
    "gov_visitor"  # binds the sign-in forms' CSRF token before a session exists
)


class NeedSignIn(Exception):
    """The page needs a live session; the visitor is sent to the sign-in page."""


def ctx_of(request: Request) -> ApiContext:
    return request.app.state.ctx


def current_session(request: Request) -> Session | None:
    ctx = ctx_of(request)
    try:
        return ctx.signin.sessions.open(request.cookies.get(SESSION_COOKIE))
    except SignInRefused:
        return None


def require_session(request: Request) -> Session:
    session = current_session(request)
    if session is None:
        raise NeedSignIn()
    return session


def visitor_id(request: Request) -> str:
    """The visitor cookie's value, made up once per browser (set by `with_visitor`)."""
    found = request.cookies.get(VISITOR_COOKIE) or getattr(
        request.state, "visitor", None
    )
    if not found:
        found = request.state.visitor = secrets.token_urlsafe(24)
    return found


def visitor_csrf(request: Request) -> str:
    return ctx_of(request).signin.sessions.csrf_for(visitor_id(request))


def check_visitor_csrf(request: Request, given: str | None) -> None:
    ctx_of(request).signin.sessions.check_csrf(visitor_id(request), given)


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    secure = not ctx_of(request).development
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=secure, path="/"
    )


def with_visitor(response: Response, request: Request) -> Response:
    if VISITOR_COOKIE not in request.cookies:
        set_cookie(response, request, VISITOR_COOKIE, visitor_id(request))
    return response


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: every command answers with a redirect to a page to read."""
    return RedirectResponse(url, status_code=303)


def render_for(
    request: Request, session: Session, name: str, status: int = 200, **context: object
) -> Response:
    """A page for a signed-in person: who they are and the sign-out form's token."""
    return request.app.state.pages.render(
        name,
        status,
        principal=session.principal,
        csrf=session.csrf,
        places=places(request, session),
        **context,
    )


INBOX_ROLES = (
    "group_leader",
    "community_staff",
    "street_staff",
    "district_staff",
    "supervision_committee",
    "administrator",
)


def places(request: Request, session: Session) -> list[dict]:
    """Each role the person holds, its unit's name and whether it has an inbox."""
    registry = ctx_of(request).ledger.registry()
    found = []
    for role, unit in session.principal.held():
        found.append(
            {
                "role": role.value,
                "unit": unit,
                "unit_name": registry.unit(unit).name,
                "inbox": role.value in INBOX_ROLES,
            }
        )
    return found
