"""FastAPI's per-app work on the routes, done once per test process instead of per app.

Most tests build an app of their own around their own container (the `client`
fixture). FastAPI (>= 0.16x, routers included lazily) then analyses every route's
endpoint and dependencies again: it reads their signatures and builds a pydantic
TypeAdapter for each parameter and response model, about 0.5 s CPU per app, the
largest cost of a test. What it builds depends only on the (module-level) endpoint
and its path, so it is kept per process and handed out as a copy:

- `get_dependant`: the analysed tree, cached by everything it is called with;
  each call gets a copy of the tree's root (FastAPI inserts a route's
  parameterless dependencies into its list), sharing the sub-trees, which
  nothing changes, and the immutable parameter fields.
- `create_model_field` for a response model (a name and a type, nothing else).

Only calls whose arguments are hashable are kept, and at most LIMIT of each kind:
the service's endpoints and dependencies are made once, at import, but a function
made per app would be kept with what it closes over. Dependency overrides still
work: FastAPI looks them up per request by the original callable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import fastapi.routing
import fastapi.utils
from fastapi.dependencies import models, utils

_DEPENDANTS: dict[tuple, models.Dependant] = {}
_FIELDS: dict[tuple, Any] = {}
_ORIGINAL: dict[str, Callable[..., Any]] = {}
LIMIT = 5000


_SLOTS = tuple(field.name for field in dataclasses.fields(models.Dependant))


def _copy(dependant: models.Dependant) -> models.Dependant:
    """A copy whose lists FastAPI may change; the sub-dependants, which it never
    changes, are shared (copying whole trees was most of an app's build)."""
    copied = object.__new__(models.Dependant)
    for name in _SLOTS:
        value = getattr(dependant, name)
        setattr(copied, name, list(value) if isinstance(value, list) else value)
    return copied


def get_dependant(**call: Any) -> models.Dependant:
    build = _ORIGINAL["get_dependant"]
    key = tuple(
        sorted(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in call.items()
        )
    )
    try:
        kept = _DEPENDANTS.get(key)
    except TypeError:  # an unhashable argument
        return build(**call)
    if kept is None:
        kept = build(**call)
        if len(_DEPENDANTS) < LIMIT:
            _DEPENDANTS[key] = kept
    return _copy(kept)


def create_model_field(name: str, type_: Any, **rest: Any) -> Any:
    build = _ORIGINAL["create_model_field"]
    if set(rest) - {"mode"}:
        return build(name, type_, **rest)
    key = (name, type_, rest.get("mode", "validation"))
    try:
        kept = _FIELDS.get(key)
    except TypeError:
        return build(name, type_, **rest)
    if kept is None:
        kept = build(name, type_, **rest)
        if len(_FIELDS) < LIMIT:
            _FIELDS[key] = kept
    return kept


def install() -> None:
    """Route FastAPI's calls through the caches (once per process)."""
    if _ORIGINAL:
        return
    _ORIGINAL["get_dependant"] = utils.get_dependant
    _ORIGINAL["create_model_field"] = fastapi.utils.create_model_field
    utils.get_dependant = get_dependant
    fastapi.routing.get_dependant = get_dependant
    fastapi.routing.create_model_field = create_model_field
