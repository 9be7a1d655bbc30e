"""Where each operation of the access matrix is served: read from the routes themselves.

A route (api/routes/*.py) is the only place a method and a path are written; it names
its operation with `allow("<operation>")`. The access matrix (application/access/matrix.py)
is keyed by the same name and says who may call it, where. Whatever needs an operation's
method and path — docs/access.md, the access walk, the startup check — reads them here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from api.access import api_routes, declared_operation
from api.routers import ROUTERS
from application.access.matrix import MATRIX

API = "/api/v1"


@dataclass(frozen=True)
class Served:
    """One route: the operation it declares, its method and its path below `/api/v1`."""

    operation: str | None
    method: str
    path: str


def served(app: Any) -> list[Served]:
    """Every API route of `app` with the operation it declares (None: it declares none)."""
    return [
        Served(declared_operation(route), method, path.removeprefix(API))
        for path, methods, route in api_routes(app)
        for method in sorted(methods)
    ]


def by_operation(app: Any) -> dict[str, Served]:
    """The route of each operation; LookupError when one operation is served twice."""
    found: dict[str, Served] = {}
    for route in served(app):
        if route.operation is None:
            continue
        if route.operation in found:
            raise LookupError(f"{route.operation} is served by two routes")
        found[route.operation] = route
    return found


def mismatches(routes: Iterable[Served], operations: Iterable[str]) -> list[str]:
    """Routes that declare no row of the matrix, and rows that no route serves."""
    routes = list(routes)
    rows, declared = set(operations), {r.operation for r in routes}
    return [
        *(
            f"{r.method} {API}{r.path} declares no row of the access matrix"
            for r in routes
            if r.operation not in rows
        ),
        *(
            f"{op}: a row of the access matrix no route serves"
            for op in sorted(rows - declared)
        ),
    ]


def api_only() -> FastAPI:
    """The API's routers in a bare application (no container): enough to read the routes."""
    app = FastAPI()
    for module in ROUTERS:
        app.include_router(module.router, prefix=API)
    return app


def require_access_everywhere(app: Any) -> None:
    """Refuse to build an API with a route that declares no row of the matrix, or a row
    that no route serves: the two meet by operation name."""
    wrong = mismatches(served(app), MATRIX)
    by_operation(app)  # and no operation served twice
    if wrong:
        raise LookupError("; ".join(wrong))
