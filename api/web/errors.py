"""Refusals shown on a page: the reason in Chinese, the rule, what is allowed next."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from api.problems import STATUS_BY_KIND
from api.web.session import NeedSignIn, see_other
from application.signin.errors import SignInRefused
from domain.errors import DomainError
from domain.vocabulary import label

TITLES = {
    "not_found": "找不到该项。",
    "forbidden": "超出您的权限或管辖范围。",
    "conflict": "当前状态下不能执行此操作。",
    "invalid": "填写的内容不符合要求。",
}


@dataclass(frozen=True)
class Refusal:
    status: int
    title: str
    detail: str = ""
    rule_id: str | None = None
    allowed: list[str] = field(default_factory=list)


def refusal(error: Exception) -> Refusal:
    if isinstance(error, SignInRefused):
        return Refusal(error.status, error.detail, rule_id=error.rule_id)
    if isinstance(error, DomainError):
        allowed = [label("action", name.rsplit(".", 1)[-1]) for name in error.allowed]
        return Refusal(
            STATUS_BY_KIND[error.kind],
            TITLES[error.kind],
            error.detail,
            error.rule_id or None,
            allowed,
        )
    raise error


class PageRoute(APIRoute):
    """Page routes answer a refusal with a page in Chinese (never problem+json),
    and send a visitor without a session to the sign-in page."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except NeedSignIn:
                return see_other("/signin")
            except (SignInRefused, DomainError) as error:
                shown = refusal(error)
                pages = request.app.state.pages
                return pages.render(
                    "error.html", shown.status, refusal=shown, principal=None
                )

        return page_handler
