"""The routes and the access matrix meet by operation name (api/operations.py).

A route is the only place a method and a path are written, and it names its operation with
`allow(operation)`; the matrix is keyed by the same name. An API with a route that names no
row, a row no route serves, or one operation served twice is refused when it is built.
"""

from __future__ import annotations

import pytest
from fastapi import APIRouter

from api.access import allow
from api.operations import (
    api_only,
    by_operation,
    mismatches,
    require_access_everywhere,
    served,
)
from application.access import Rule
from application.access_matrix import MATRIX
from application.access_roles import ADMIN


def test_every_route_of_the_api_names_a_row_and_every_row_has_its_route():
    app = api_only()
    assert mismatches(served(app), MATRIX) == []
    assert set(by_operation(app)) == set(MATRIX)
    require_access_everywhere(app)


def test_a_route_without_an_access_row_is_refused():
    app, extra = api_only(), APIRouter()
    extra.add_api_route("/requests/{request_id}/reroute", lambda: {}, methods=["POST"])
    app.include_router(extra, prefix="/api/v1")
    with pytest.raises(
        LookupError, match=r"POST /api/v1/requests/\{request_id\}/reroute"
    ):
        require_access_everywhere(app)


def test_an_access_row_without_a_route_is_refused(monkeypatch):
    row = Rule("requests.reroute", "request", ADMIN)
    monkeypatch.setitem(MATRIX, row.operation, row)
    with pytest.raises(
        LookupError, match="requests.reroute: a row of the access matrix"
    ):
        require_access_everywhere(api_only())


def test_an_operation_served_by_two_routes_is_refused():
    app, extra = api_only(), APIRouter()
    extra.add_api_route(
        "/health-again", lambda: {}, methods=["GET"], dependencies=[allow("health")]
    )
    app.include_router(extra, prefix="/api/v1")
    with pytest.raises(LookupError, match="health is served by two routes"):
        require_access_everywhere(app)


def test_each_operation_is_read_with_its_method_and_path_from_its_route():
    routes = by_operation(api_only())
    assert (routes["requests.escalate"].method, routes["requests.escalate"].path) == (
        "POST",
        "/requests/{request_id}/escalate",
    )
    assert (routes["units.inbox"].method, routes["units.inbox"].path) == (
        "GET",
        "/units/{code}/inbox",
    )
