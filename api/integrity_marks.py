"""Marks every response with the self-audit's verdict, and each JSON read while a mismatch stands.

`X-Ledger-Integrity: ok | tampered` on every answer; while tampered, a GET that
answers a JSON object also carries a `ledger_integrity` field first in its body,
so a client that ignores headers still sees the warning. Reads keep being served:
the data is still what the service holds, and the supervision committee needs it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from api.readiness import BoundedProbe
from application.audit.integrity import IntegrityStatus, IntegrityWatch
from application.audit.ordering import reading

HEADER = b"x-ledger-integrity"


def warning(status: IntegrityStatus) -> bytes:
    field = {
        "status": status.label,
        "open_findings": status.open_findings,
        "detail": "自检发现存储的事件与已封存的日志不一致；读数仍按存储内容提供 "
        "(stored events no longer match the sealed log; see /api/v1/audit/alerts)",
    }
    return json.dumps(field, ensure_ascii=False, separators=(",", ":")).encode()


def with_warning(body: bytes, status: IntegrityStatus) -> bytes:
    """`{"ledger_integrity": …, <the object's own fields>}` (the body is a JSON object)."""
    rest = body[1:].lstrip()
    joiner = b"" if rest.startswith(b"}") else b","
    return b'{"ledger_integrity":' + warning(status) + joiner + rest


class IntegrityMarks:
    def __init__(self, app: Any, watch: IntegrityWatch, wait_seconds: float = 0.2):
        self.app, self.watch = app, watch
        self.probe = BoundedProbe(wait_seconds)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = await self._status()
        if scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, _adding_header(send, lambda: _label(status)))
            return
        # a read serves an item whose events are out of order as stored, marked
        # (application/audit/ordering.py); a command on it is still refused
        with reading() as read:
            if status is None or not status.tampered:
                damaged = lambda: b"tampered" if read.damaged else _label(status)  # noqa: E731
                await self.app(scope, receive, _adding_header(send, damaged))
                return
            await self.app(scope, receive, _marking_body(send, status))

    async def _status(self) -> IntegrityStatus | None:
        found = self.watch.fresh()
        if found is not None:
            return found
        # At most once per cache period, one query at a time, never on the event loop, and
        # never holding an answer up for long: while the database is slow or down (the
        # answer itself is then a 503) the header says `unknown`.
        try:
            return await self.probe.run(self.watch.refresh)
        except Exception:  # ProbeTimeout or the database's own error
            return None


def _label(status: IntegrityStatus | None) -> bytes:
    return b"unknown" if status is None else status.label.encode()


def _adding_header(send: Any, label: Callable[[], bytes]) -> Any:
    async def send_marked(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {
                **message,
                "headers": [*message.get("headers", []), (HEADER, label())],
            }
        await send(message)

    return send_marked


def _marking_body(send: Any, status: IntegrityStatus) -> Any:
    """Holds a JSON object answer until its last part, then sends it with the warning field first."""
    held: dict[str, Any] = {}
    parts: list[bytes] = []

    async def send_marked(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [*message.get("headers", []), (HEADER, b"tampered")]
            held["start"] = {**message, "headers": headers}
            held["json"] = (
                dict(headers).get(b"content-type", b"").startswith(b"application/json")
            )
            if not held["json"]:
                await send(held["start"])
            return
        if not held["json"] or message["type"] != "http.response.body":
            await send(message)
            return
        parts.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        await _send_held(send, held["start"], b"".join(parts), status)

    return send_marked


async def _send_held(
    send: Any, start: dict[str, Any], body: bytes, status: IntegrityStatus
) -> None:
    if body.lstrip().startswith(b"{"):
        body = with_warning(body.lstrip(), status)
    headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})
