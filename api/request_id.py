"""A request id on every answer and one log line per request (docs/operations.md §logs).

The id is the client's `X-Request-ID` when it is a plain token, otherwise a new one;
it is sent back in `X-Request-ID` and inside every problem+json body, and logged.
The log line holds the method, the route template (never the path or query, which
can carry names or phone numbers), status, duration and who called: the caller's
reference and roles as noted by `note_principal` — never personal data.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from typing import Any

from api.metrics_middleware import PROBLEM_TYPE, route_template
from api.responses import safe_json

REQUEST_ID_HEADER = b"x-request-id"
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
log = logging.getLogger("gov.http")
_current: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "gov_request", default=None
)


def current_request_id() -> str | None:
    noted = _current.get()
    return None if noted is None else noted["request_id"]


def note_principal(ref: str, roles: list[str]) -> None:
    """Called when the caller is known; the request's log line then names them."""
    noted = _current.get()
    if noted is not None:  # one dict per request, shared with the threads it runs in
        noted["actor"], noted["roles"] = ref, roles


def request_id_of(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER:
            offered: str = value.decode("latin-1")
            if ACCEPTED_ID.fullmatch(offered):
                return offered
    return uuid.uuid4().hex


class RequestLog:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        noted: dict[str, Any] = {"request_id": request_id_of(scope), "status": 500}
        token = _current.set(noted)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, _stamping(send, noted))
        finally:
            _current.reset(token)
            _log_request(scope, noted, time.perf_counter() - started)


def _stamping(send: Any, noted: dict[str, Any]) -> Any:
    """Adds the id header; holds a problem body back to put the id inside it."""
    held: dict[str, Any] = {}

    async def stamped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            noted["status"] = message["status"]
            headers = [
                *message.get("headers", []),
                (REQUEST_ID_HEADER, noted["request_id"].encode()),
            ]
            message = {**message, "headers": headers}
            if _is_problem(headers):
                held["start"], held["body"] = message, b""
                return
            await send(message)
        elif message["type"] == "http.response.body" and "start" in held:
            held["body"] += message.get("body", b"")
            if not message.get("more_body"):
                await _send_problem(send, held, noted["request_id"])
        else:
            await send(message)

    return stamped


def _is_problem(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name == b"content-type" and value.startswith(PROBLEM_TYPE)
        for name, value in headers
    )


async def _send_problem(send: Any, held: dict[str, Any], request_id: str) -> None:
    start, body = held["start"], held["body"]
    stamped = _with_request_id(body, request_id)
    if stamped is not None:  # not for an empty body (HEAD) or one that is not an object
        body = stamped
        headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
        start = {**start, "headers": [*headers, (b"content-length", b"%d" % len(body))]}
    await send(start)
    await send({"type": "http.response.body", "body": body})


def _with_request_id(body: bytes, request_id: str) -> bytes | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    return safe_json({**parsed, "request_id": request_id})


def _log_request(scope: dict[str, Any], noted: dict[str, Any], seconds: float) -> None:
    log.info(
        "%s %s %s",
        scope["method"],
        route_template(scope),
        noted["status"],
        extra={
            "request_id": noted["request_id"],
            "method": scope["method"],
            "route": route_template(scope),
            "status": noted["status"],
            "duration_ms": round(seconds * 1000, 3),
            "actor": noted.get("actor"),
            "roles": noted.get("roles"),
        },
    )
