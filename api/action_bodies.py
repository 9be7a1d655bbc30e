"""Each command route's body model and summary, by its action, read off the routes.

The pages read a form into the same body model as the API route of that action;
the routes are the one place a command's path, body and summary are written.
"""

from __future__ import annotations

from typing import get_type_hints

from fastapi import APIRouter
from fastapi.routing import APIRoute
from pydantic import BaseModel


def action_bodies(router: APIRouter) -> dict[str, tuple[type[BaseModel], str]]:
    """{action: (body model, summary)} in the routes' order; the action is the path's
    last part (`/requests/{request_id}/escalate` → `escalate`)."""
    return {
        route.path.rsplit("/", 1)[-1]: (
            get_type_hints(route.endpoint)["body"],
            route.summary or "",
        )
        for route in router.routes
        if isinstance(route, APIRoute) and route.body_field is not None
    }
