"""Walks every cell of the access matrix against the running API, on each backend.

A cell is an operation × a role × a place: inside the role's jurisdiction ("in"),
outside it ("out"), or "any" where the operation has no target or the role's scope
does not depend on one; for a `topic role` or `member` scope also "near": a topic of
the walked people's community on which they hold no role. Allowed cells must get past
access (2xx; or, for the roles the row marks `domain_refuses`, a refusal by the domain
that is not 401/403); on a real deliberation topic ("reached") anything but 401/403/5xx,
though the walk prepares the stage so they succeed. "domain": the walked person holds a
role on the topic, not one the row names, so the topic refuses (403/409, not the matrix).
Refused cells must be the matrix's 403 problem+json with the row's rule id and write
nothing. The system role has no principal in the API: its token is refused (401).
"""

from __future__ import annotations

import importlib
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.access import allow
from api.access_doc import render
from api.operations import api_only, by_operation, require_access_everywhere, served
from api.problems import install_problem_handlers
from api.routes import (
    sitting_actions,
    sitting_votes,
    topic_actions,
    topic_local_steps,
    topic_steps,
)
from api.routes import sittings as sitting_routes
from api.routes import topics as topic_routes
from application.access.grants import OPEN_SCOPES, ROLES, Scope
from application.access.matrix import MATRIX, RULES
from application.deliberation.sittings import SITTING_ACTIONS
from application.deliberation.topic_actions import TOPIC_ACTIONS
from domain.levels import Level, Role
from infra.app import api_context, create_app
from infra.container import build_container
from tests.api.access_calls import BUILDERS, VARIANTS, community_of
from tests.api.access_topics import LAYOUT, WALKED, TopicWorld
from tests.api.access_world import OUTSIDE, PEOPLE, World, pid
from tests.api.asgi_call import call
from tests.clock import FakeClock
from tests.conftest import (
    BACKENDS,
    _pg_execute,
    _sqlite_settings,
    load_demo,
    pg_settings,
)

API = "/api/v1"
NOW = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


TOPIC_SCOPES = (Scope.TOPIC_ROLE, Scope.MEMBER)
TOPIC_TARGETS = ("topic", "sitting", "proposal")


@dataclass(frozen=True)
class Cell:
    operation: str
    role: Role
    place: str  # in | near (the topic's community, no role on it) | out | any
    variant: str = ""  # another kind of target of the same route (VARIANTS)

    @property
    def rule(self):
        return MATRIX[self.operation]

    def expected(self) -> str:
        rule, scope = self.rule, self.rule.scope(self.role)
        if self.role is Role.SYSTEM:
            return "allowed" if rule.is_public else "unauthenticated"
        if scope is Scope.NONE or self.place == "out":
            return "refused"
        if scope in TOPIC_SCOPES:
            return self._on_topic(scope)
        if self.place == "in" and self.role in rule.domain_refuses:
            return "state"
        return "reached" if rule.target in TOPIC_TARGETS else "allowed"

    def _on_topic(self, scope: Scope) -> str:
        """A topic role passes the matrix; the domain then lets act only the roles the row names."""
        holds = (
            LAYOUT.get(self.role, frozenset()) if self.place == "in" else frozenset()
        )
        if not holds:
            return "reached" if scope is Scope.MEMBER else "refused"
        return (
            "domain"
            if self.rule.topic_roles and not holds & self.rule.topic_roles
            else "reached"
        )


def cells(rules=RULES) -> list[Cell]:
    """On a topic's row the cells whose call writes nothing come first: they share the
    topics arranged for the row, which each cell that acts on one then spoils."""
    found = []
    for rule in rules:
        row = []
        for role in ROLES:
            scope = rule.scope(role)
            untargeted = (
                rule.target == "none" or scope in OPEN_SCOPES or scope is Scope.ANYWHERE
            )
            places = ("any",) if role is Role.SYSTEM or untargeted else ("in", "out")
            places = ("in", "near", "out") if scope in TOPIC_SCOPES else places
            row.extend(
                Cell(rule.operation, role, place, variant)
                for place in places
                for variant in ("", *VARIANTS.get(rule.operation, {}))
            )
        if rule.target in TOPIC_TARGETS:
            row.sort(key=lambda cell: cell.expected() not in WRITES_NOTHING)
        found.extend(row)
    return found


WRITES_NOTHING = ("refused", "unauthenticated", "domain")


def place(cell: Cell, world: World) -> tuple[str, str | None]:
    """The unit the target lies at and the person it belongs to (None: a resident of the unit)."""
    ref, unit = PEOPLE.get(cell.role, ("P0038", "CX010101"))
    if cell.rule.target in TOPIC_TARGETS:
        return topic_place(cell, world, unit)
    if cell.role is Role.RESIDENT:
        return (
            ("CX010101", pid("P0038"))
            if cell.place != "out"
            else ("CX010102", pid("P0039"))
        )
    if cell.rule.scope(cell.role) is Scope.ABOVE:
        at_top = (
            world.registry().unit(unit).parent is None
        )  # nothing can be held at the district's own level
        return (
            (world.first_child(unit), None)
            if cell.place == "in"
            else (OUTSIDE[unit] if at_top else unit, None)
        )
    if cell.place == "out":
        return OUTSIDE[unit], None
    return (world.first_child(unit) if unit == "CX" else unit), None


def topic_place(cell: Cell, world: World, unit: str) -> tuple[str, str | None]:
    """A topic's community, and its proposer when the walked people hold their roles on it ("in")."""
    if world.registry().unit(unit).level is Level.GROUP:
        unit = world.registry().unit(unit).parent
    if cell.place == "out":
        return community_of(world, OUTSIDE[unit]), None
    community = community_of(world, unit)
    return community, pid(
        "P0038"
    ) if cell.place != "near" and community == WALKED else None


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    schema = f"t_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        settings = _sqlite_settings(tmp_path_factory.mktemp("matrix"))  # no self-audit
    else:
        _pg_execute(f'CREATE SCHEMA "{schema}"')
        settings = pg_settings(schema)
    clock = FakeClock(NOW)
    container = build_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    try:
        load_demo(container)
        app = create_app(container=container)
        with TestClient(app) as client:
            walked = World(container, client, clock)
            walked.topics = TopicWorld(walked)
            yield walked, app
    finally:
        container.close()
        if request.param == "postgres":
            _pg_execute(f'DROP SCHEMA "{schema}" CASCADE')


def walk(world: World, cell: Cell, client=None) -> tuple[int, str | None]:
    """Call the API for one cell: the status, and a description of the mismatch or None."""
    ref = "system" if cell.role is Role.SYSTEM else PEOPLE[cell.role][0]
    caller = pid(ref) if ref != "system" else "system"
    build = (
        VARIANTS[cell.operation][cell.variant]
        if cell.variant
        else BUILDERS[cell.operation]
    )
    world.next_cell()
    method, path, body = build(world, *place(cell, world), caller)
    before = world.c.ledger.position()
    if method == "GET":  # read what was arranged
        path += f"{'&' if '?' in path else '?'}min_position={before}"
    response = call(
        client or world.client, method, API + path, body, world.headers(ref)
    )
    unchanged = before == world.c.ledger.position()
    if not unchanged:
        world.spoiled()
        world.topics.spoiled()
    return response.status_code, mismatch(cell, response, unchanged)


def mismatch(cell: Cell, response, unchanged: bool) -> str | None:
    status, expected = response.status_code, cell.expected()
    problem = response.headers.get("content-type") == "application/problem+json"
    body = response.json() if problem else {}
    by_matrix = str(body.get("detail", "")).startswith(
        f"{cell.operation}: 您的角色都不能执行此操作"
    )
    ok = {
        "allowed": 200 <= status < 300,
        "state": status not in (401, 403) and status < 500,
        "reached": status not in (401, 403) and status < 500,
        "domain": status in (403, 409)
        and unchanged
        and problem
        and not by_matrix
        and bool(body.get("rule_id")),
        "unauthenticated": status == 401 and unchanged,
        "refused": status == 403
        and unchanged
        and by_matrix
        and body.get("rule_id") == (cell.rule.rule_id or None),
    }
    return (
        None
        if ok[expected]
        else f"{cell}: expected {expected}, got {status} {response.text[:300]}"
    )


def test_every_cell_of_the_matrix(world, capsys):
    world, _ = world
    walked = cells()
    answers = {cell: walk(world, cell) for cell in walked}
    failures = [m for _, m in answers.values() if m is not None]
    counts = Counter(c.expected() for c in walked)
    topic = Counter(c.expected() for c in walked if c.rule.target in TOPIC_TARGETS)
    done = sum(
        1
        for c, (status, _) in answers.items()
        if c.expected() == "reached" and status < 300
    )
    line = (
        f"access matrix on {world.c.settings.backend}: walked {len(walked)} cells {dict(counts)}; "
        f"deliberation {dict(topic)}, {done} of the reached cells done (2xx)"
    )
    with capsys.disabled():
        print(f"\n{line}")
    assert not failures, "\n".join([line, *failures])
    assert {c.operation for c in walked} == set(MATRIX)


def test_deliberation_rows_are_the_domains_actions():
    """Every topic and sitting command of the domain has its row (a new one cannot slip past the matrix)."""
    method = {op: route.method for op, route in by_operation(api_only()).items()}
    assert {
        r.operation
        for r in RULES
        if r.target == "topic" and method[r.operation] == "POST"
    } == {
        *(f"topics.{a}" for a in TOPIC_ACTIONS),
        "topics.open_sitting",
        "topics.major_decision",
        "topics.correct_result",  # its own typed route (WZ-5.7-b)
        *(f"topics.{m}" for m in ("open_mediation", "mediation_session")),
        *(f"topics.mediation_{end}" for end in ("agreement", "failure")),  # BZ-N1
    }
    assert {
        r.operation
        for r in RULES
        if r.target == "sitting" and method[r.operation] == "POST"
    } == {f"sittings.{a}" for a in SITTING_ACTIONS} | {"sittings.record_paper_counts"}


def test_every_route_has_a_row_and_every_row_a_route(world):
    routes = served(world[1])
    assert None not in {r.operation for r in routes}, (
        "a route declares no operation of the access matrix"
    )
    declared = by_operation(world[1])  # one route per operation
    assert set(declared) == set(MATRIX), "rows without a route, or routes without a row"
    assert set(BUILDERS) == set(MATRIX), "every row must be walked"


def test_an_app_with_a_route_outside_the_matrix_is_refused():
    app = FastAPI()
    app.add_api_route(f"{API}/new-thing", lambda: {}, methods=["GET"])
    with pytest.raises(LookupError, match="new-thing"):
        require_access_everywhere(app)


MUTATIONS = [
    ("topics.review", Role.RESIDENT, Scope.SUBTREE),
    ("topics.register", Role.RESIDENT, Scope.TOPIC_ROLE),
    ("topics.file", Role.STREET_STAFF, Scope.SUBTREE),
    ("sittings.record_counts", Role.DISTRICT_STAFF, Scope.SUBTREE),
]


DELIBERATION_ROUTES = (
    topic_actions,
    topic_steps,
    topic_local_steps,
    sitting_actions,
    sitting_votes,
    topic_routes,
    sitting_routes,
)


@pytest.fixture
def enforcing(monkeypatch):
    """Make the API enforce a changed row: the topic and sitting routes rebuilt on it, in a small app."""

    def small_app(world: World, operation: str, role: Role, scope: Scope) -> FastAPI:
        row = MATRIX[operation]
        monkeypatch.setitem(
            MATRIX, operation, replace(row, scopes={**row.scopes, role: scope})
        )
        allow.cache_clear()
        app = FastAPI()
        app.state.ctx = api_context(world.c)
        install_problem_handlers(app)
        for module in DELIBERATION_ROUTES:
            app.include_router(importlib.reload(module).router, prefix=API)
        return app

    yield small_app
    monkeypatch.undo()
    allow.cache_clear()
    for module in DELIBERATION_ROUTES:
        importlib.reload(module)


@pytest.mark.parametrize(
    "mutation", MUTATIONS, ids=[f"{o}-{r.value}" for o, r, _ in MUTATIONS]
)
def test_the_walk_fails_on_a_wrong_deliberation_row_BZ_D3(world, enforcing, mutation):
    """A row granting a role what its jurisdiction or the topic does not give it fails the walk, even
    though the API enforces that row: the resident's group holds no topic, the domain refuses the rest."""
    world, _ = world
    app = enforcing(world, *mutation)
    with TestClient(app) as client:
        answers = [walk(world, cell, client) for cell in cells([MATRIX[mutation[0]]])]
    caught = [m for _, m in answers if m is not None and mutation[1].value in m]
    assert caught, f"the walk passed a wrong row: {mutation}"


def test_an_unknown_topic_or_sitting_is_404_before_any_refusal_BZ_D3(world):
    """As for requests and tasks: the target is resolved first, so even a caller with no reach gets 404."""
    world, _ = world
    unknown = str(uuid.uuid4())
    for path in (f"/topics/{unknown}/review", f"/sittings/{unknown}/settle"):
        response = world.client.post(
            API + path, json={}, headers=world.headers("P0038")
        )
        assert (
            response.status_code == 404
            and response.headers["content-type"] == "application/problem+json"
        )


def test_a_topic_outside_the_callers_reach_names_the_rule_WZ_5_6_e(world):
    """A resident of another community reads no topic of this one; the walked resident may (member)."""
    world, _ = world
    topic = world.topics.topic("CX0101", False, "read").topic_id
    assert (
        world.client.get(
            f"{API}/topics/{topic}", headers=world.headers("P0038")
        ).status_code
        == 200
    )
    outsider = world.c.ledger.person(
        world.plain_resident(world.group_under("CX0102"))
    ).ref
    refused = world.client.get(f"{API}/topics/{topic}", headers=world.headers(outsider))
    assert refused.status_code == 403 and refused.json()["rule_id"] == "WZ-5.6-e"


def test_docs_access_md_is_the_table():
    """Regenerate with `python -m api.access_doc > docs/access.md`."""
    assert (Path(__file__).parents[2] / "docs" / "access.md").read_text(
        encoding="utf-8"
    ) == render()


def test_a_refusal_names_the_rule_and_what_the_caller_may_do_instead(world):
    world, _ = world
    request_id = world.request_at("CX010101", pid("P0038"))
    refused = world.client.post(
        f"{API}/requests/{request_id}/accept", json={}, headers=world.headers("P0028")
    )
    assert (
        refused.status_code == 403
        and refused.headers["content-type"] == "application/problem+json"
    )
    body = refused.json()
    assert body["rule_id"] == "BZ-D3" and body["allowed_actions"] == ["requests.urge"]
    assert "supervision_committee" not in body["detail"].split("可执行者：")[1]
