"""`/metrics` and the per-request figures behind it (docs/operations.md §metrics).

Plain ASGI, outside the routes: each request is counted by its route template
(never the raw path, whose ids would make a series per item), status and
duration; a command (POST/PUT/PATCH/DELETE under /api/) also by its operation
and outcome, read from its answer: `ok`, `replayed`, `conflict` (409) or
`refused` with the problem's rule id. The figures go to a `MetricsSink`
(infra/metrics.py), which also renders the exposition.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import time
from collections.abc import Iterable
from typing import Any, Protocol

from api.access import declared_operation
from api.problems import CHALLENGE, problem_bytes
from api.replay import COMMAND_METHODS, Replayed

METRICS_PATH = "/metrics"
PROBLEM_TYPE = b"application/problem+json"
REPLAYED = "gov.replayed"
SIGNIN_OPERATION = "sessions.create"
# a 409 without a rule, or this one, is a concurrent change; any other rule is a refusal
CONCURRENCY_RULES = (None, "", "CONCURRENCY")


class MetricsSink(Protocol):
    def request_done(
        self, method: str, route: str, status: int, seconds: float
    ) -> None: ...

    def command_done(self, operation: str, outcome: str, rule_id: str) -> None: ...

    def signin_done(self, outcome: str, reason: str) -> None: ...

    def exposition(self) -> tuple[bytes, str]: ...


class MetricsGuard:
    """Who may read /metrics: a bearer token, or a client address in the allowed networks."""

    def __init__(self, token: str | None, networks: Iterable[str]):
        self.token = token or None
        self.networks = [ipaddress.ip_network(n, strict=False) for n in networks]

    def refusal(self, scope: dict[str, Any]) -> tuple[int, str] | None:
        presented = _bearer(scope)
        if presented is not None and self.token is not None:
            if hmac.compare_digest(presented.encode(), self.token.encode()):
                return None
            return 401, "指标令牌不正确（GOV_METRICS_TOKEN）"
        if _address_in(scope, self.networks):
            return None
        if self.token is not None:
            return (
                401,
                "读取 /metrics 需要指标令牌：Authorization: Bearer <GOV_METRICS_TOKEN>",
            )
        return 403, "本地址不在允许读取指标的网络内（GOV_METRICS_ALLOWED_NETWORKS）"


def _bearer(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            text: str = value.decode("latin-1")
            scheme, _, credentials = text.partition(" ")
            if scheme.lower() == "bearer" and credentials:
                return credentials.strip()
    return None


def _address_in(scope: dict[str, Any], networks: list[Any]) -> bool:
    client = scope.get("client")
    try:
        address = ipaddress.ip_address(client[0]) if client else None
    except ValueError:  # e.g. the test client's "testclient"
        return False
    return address is not None and any(address in network for network in networks)


def route_template(scope: dict[str, Any]) -> str:
    """The matched route's path with its parameters as `{name}`; `unmatched` for a 404."""
    if "route" not in scope:
        return "unmatched"
    names = {str(value): name for name, value in scope.get("path_params", {}).items()}
    segments = scope["path"].split("/")
    return "/".join(f"{{{names[s]}}}" if s in names else s for s in segments)


def command_outcome(scope: dict[str, Any], status: int, problem: dict[str, Any]) -> str:
    if scope.get(REPLAYED):
        return "replayed"
    if status < 400:
        return "ok"
    if status == 409 and problem.get("rule_id") in CONCURRENCY_RULES:
        return "conflict"
    return "error" if status >= 500 else "refused"


class MetricsMiddleware:
    def __init__(self, app: Any, sink: MetricsSink, guard: MetricsGuard):
        self.app, self.sink, self.guard = app, sink, guard

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == METRICS_PATH and scope["method"] == "GET":
            await self._expose(scope, send)
            return
        answer: dict[str, Any] = {"status": 500, "problem": b"", "is_problem": False}

        async def watch(message: dict[str, Any]) -> None:
            _note(answer, message)
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, watch)
        finally:
            self._record(scope, answer, time.perf_counter() - started)

    def _record(
        self, scope: dict[str, Any], answer: dict[str, Any], seconds: float
    ) -> None:
        status, template = answer["status"], route_template(scope)
        self.sink.request_done(scope["method"], template, status, seconds)
        if scope["method"] not in COMMAND_METHODS or not scope["path"].startswith(
            "/api/"
        ):
            return
        problem = _parsed(answer["problem"]) if answer["is_problem"] else {}
        operation = declared_operation(scope["route"]) if "route" in scope else None
        operation = operation or f"{scope['method']} {template}"
        outcome = command_outcome(scope, status, problem)
        self.sink.command_done(operation, outcome, problem.get("rule_id") or "")
        if operation == SIGNIN_OPERATION:
            self.sink.signin_done(outcome, problem.get("signin_error") or "")

    async def _expose(self, scope: dict[str, Any], send: Any) -> None:
        refusal = self.guard.refusal(scope)
        if refusal is not None:
            status, detail = refusal
            headers = [(b"content-type", PROBLEM_TYPE)]
            if status == 401:
                headers += [
                    (k.lower().encode(), v.encode()) for k, v in CHALLENGE.items()
                ]
            body = problem_bytes(status, detail)
        else:
            status = 200
            body, content_type = self.sink.exposition()
            headers = [(b"content-type", content_type.encode())]
        headers += [
            (b"content-length", str(len(body)).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"cache-control", b"no-store"),
        ]
        await send(
            {"type": "http.response.start", "status": status, "headers": headers}
        )
        await send({"type": "http.response.body", "body": body})


def _note(answer: dict[str, Any], message: dict[str, Any]) -> None:
    if message["type"] == "http.response.start":
        answer["status"] = message["status"]
        answer["is_problem"] = any(
            name == b"content-type" and value.startswith(PROBLEM_TYPE)
            for name, value in message.get("headers", [])
        )
    elif message["type"] == "http.response.body" and answer["is_problem"]:
        answer["problem"] += message.get("body", b"")


def _parsed(body: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def mark_replays(app: Any) -> None:
    """Wrap the replay handler so the answer it sends is counted as `replayed`."""
    send_replay = app.exception_handlers[Replayed]

    async def marked(request: Any, replay: Replayed) -> Any:
        request.scope[REPLAYED] = True
        return await send_replay(request, replay)

    app.exception_handlers[Replayed] = marked
