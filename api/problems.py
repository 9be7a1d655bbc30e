"""Every refusal as `application/problem+json` (RFC 9457) with the rule and what is allowed next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.field_problems import validation_detail, validation_detail_en
from api.problem_language import (
    TITLES_EN,
    domain_detail,
    http_detail,
    prefers_english,
    signin_detail,
    token_detail,
)
from api.responses import SafeJSONResponse, safe_json
from application.access.batch_writer import AccessLogBehind
from application.signin.errors import SignInRefused
from application.signin.tokens import InvalidToken
from domain.errors import DomainError
from domain.vocabulary import LABELS

STATUS_BY_KIND = {"not_found": 404, "forbidden": 403, "conflict": 409, "invalid": 422}
# The titles in Chinese, from the one vocabulary the pages and records use too.
TITLES = {int(status): title for status, title in LABELS["problem"].items()}

SIGN_IN = "authenticate with a valid bearer token"
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def problem_body(
    status: int,
    detail: str,
    *,
    rule_id: str = "",
    allowed: list[str] | None = None,
    english: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    titles = TITLES_EN if english else TITLES
    return {
        "type": "about:blank",
        "title": titles.get(status, "Request failed" if english else "请求未能完成"),
        "status": status,
        "detail": detail,
        "rule_id": rule_id or None,
        "allowed_actions": allowed or [],
        **extra,
    }


def problem_bytes(status: int, detail: str, **fields: Any) -> bytes:
    """The body of a refusal sent from plain ASGI middleware (size and rate limits)."""
    return safe_json(problem_body(status, detail, **fields))


def problem(
    status: int,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    english: bool = False,
    **fields: Any,
) -> JSONResponse:
    language = {"Content-Language": "en" if english else "zh-CN"}
    return SafeJSONResponse(
        problem_body(status, detail, english=english, **fields),
        status_code=status,
        media_type="application/problem+json",
        headers={**language, "Vary": "Accept-Language", **(headers or {})},
    )


class NotReady(Exception):
    """The read model has not reached the position the client asked to see."""


# A database that cannot be reached, is restarting, or stays locked past the busy
# timeout: the library wraps psycopg's and sqlite3's errors (PoolTimeout included)
# in these. A write cut off at its commit may or may not have been stored, so the
# client retries with the same Idempotency-Key (the ledger answers it once).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
DATABASE_RETRY_AFTER = "2"
DATABASE_DETAIL = (
    "数据库暂时不可用（连接中断、重启或繁忙），请稍后以同一 Idempotency-Key 重试"
)
DATABASE_DETAIL_EN = (
    "the database is unavailable (connection lost, restarting or busy); "
    "retry shortly with the same Idempotency-Key"
)


def database_unavailable(english: bool = False) -> JSONResponse:
    detail = DATABASE_DETAIL_EN if english else DATABASE_DETAIL
    return problem(
        503, detail, english=english, headers={"Retry-After": DATABASE_RETRY_AFTER}
    )


def _english(request: Request) -> bool:
    return prefers_english(request.headers)


async def _domain(request: Request, error: DomainError) -> JSONResponse:
    english = _english(request)
    return problem(
        STATUS_BY_KIND[error.kind],
        domain_detail(error, english),
        rule_id=error.rule_id,
        allowed=error.allowed,
        english=english,
    )


async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in error.errors()
    ]
    english = _english(request)
    detail = validation_detail_en(errors) if english else validation_detail(errors)
    return problem(422, detail, errors=errors, english=english)


async def _unauthenticated(request: Request, error: InvalidToken) -> JSONResponse:
    english = _english(request)
    return problem(
        401,
        token_detail(error, english),
        allowed=[SIGN_IN],
        headers=dict(CHALLENGE),
        token_error=error.reason,
        english=english,
    )


async def _signin(request: Request, error: SignInRefused) -> JSONResponse:
    retry = {"Retry-After": str(error.retry_after)} if error.retry_after else None
    english = _english(request)
    return problem(
        error.status,
        signin_detail(error, english),
        rule_id=error.rule_id,
        allowed=error.allowed,
        signin_error=error.reason,
        headers=retry,
        english=english,
    )


async def _not_ready(request: Request, error: NotReady) -> JSONResponse:
    return problem(
        503, str(error), headers={"Retry-After": "1"}, english=_english(request)
    )


async def _database(request: Request, __: Exception) -> JSONResponse:
    return database_unavailable(_english(request))


async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
    english = _english(request)
    if error.status_code == 400:  # FastAPI could not decode the body (e.g. not UTF-8)
        return problem(
            422,
            "the request body is not valid JSON"
            if english
            else "请求体不是有效的 JSON",
            errors=[
                {"loc": ["body"], "msg": str(error.detail), "type": "json_invalid"}
            ],
            english=english,
        )
    return problem(
        error.status_code,
        http_detail(str(error.detail), english),
        headers=getattr(error, "headers", None),
        english=english,
    )


PROBLEM_HANDLERS: tuple[tuple[type[Exception], Callable[..., Any]], ...] = (
    (DomainError, _domain),
    (RequestValidationError, _invalid),
    (InvalidToken, _unauthenticated),
    (SignInRefused, _signin),
    (NotReady, _not_ready),
    (AccessLogBehind, _not_ready),  # the log's writer is retrying a failing database
    (InterfaceError, _database),
    (OperationalError, _database),
    (StarletteHTTPException, _http),
)


def install_problem_handlers(app: FastAPI) -> None:
    """Every refusal answered as problem+json, whichever layer raised it."""
    for error_class, handler in PROBLEM_HANDLERS:
        app.exception_handler(error_class)(handler)
