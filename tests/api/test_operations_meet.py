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
from application.access.grants import Rule
from application.access.matrix import MATRIX
from application.access.roles import ADMIN
from domain.assignments import UNIT_ACTIONS as ASSIGNMENT_ACTIONS_BY_STATUS
from domain.levels import Level
from domain.request_actions import allowed_request_actions
from domain.vocabulary import Status


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


def offered_request_actions() -> set[str]:
    """Every action some state of a request allows (domain/request_actions.py)."""
    return {
        action
        for status in Status
        for level in Level
        for urges in (0, 1)
        for rated in (False, True)
        for action in allowed_request_actions(status, level, urges, rated)
    }


def test_every_action_an_aggregate_allows_has_its_row_and_its_route():
    """The aggregates' allowed actions, the matrix and the routes meet by one name,
    `<kind>.<action>`: an action the domain offers with no row or no route would be a button
    nobody may press (application/access/actions_now.py skips it)."""
    offered = {
        *(f"requests.{a}" for a in offered_request_actions()),
        *(
            f"assignments.{action}"
            for actions in ASSIGNMENT_ACTIONS_BY_STATUS.values()
            for action in actions
        ),
        "assignments.answer_urge",
    }
    routes = by_operation(api_only())
    assert {op for op in offered if op not in MATRIX or op not in routes} == set()
    assert "requests.reassign" in offered
