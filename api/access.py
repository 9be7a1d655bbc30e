"""The one place the API enforces the access matrix.

Every route declares `allow("<operation>")`. The dependency finds the operation's
row, resolves where its target lies (a resolver per kind of target, with the same
typed path, query or body values the route validates), and checks the caller's
roles against the row: a refusal is 403 problem+json with the row's rule id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Query, Request, routing
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from api.context import ApiContext
from api.deliberation_schemas import TopicCreate
from api.deps import Ctx, CurrentPrincipal, MinPosition, see_position
from api.replay import replay_first
from api.schemas import Code, RequestCreate
from api.strict import refuse_loose_body
from api.task_schemas import TaskCreate
from application.access.granted import request_reach, task_reach
from application.access.grants import Grant, Reach, Rule, Target, check
from application.access.matrix import MATRIX, same_target
from application.deliberation.queries import topic_reach
from application.principals import Principal
from application.supervision import urged_reach
from domain.assignments import Assignment
from domain.errors import UnknownTask
from domain.tasks import Task

RollupUnit = Annotated[
    str | None, Query(max_length=32, description="从哪个单位看（默认下达单位）")
]


async def _parsed(request: Request, model: type[BaseModel]) -> Any:
    """The body as the route will read it (strict JSON, api/strict.py), or None when
    the route will refuse it (422)."""
    try:
        return model.model_validate_json(await request.body(), strict=True)
    except ValidationError:
        return None


async def _raise_body(request: Request) -> RequestCreate | None:
    return await _parsed(request, RequestCreate)


async def _task_body(request: Request) -> TaskCreate | None:
    return await _parsed(request, TaskCreate)


async def _proposal_body(request: Request) -> TopicCreate | None:
    return await _parsed(request, TopicCreate)


def _no_target() -> Reach:
    return Reach()


def _request(request_id: UUID, ctx: Ctx) -> Target:
    request = ctx.ledger.request(request_id)
    return Target(request_reach(request), request)


def _request_origin(request_id: UUID, ctx: Ctx) -> Reach:
    """The group a request came from, wherever it is now (a return visit, BZ-A3)."""
    request = ctx.ledger.request(request_id)
    return Reach((request.group,), request.resident_id)


def _request_path(
    request_id: UUID, ctx: Ctx, min_position: MinPosition = None
) -> Reach:
    see_position(ctx, min_position)
    owner, units = ctx.queries.request_reach(str(request_id))
    return Reach(tuple(units), owner)


def _raised_for(
    body: Annotated[RequestCreate | None, Depends(_raise_body)],
    principal: CurrentPrincipal,
    ctx: Ctx,
) -> Reach:
    if body is None:
        return Reach(deferred=True)
    if body.on_behalf_of is None or str(body.on_behalf_of) == principal.person_id:
        return Reach(tuple(filter(None, [principal.home_group])), principal.person_id)
    person = ctx.ledger.person(body.on_behalf_of)
    return Reach(tuple(filter(None, [person.home_group])), str(person.id))


def _task_issuer(
    body: Annotated[TaskCreate | None, Depends(_task_body)], ctx: Ctx
) -> Reach:
    if body is None:
        return Reach(deferred=True)
    return _unit(body.issuer_unit, ctx)


def _unit(code: Code, ctx: Ctx) -> Reach:
    ctx.ledger.registry().unit(code)
    return Reach((code,))


def _task(task_id: UUID, ctx: Ctx) -> Target:
    task = ctx.ledger.load(Task, task_id, UnknownTask)
    return Target(task_reach(task), task)


def _rollup(task_id: UUID, ctx: Ctx, unit: RollupUnit = None) -> Reach:
    return _unit(unit or ctx.ledger.load(Task, task_id, UnknownTask).issuer_unit, ctx)


def _assignment(assignment_id: UUID, ctx: Ctx) -> Target:
    assignment = ctx.ledger.load(Assignment, assignment_id, UnknownTask)
    return Target(Reach.of_assignment(assignment), assignment)


def _assignment_holder(assignment_id: UUID, ctx: Ctx) -> Target:
    """An assignment where it is urged (its holder's unit), with the assignment loaded."""
    assignment = ctx.ledger.load(Assignment, assignment_id, UnknownTask)
    return Target(urged_reach(assignment), assignment)


def _proposal(
    body: Annotated[TopicCreate | None, Depends(_proposal_body)], ctx: Ctx
) -> Reach:
    """A new topic lies at the community the body names."""
    return (
        Reach(deferred=True)
        if body is None
        else replace(_unit(body.community, ctx), open_to_members=True)
    )


def _topic(topic_id: UUID, ctx: Ctx) -> Target:
    topic = ctx.ledger.topic(topic_id)
    return Target(topic_reach(ctx.ledger, topic), topic)


def _sitting(sitting_id: UUID, ctx: Ctx) -> Target:
    sitting = ctx.ledger.sitting(sitting_id)
    return Target(topic_reach(ctx.ledger, ctx.ledger.topic(sitting.topic_id)), sitting)


def _topic_community(topic_id: UUID, ctx: Ctx) -> Reach:
    return Reach((ctx.ledger.topic(topic_id).community,))


def _audit_scope(
    ctx: Ctx,
    request_id: UUID | None = None,
    topic_id: UUID | None = None,
    unit: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_position: MinPosition = None,
) -> Reach:
    """An export's scope: a request's units, a topic's community, a unit, or for a time window the top of
    the tree (deferred when it names none or several: the route answers 422)."""
    named = [request_id, topic_id, unit, since or until]
    if sum(value is not None for value in named) != 1:
        return Reach(deferred=True)
    if request_id is not None:
        return _request_path(request_id, ctx, min_position)
    if topic_id is not None:
        return _topic_community(topic_id, ctx)
    if unit is not None:
        return _unit(unit, ctx)
    registry = ctx.ledger.registry()
    top = tuple(c for c, u in registry.units.items() if u.parent is None)
    return (
        Reach(top) if since is not None and until is not None else Reach(deferred=True)
    )


RESOLVERS: dict[str, Callable[..., Reach | Target]] = {
    "none": _no_target,
    "request": _request,
    "request_path": _request_path,
    "request_origin": _request_origin,
    "raised_for": _raised_for,
    "unit": _unit,
    "task_issuer": _task_issuer,
    "task": _task,
    "rollup": _rollup,
    "assignment": _assignment,
    "assignment_holder": _assignment_holder,
    "audit_scope": _audit_scope,
    "proposal": _proposal,
    "topic": _topic,
    "sitting": _sitting,
}


@cache
def allow(operation: str) -> Any:
    """`Depends` checking the caller against the operation's row; gives the Grant (None when public).

    In order: a retried command is answered from the log (api/replay.py), then the row
    is checked, then a body not exactly of its declared types is refused (api/strict.py).
    """
    rule = MATRIX[operation]
    checker = _public_checker() if rule.is_public else _row_checker(operation)

    def guarded(
        grant: Grant | None = Depends(checker),
        _: None = Depends(refuse_loose_body),
    ) -> Grant | None:
        return grant

    # the route walk reads the operation back from its dependency (declared_operation)
    guarded.operation = operation  # type: ignore[attr-defined]
    return Depends(guarded)


def _public_checker() -> Callable[[], Awaitable[None]]:
    async def checker() -> None:
        # async: no worker thread, so /ready answers when all are busy
        return None

    return checker


def _row_checker(operation: str) -> Callable[..., Grant]:
    rule = MATRIX[operation]
    resolver = RESOLVERS[rule.target]

    def checker(
        principal: CurrentPrincipal,
        ctx: Ctx,
        _: None = Depends(replay_first),
        target: Reach | Target = Depends(resolver),
    ) -> Grant:
        return _checked(rule, principal, target, ctx)

    return checker


def grant_for(
    operation: str, caller: Principal, ctx: ApiContext, **target: Any
) -> Grant:
    """The check `allow(operation)` makes, for a page showing or doing the same operation."""
    rule = MATRIX[operation]
    found = RESOLVERS[rule.target](ctx=ctx, **target) if not rule.is_open else Reach()
    return _checked(rule, caller, found, ctx)


def _checked(
    rule: Rule, caller: Principal, found: Reach | Target, ctx: ApiContext
) -> Grant:
    """The check, with the aggregate the target was found on for the command to act on."""
    target = found if isinstance(found, Target) else Target(found)
    registry = ctx.ledger.registry()
    return check(
        rule, caller, target.reach, registry, same_target(rule), target.subject
    )


def declared_operation(route: Any) -> str | None:
    """The operation a route declares through `allow`, if any (for the startup check and tests)."""
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        if hasattr(dependant.call, "operation"):
            return dependant.call.operation
        stack.extend(dependant.dependencies)
    return None


def api_routes(app: Any) -> list[tuple[str, set[str], APIRoute]]:
    """Every API route with its full path and methods (routers included into the app, too)."""
    # FastAPI >= 0.16x includes routers lazily
    contexts = getattr(routing, "iter_route_contexts", None)
    # A lazily included route answers through its effective copy, whose dependencies were rebuilt
    # from the endpoint's annotations at inclusion: the dependencies a request meets are its own.
    pairs = (
        [(c.path, c.original_route, c) for c in contexts(app.routes)]
        if contexts
        else [(r.path, r, r) for r in app.routes]
    )
    # The console's pages (api/web) are not API routes: each checks the rows of the operations
    # it shows or performs through `grant_for`.
    return [
        (path, route.methods or set(), effective)
        for path, route, effective in pairs
        if isinstance(route, APIRoute) and path.startswith("/api/")
    ]
