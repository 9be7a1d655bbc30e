"""Limits on a request's head (request line and headers), below the ASGI app.

uvicorn accepted 8 MB of headers and held a connection that sent half a head
for ever (its keep-alive timer is cancelled by the first byte). This protocol,
uvicorn's httptools one plus two limits, answers
- 431 once a head grows past `max_header_bytes`, and
- 408 when a head has not arrived `header_timeout_seconds` after the connection
  opened or the previous response ended (a connection that sent nothing is
  closed silently, as uvicorn's keep-alive timeout does),
both as problem+json, and closes the connection. `gov serve` selects it
(`http=GuardedHttpToolsProtocol`); the limits are settings (docs/security.md).
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from http import HTTPStatus
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.problems import problem_bytes
from infra.settings import Settings

REFUSALS = {
    431: "请求头过大（超过 {limit} 字节）",
    408: "请求头未在 {limit} 秒内收齐，连接已关闭",
}


@lru_cache(maxsize=1)
def head_limits() -> tuple[int, float]:
    """Read once per process, when the first connection arrives (not at import)."""
    settings = Settings()
    return settings.max_header_bytes, settings.header_timeout_seconds


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_head, self.head_timeout = head_limits()
        self.awaiting_head, self.head_bytes, self.refused = True, 0, False
        self.head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        if self.awaiting_head:
            self.head_bytes += len(data)  # a chunk that completes the head resets this
        super().data_received(data)
        if self.awaiting_head and self.head_bytes > self.max_head:
            self._refuse(431, self.max_head)

    def on_headers_complete(self) -> None:
        self.awaiting_head = False
        self._disarm_head_timer()
        head = len(self.url) + sum(
            len(name) + len(value) + 4 for name, value in self.headers
        )
        if head > self.max_head:  # the whole head came in one chunk
            self._refuse(431, self.max_head)
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self.refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self.refused:
            return
        super().on_message_complete()
        self.awaiting_head, self.head_bytes = (
            True,
            0,
        )  # the next bytes begin the next head

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self.head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_timed_out(self) -> None:
        busy = self.cycle is not None and not self.cycle.response_complete
        if self.transport.is_closing() or busy or not self.awaiting_head:
            return
        if self.head_bytes == 0:
            self.transport.close()
            return
        self._refuse(408, self.head_timeout)

    def _refuse(self, status: int, limit: float) -> None:
        if self.refused or self.transport.is_closing():
            return
        self.refused = True
        body = problem_bytes(status, REFUSALS[status].format(limit=limit))
        phrase = HTTPStatus(status).phrase.encode()
        head = [
            b"HTTP/1.1 %d %s\r\n" % (status, phrase),
            b"content-type: application/problem+json\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()
