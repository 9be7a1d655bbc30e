"""Rate limiting of writes per bearer token and per client address (token buckets), as plain ASGI.

A write (POST/PUT/PATCH/DELETE) takes one unit from the bucket of its bearer token
and one from the bucket of its client address; an empty bucket refuses the write
with 429 and `Retry-After` before anything reaches a route, so nothing is written.
The buckets live in this process: with several API workers the limit is per worker.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api.problem_language import scope_prefers_english
from api.problems import problem_bytes

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_BUCKETS = 100_000  # beyond this, full (idle) buckets are forgotten


@dataclass(frozen=True)
class WriteLimits:
    rate_per_token: float = 1.0
    burst_per_token: int = 30
    rate_per_address: float = 10.0
    burst_per_address: int = 300


class TokenBuckets:
    """Buckets of `burst` units refilled at `rate` per second, by key."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.levels: dict[str, tuple[float, float]] = {}  # key -> (units, when)

    def wait_for(self, key: str) -> float:
        """Seconds until `key` may write again (0: it may now; nothing is taken)."""
        units = self._units(key, self.clock())
        return 0.0 if units >= 1 else (1 - units) / self.rate

    def take(self, key: str) -> None:
        now = self.clock()
        self.levels[key] = (self._units(key, now) - 1, now)
        if len(self.levels) > MAX_BUCKETS:
            self._forget_full(now)

    def _units(self, key: str, now: float) -> float:
        units, when = self.levels.get(key, (self.burst, now))
        return min(self.burst, units + (now - when) * self.rate)

    def _forget_full(self, now: float) -> None:
        for key in [k for k in self.levels if self._units(k, now) >= self.burst]:
            del self.levels[key]


class WriteRateLimit:
    def __init__(
        self, app: Any, limits: WriteLimits, clock: Callable[[], float] = time.monotonic
    ):
        self.app = app
        self.per_token = TokenBuckets(
            limits.rate_per_token, limits.burst_per_token, clock
        )
        self.per_address = TokenBuckets(
            limits.rate_per_address, limits.burst_per_address, clock
        )

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        buckets = [(self.per_address, _address(scope))]
        if (token := _bearer(scope)) is not None:
            buckets.append((self.per_token, token))
        wait = max(bucket.wait_for(key) for bucket, key in buckets)
        if wait > 0:
            await _refuse(scope, send, wait)
            return
        for bucket, key in buckets:
            bucket.take(key)
        await self.app(scope, receive, send)


def _address(scope: dict[str, Any]) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _bearer(scope: dict[str, Any]) -> str | None:
    """A digest of the bearer token (the buckets never hold a usable token)."""
    for name, value in scope["headers"]:
        if (
            name == b"authorization"
            and value[:7].lower() == b"bearer "
            and value[7:].strip()
        ):
            return hashlib.sha256(value[7:].strip()).hexdigest()
    return None


async def _refuse(scope: Any, send: Any, wait: float) -> None:
    retry_after = str(max(1, math.ceil(wait)))
    english = scope_prefers_english(scope)
    detail = (
        f"too many writes; retry after {retry_after} s"
        if english
        else f"写入过于频繁，请 {retry_after} 秒后重试"
    )
    body = problem_bytes(429, detail, allowed=["retry later"], english=english)
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"retry-after", retry_after.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
