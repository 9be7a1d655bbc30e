"""Walks every cell of the access matrix against the running API, on each backend.

A cell is an operation × a role × a place: inside the role's jurisdiction ("in"),
outside it ("out"), or "any" where the operation has no target or the role's scope
does not depend on one. Allowed cells must get past access (2xx; or, for the roles
the row marks `domain_refuses`, a refusal by the domain that is not 401/403);
refused cells must be 403 problem+json with the row's rule id and write nothing.
The system role has no principal in the API: its token is refused (401).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.access import api_routes, declared_operation, require_access_everywhere
from application.access import OPEN_SCOPES, ROLES, Scope
from application.access_doc import render
from application.access_matrix import MATRIX, RULES
from domain.levels import Role
from infra.app import create_app
from infra.container import build_container
from tests.api.access_calls import BUILDERS, VARIANTS
from tests.api.access_world import OUTSIDE, PEOPLE, World, pid
from tests.clock import FakeClock
from tests.conftest import BACKENDS, _pg_execute, load_demo, pg_settings
from infra.settings import Settings

API = "/api/v1"
NOW = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Cell:
    operation: str
    role: Role
    place: str  # in | out | any
    variant: str = ""  # another kind of target of the same route (VARIANTS)

    def expected(self) -> str:
        rule, scope = MATRIX[self.operation], MATRIX[self.operation].scope(self.role)
        if self.role is Role.SYSTEM:
            return "allowed" if rule.is_public else "unauthenticated"
        if scope is Scope.NONE or self.place == "out":
            return "refused"
        if scope is Scope.DELIBERATION:
            return "state"  # passed to the deliberation service, which answers (unknown topic, bad body)
        return "state" if self.place == "in" and self.role in rule.domain_refuses else "allowed"


def cells() -> list[Cell]:
    found = []
    for rule in RULES:
        for role in ROLES:
            scope = rule.scope(role)
            untargeted = rule.target == "none" or scope in OPEN_SCOPES or scope is Scope.ANYWHERE
            places = ("any",) if role is Role.SYSTEM or untargeted else ("in", "out")
            found.extend(Cell(rule.operation, role, place, variant) for place in places
                         for variant in ("", *VARIANTS.get(rule.operation, {})))
    return found


def place(cell: Cell, world: World) -> tuple[str, str | None]:
    """The unit the target lies at and the person it belongs to (None: a resident of the unit)."""
    ref, unit = PEOPLE.get(cell.role, ("P0038", "CX010101"))
    if cell.role is Role.RESIDENT:
        return ("CX010101", pid("P0038")) if cell.place != "out" else ("CX010102", pid("P0039"))
    if MATRIX[cell.operation].scope(cell.role) is Scope.ABOVE:
        at_top = world.registry().unit(unit).parent is None  # nothing can be held at the district's own level
        return (world.first_child(unit), None) if cell.place == "in" else (OUTSIDE[unit] if at_top else unit, None)
    if cell.place == "out":
        return OUTSIDE[unit], None
    return (world.first_child(unit) if unit == "CX" else unit), None


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    schema = f"t_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        settings = Settings(sqlite_path=tmp_path_factory.mktemp("matrix") / "ledger.sqlite",
                            catchup_interval_seconds=0.05, rate_limit_enabled=False)  # hundreds of writes
    else:
        _pg_execute(f'CREATE SCHEMA "{schema}"')
        settings = pg_settings(schema)
    clock = FakeClock(NOW)
    container = build_container(settings.model_copy(update={"scheduler_in_process": False}), clock=clock)
    load_demo(container)
    try:
        app = create_app(container=container)
        with TestClient(app) as client:
            yield World(container, client, clock), app
    finally:
        if request.param == "postgres":
            _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')


def walk(world: World, cell: Cell) -> str | None:
    """Call the API for one cell; a description of the mismatch, or None."""
    ref = "system" if cell.role is Role.SYSTEM else PEOPLE[cell.role][0]
    caller = pid(ref) if ref != "system" else "system"
    build = VARIANTS[cell.operation][cell.variant] if cell.variant else BUILDERS[cell.operation]
    method, path, body = build(world, *place(cell, world), caller)
    before = world.c.ledger.position()
    if method == "GET":  # read what was arranged
        path += f"{'&' if '?' in path else '?'}min_position={before}"
    response = world.client.request(method, API + path, json=body, headers=world.headers(ref))
    return mismatch(cell, response, before == world.c.ledger.position())


def mismatch(cell: Cell, response, unchanged: bool) -> str | None:
    status, expected = response.status_code, cell.expected()
    body = response.json() if response.headers.get("content-type", "").endswith("json") else {}
    ok = {"allowed": 200 <= status < 300,
          "state": status not in (401, 403) and status < 500,
          "unauthenticated": status == 401 and unchanged,
          "refused": status == 403 and unchanged and isinstance(body, dict)
          and body.get("rule_id") == (MATRIX[cell.operation].rule_id or None)}[expected]
    return None if ok else f"{cell}: expected {expected}, got {status} {response.text[:300]}"


def test_every_cell_of_the_matrix(world, capsys):
    world, _ = world
    walked = cells()
    failures = [m for cell in walked if (m := walk(world, cell)) is not None]
    backend = world.c.settings.backend
    counts = {e: sum(1 for c in walked if c.expected() == e) for e in ("allowed", "state", "refused",
                                                                          "unauthenticated")}
    line = f"access matrix on {backend}: walked {len(walked)} cells {counts}"
    with capsys.disabled():
        print(f"\n{line}")
    assert not failures, "\n".join([line, *failures])
    assert {c.operation for c in walked} == set(MATRIX)


def test_every_route_has_a_row_and_every_row_a_route(world):
    declared = {declared_operation(route): (sorted(methods), path) for path, methods, route in api_routes(world[1])}
    assert None not in declared, "a route declares no operation of the access matrix"
    assert set(declared) == set(MATRIX), "rows without a route, or routes without a row"
    for operation, rule in MATRIX.items():
        assert declared[operation] == ([rule.method], API + rule.path), operation
    assert set(BUILDERS) == set(MATRIX), "every row must be walked"


def test_an_app_with_a_route_outside_the_matrix_is_refused():
    app = FastAPI()
    app.add_api_route(f"{API}/new-thing", lambda: {}, methods=["GET"])
    with pytest.raises(LookupError, match="new-thing"):
        require_access_everywhere(app)


def test_docs_access_md_is_the_table():
    """Regenerate with `python -m application.access_doc > docs/access.md`."""
    assert (Path(__file__).parents[2] / "docs" / "access.md").read_text(encoding="utf-8") == render()


def test_a_refusal_names_the_rule_and_what_the_caller_may_do_instead(world):
    world, _ = world
    request_id = world.request_at("CX010101", pid("P0038"))
    refused = world.client.post(f"{API}/requests/{request_id}/accept", json={}, headers=world.headers("P0028"))
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["rule_id"] == "BZ-D3" and body["allowed_actions"] == ["requests.urge"]
    assert "supervision_committee" not in body["detail"].split("it is for")[1]
