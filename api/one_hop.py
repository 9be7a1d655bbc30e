"""One hop per command: a route's sync dependencies and its sync endpoint run in one call
on one worker thread, instead of one thread handoff each (issue 16).

FastAPI runs each sync dependency in the threadpool as it solves them, then the sync
endpoint, then validates its answer there too: eight handoffs for an authenticated
command (the caller, the replay of a retry, the target, the access check, the strict
body, the grant, the endpoint, the answer). `OneHopRoute`, the route class of every API
router, builds its handler from a copy of the route's dependency tree in which

- each sync dependency (a plain function, whose value only sync functions take) is an
  async stand-in: when FastAPI solves it, it only notes the call, in solving order, and
  gives a `Pending` in place of the value;
- the sync endpoint is an async stand-in that makes the noted calls in that order, each
  with the values of the ones before, and then the endpoint, in one `run_in_threadpool`.
  Being async, FastAPI validates and serialises its answer on the event loop: no hop.

Async dependencies (the context, the bearer token, the strict body) still run on the
loop while FastAPI solves. The refusals keep their order (401 → the replay of a retry →
404 → 403 → strict 422 → 422 → the rule's 409): the sync calls raise in the order FastAPI
would have made them, and when something stops the request before the endpoint (a 422
of FastAPI's own validation, an async dependency's refusal) the calls noted until then
are made first, in one hop, so a refusal they raise comes first, as it did.

The route's own dependency tree is left as FastAPI built it (the OpenAPI document, the
access walk and `declared_operation` read it). With dependency overrides set (tests),
the request takes FastAPI's own handler, which honours them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from fastapi import routing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


@dataclass(eq=False)
class Pending:
    """A sync dependency's call, noted while FastAPI solves; its value once made."""

    call: Callable[..., Any]
    arguments: dict[str, Any]
    value: Any = None

    def make(self) -> None:
        self.value = self.call(**_values(self.arguments))


@dataclass(eq=False)
class Chain:
    """The calls one request noted, and whether its one hop has been taken."""

    pending: list[Pending] = field(default_factory=list)
    hopped: bool = False

    def run(self, endpoint: Callable[..., Any], arguments: dict[str, Any]) -> Any:
        """In the worker thread: every noted call in order, then the endpoint."""
        self.hopped = True
        for pending in self.pending:
            pending.make()
        return endpoint(**_values(arguments))


_CHAIN: ContextVar[Chain | None] = ContextVar("one_hop_chain", default=None)


def _values(arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.value if isinstance(value, Pending) else value
        for name, value in arguments.items()
    }


class OneHopRoute(APIRoute):
    """An API route whose sync dependencies and sync endpoint take one hop together."""

    def get_route_handler(self) -> Handler:
        route = _route_being_built(self)
        plain = super().get_route_handler()
        chained = one_hop_dependant(route.dependant)
        if chained is None:
            return plain
        own, route.dependant = route.dependant, chained
        try:
            one_hop = super().get_route_handler()
        finally:
            route.dependant = own
        return _handler(plain, one_hop, route.dependency_overrides_provider)


def _route_being_built(route: APIRoute) -> Any:
    """The route FastAPI builds this handler for: an included route's effective copy
    (FastAPI >= 0.16x includes routers lazily, rebuilding the tree per inclusion), or itself."""
    building = getattr(routing, "_effective_route_context_var", None)
    effective = building.get() if building is not None else None
    if effective is not None and effective.original_route is route:
        return effective
    return route


def _handler(plain: Handler, one_hop: Handler, overrides_provider: Any) -> Handler:
    async def handle(request: Request) -> Response:
        if getattr(overrides_provider, "dependency_overrides", None):
            return await plain(request)
        chain = Chain()
        token = _CHAIN.set(chain)
        try:
            return await one_hop(request)
        except Exception:
            if chain.pending and not chain.hopped:
                # stopped before the endpoint: the noted calls' refusals come first
                await run_in_threadpool(chain.run, lambda: None, {})
            raise
        finally:
            _CHAIN.reset(token)

    return handle


def one_hop_dependant(dependant: Dependant) -> Dependant | None:
    """A copy of the tree whose sync calls are noted and made with the endpoint, or None
    when the endpoint is not a plain sync function (FastAPI's own handler then serves)."""
    if not _plain_sync(dependant.call):
        return None
    copy = _with_stand_ins(dependant, _deferrable(dependant))
    assert dependant.call is not None
    copy.call = _endpoint(dependant.call)
    return copy


def _plain_sync(call: Any) -> bool:
    return inspect.isfunction(call) and not (
        inspect.iscoroutinefunction(call)
        or inspect.isgeneratorfunction(call)
        or inspect.isasyncgenfunction(call)
    )


def _edges(dependant: Dependant) -> Iterator[tuple[Dependant, Dependant]]:
    for sub in dependant.dependencies:
        yield dependant, sub
        yield from _edges(sub)


def _deferrable(root: Dependant) -> set[Any]:
    """The sync calls to note: plain functions whose every taker is the endpoint or noted."""
    edges = list(_edges(root))
    chosen = {
        sub.call
        for _, sub in edges
        if _plain_sync(sub.call) and sub.concurrency is None
    }
    while True:
        taken_by_async = {
            sub.call
            for parent, sub in edges
            if sub.call in chosen and parent is not root and parent.call not in chosen
        }
        if not taken_by_async:
            return chosen
        chosen -= taken_by_async


def _with_stand_ins(dependant: Dependant, deferred: set[Any]) -> Dependant:
    call = dependant.call
    return replace(
        dependant,
        call=_noted(call) if call in deferred else call,
        dependencies=[_with_stand_ins(sub, deferred) for sub in dependant.dependencies],
    )


@functools.cache
def _noted(call: Callable[..., Any]) -> Callable[..., Any]:
    """The async stand-in of a sync dependency (one per callable: FastAPI caches by it)."""

    @functools.wraps(call)
    async def noted(**arguments: Any) -> Any:
        chain = _CHAIN.get()
        if chain is None or chain.hopped:  # not solved by a OneHopRoute's handler
            return await run_in_threadpool(call, **_values(arguments))
        pending = Pending(call, arguments)
        chain.pending.append(pending)
        return pending

    return noted


@functools.cache
def _endpoint(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The async stand-in of the endpoint: the noted calls and the endpoint in one hop."""

    @functools.wraps(endpoint)
    async def one_hop(**arguments: Any) -> Any:
        chain = _CHAIN.get() or Chain()
        return await run_in_threadpool(chain.run, endpoint, arguments)

    return one_hop
