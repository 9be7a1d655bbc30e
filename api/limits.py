"""Request body size limit as plain ASGI middleware (no per-request task or body copy)."""

from __future__ import annotations

from typing import Any

from api.problem_language import scope_prefers_english
from api.problems import problem_bytes

Scope = dict[str, Any]


class BodyLimit:
    def __init__(self, app: Any, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (
            not length.isdigit() or int(length) > self.max_bytes
        ):
            await self._refuse(scope, send)
            return
        if length is None and scope["method"] in ("POST", "PUT", "PATCH"):
            messages = await self._read_limited(receive)
            if messages is None:
                await self._refuse(scope, send)
                return
            receive = _replay(messages, receive)
        await self.app(scope, receive, send)

    async def _read_limited(self, receive: Any) -> list[dict[str, Any]] | None:
        """A body without Content-Length (chunked), read up to the limit; None once it is too large."""
        messages, seen = [], 0
        while True:
            message = await receive()
            messages.append(message)
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                return None
            if message["type"] != "http.request" or not message.get("more_body"):
                return messages

    async def _refuse(self, scope: Any, send: Any) -> None:
        english = scope_prefers_english(scope)
        detail = (
            f"request body larger than {self.max_bytes} bytes"
            if english
            else f"请求体超过 {self.max_bytes} 字节"
        )
        body = problem_bytes(413, detail, english=english)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[dict[str, Any]], receive: Any) -> Any:
    pending = list(messages)

    async def replay() -> dict[str, Any]:
        return pending.pop(0) if pending else await receive()

    return replay
