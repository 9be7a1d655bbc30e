"""管理员: the people and roles of a unit, ending a person's sessions and tokens, and
erasing a person (PIPL art. 47) — confirmed twice: a page repeating who and why, then
the final post. The same services as `POST /api/v1/people/{ref}/…`."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.people_schemas import ErasureCreate, PersonRef
from api.schemas_security import RevokeTokensBody
from api.web.errors import PageRoute, refusal
from api.web.grants import grant_untargeted
from api.web.names import unit_names
from api.web.pages_requests import validated
from api.web.session import ctx_of, render_for, require_session, see_other
from application.people.unit_people import people_of_unit
from application.registry.service import administrator
from application.signin.sessions import Session
from domain.errors import DomainError, InvalidValue
from domain.people import ErasureBasis, person_id_for

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Field = Annotated[str, Form(max_length=1000)]
Csrf = Annotated[str | None, Form(max_length=200)]


@router.get("/admin/units/{code}")
def unit_people(request: Request, code: str) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_untargeted("people.revoke_tokens", session.principal, ctx)
    unit = ctx.ledger.registry().unit(code)
    return render_for(
        request,
        session,
        "admin_people.html",
        unit=unit,
        people=people_of_unit(ctx.ledger, code),
        units=unit_names(ctx),
    )


def person_page(
    request: Request,
    session: Session,
    ref: PersonRef,
    status: int = 200,
    **context: Any,
) -> Response:
    ctx = ctx_of(request)
    grant_untargeted("people.revoke_tokens", session.principal, ctx)
    person = ctx.ledger.person(person_id_for(ref))
    return render_for(
        request,
        session,
        "admin_person.html",
        status,
        person=person,
        roles=sorted((role.value, unit) for role, unit in person.roles),
        units=unit_names(ctx),
        bases=list(ErasureBasis),
        form=context.pop("form", {}),
        **context,
    )


@router.get("/admin/people/{ref}")
def show_person(
    request: Request, ref: PersonRef, revoked: int = 0, erased: int = 0
) -> Response:
    session = require_session(request)
    return person_page(request, session, ref, revoked=revoked, erased=erased)


@router.post("/admin/people/{ref}/revoke")
def revoke_sessions(
    request: Request, ref: PersonRef, reason: Field = "", csrf: Csrf = None
) -> Response:
    """Every session and token the person holds ends now (a session counts as a token)."""
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    try:
        grant_untargeted("people.revoke_tokens", session.principal, ctx)
        body = cast(RevokeTokensBody, validated(RevokeTokensBody, {"reason": reason}))
        actor = administrator(session.principal)
        ctx.authentication.revoke(actor, ref, body.reason)
    except DomainError as error:
        shown = refusal(error)
        return person_page(
            request, session, ref, shown.status, refusal=shown, form={"reason": reason}
        )
    return see_other(f"/admin/people/{ref}?revoked=1")


class ErasureUnconfirmed(InvalidValue):
    """An erasure posted without the confirmation page's second consent."""

    default_rule = "PIPL-47"


def erasure_asked(basis: str, reference: str) -> ErasureCreate:
    asked = validated(ErasureCreate, {"basis": basis, "reference": reference})
    return cast(ErasureCreate, asked)


@router.post("/admin/people/{ref}/erase/confirm")
def confirm_erasure(
    request: Request,
    ref: PersonRef,
    basis: Field = "",
    reference: Field = "",
    csrf: Csrf = None,
) -> Response:
    """The first confirmation: nothing is written; the page repeats who and why."""
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    typed = {"basis": basis, "reference": reference}
    try:
        grant_untargeted("people.erase", session.principal, ctx)
        asked = erasure_asked(basis, reference)
        person = ctx.ledger.person(person_id_for(ref))
    except DomainError as error:
        shown = refusal(error)
        return person_page(
            request, session, ref, shown.status, refusal=shown, form=typed
        )
    return render_for(
        request, session, "admin_erase_confirm.html", person=person, asked=asked
    )


@router.post("/admin/people/{ref}/erase")
def erase_person(
    request: Request,
    ref: PersonRef,
    basis: Field = "",
    reference: Field = "",
    confirmed: Field = "",
    csrf: Csrf = None,
) -> Response:
    """The final post: only with the confirmation page's `confirmed=yes`."""
    session, ctx = require_session(request), ctx_of(request)
    session.check_csrf(csrf)
    typed = {"basis": basis, "reference": reference}
    try:
        grant_untargeted("people.erase", session.principal, ctx)
        asked = erasure_asked(basis, reference)
        if confirmed != "yes":
            raise ErasureUnconfirmed(
                "check the person and the basis of the erasure on the confirmation page first, then confirm",
                zh="请先在确认页核对删除对象与依据，再确认删除。",
            )
        ctx.erasure.erase(
            session.principal, person_id_for(ref), asked.basis, asked.reference
        )
    except DomainError as error:
        shown = refusal(error)
        return person_page(
            request, session, ref, shown.status, refusal=shown, form=typed
        )
    return see_other(f"/admin/people/{ref}?erased=1")


@router.get("/admin/find")
def find_person(request: Request, ref: str = "") -> Response:
    require_session(request)
    return see_other(f"/admin/people/{ref.strip()}")
