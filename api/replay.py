"""Replays always answer: a retried command gets its first answer before anything is checked again.

A retry with the same Idempotency-Key and the same body, by the same caller, is answered
from the key's record in the log (saved in the command's own transaction), whatever the
item's state or the caller's jurisdiction is now: the item may have moved out of the
caller's reach because of that very command. Runs before the access check (api/access.py);
a key that is new, or that was used for another command, goes on to the normal checks,
which refuse or answer exactly as before.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute, serialize_response
from starlette.responses import Response

from api.deps import IDEMPOTENCY_KEY, Ctx, CurrentPrincipal, command_fingerprint
from api.responses import SafeJSONResponse
from api.strict import ParsedBody
from application.ledger import IdempotencyKey

COMMAND_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
KEY = re.compile(IDEMPOTENCY_KEY)


class Replayed(Exception):
    """The first answer to a retried command: sent as the route would have sent it."""

    def __init__(self, answer: dict[str, Any]):
        super().__init__("replayed")
        self.answer = answer


def replay_first(
    request: Request, principal: CurrentPrincipal, ctx: Ctx, parsed: ParsedBody
) -> None:
    """`Depends`: answer a retried command from the log (raises Replayed), or let the route go on."""
    key = request.headers.get("Idempotency-Key")
    if (
        request.method not in COMMAND_METHODS
        or key is None
        or not KEY.fullmatch(key)
        or parsed.errors
    ):
        return
    scoped = IdempotencyKey(
        principal.person_id,
        key,
        command_fingerprint(request.method, request.url.path, parsed.model),
    )
    answer = ctx.ledger.replay(scoped)
    if answer is not None:
        raise Replayed(answer)


async def _send_replay(request: Request, replay: Replayed) -> Response:
    """Status and body exactly as the route renders its answer (its response model, its status)."""
    route = request.scope.get("route")
    status = getattr(route, "status_code", None) or 200
    field = getattr(route, "response_field", None)
    if field is None or not isinstance(route, APIRoute):
        return SafeJSONResponse(jsonable_encoder(replay.answer), status_code=status)
    try:
        content = await serialize_response(
            field=field,
            response_content=replay.answer,
            include=route.response_model_include,
            exclude=route.response_model_exclude,
            by_alias=route.response_model_by_alias,
            exclude_unset=route.response_model_exclude_unset,
            exclude_defaults=route.response_model_exclude_defaults,
            exclude_none=route.response_model_exclude_none,
        )
    except ResponseValidationError:
        # recorded before the model changed: still the first answer
        content = jsonable_encoder(replay.answer)
    return SafeJSONResponse(content, status_code=status)


def install_replay_handler(app: FastAPI) -> None:
    app.exception_handler(Replayed)(_send_replay)
