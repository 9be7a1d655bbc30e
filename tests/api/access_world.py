"""A world for walking the access matrix: the demo district plus a second district `XX`,
and helpers that put a request, task or assignment at a unit in a wanted state.

Items are arranged with the clock 90 days back, so every one is overdue (urgeable)
when the walk calls the API at the present time. An arranged item is kept and handed
to the next cell that asks for the same one, until a call changes the log (`spoiled`):
a refused call writes nothing, so the item is still exactly as arranged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID

from api.operations import Served, by_operation
from application.principals import Principal
from application.registry.service import PersonSpec, UnitSpec
from application.requests.commands import EscalateRequest, ResolveRequest
from application.tasks.commands import AcknowledgeAssignment, DelegateAssignment
from domain.actors import SYSTEM
from domain.assignments import Assignment
from domain.errors import UnknownTask
from domain.levels import Level, Role
from domain.people import person_id_for
from domain.tasks import assignment_id_for, resident_holder
from domain.vocabulary import Category

# The person walked for each role, and the unit the role is held at.
PEOPLE = {
    Role.RESIDENT: ("P0038", "CX010101"),
    Role.GROUP_LEADER: ("P0037", "CX010101"),
    Role.COMMUNITY_STAFF: ("P0010", "CX0101"),
    Role.STREET_STAFF: ("P0004", "CX01"),
    Role.DISTRICT_STAFF: ("P0002", "CX"),
    Role.SUPERVISION_COMMITTEE: ("P0028", "CX0101"),
    Role.ADMINISTRATOR: ("P0001", "CX"),
}
OUTSIDE = {"CX010101": "CX010102", "CX0101": "CX0102", "CX01": "CX02", "CX": "XX01"}
OTHER_DISTRICT = [
    UnitSpec("XX", Level.DISTRICT, "另一区"),
    UnitSpec("XX01", Level.STREET, "另一街道", "XX"),
    UnitSpec("XX0101", Level.COMMUNITY, "另一社区", "XX01"),
    UnitSpec("XX010101", Level.GROUP, "另一小组", "XX0101"),
]
OTHER_PEOPLE = [
    PersonSpec("X0001", "区外干部", roles=frozenset({(Role.DISTRICT_STAFF, "XX")})),
    PersonSpec("X0002", "区外居民", home_group="XX010101"),
    PersonSpec(
        "X0003", "区外社区干部", roles=frozenset({(Role.COMMUNITY_STAFF, "XX0101")})
    ),
]
DISTRICT_STAFF = {"CX": "P0002", "XX": "X0001"}


def pid(ref: str) -> str:
    return str(person_id_for(ref))


class World:
    def __init__(self, container, client, clock):
        self.c, self.client, self.clock = container, client, clock
        self.made = 0
        container.registry.import_tree(SYSTEM, OTHER_DISTRICT, OTHER_PEOPLE)
        # The units the walk places its targets at never change: the cells that register,
        # rename, move or retire a unit act on a fresh one (CXT…, sorted after the rest).
        self.tree = container.ledger.registry(for_update=True)
        self.kept: dict[Hashable, str] = {}
        self.handed: list[Hashable] = []  # the kept items of the cell being walked
        self.principals: dict[str, Principal] = {}  # nobody's roles change in the walk
        self.plain: dict[str, str] = {}
        self.routes: dict[str, Served] = {}

    def keep(self, key: Hashable, arrange: Callable[[], str]) -> str:
        """The item arranged for `key`, arranged now if none is kept."""
        self.handed.append(key)
        if key not in self.kept:
            self.kept[key] = arrange()
        return self.kept[key]

    def next_cell(self) -> None:
        self.handed.clear()

    def spoiled(self) -> None:
        """The cell's call changed the log: the items handed to it are arranged anew."""
        for key in self.handed:
            self.kept.pop(key, None)
        self.handed.clear()

    def route(self, operation: str) -> Served:
        """The route serving `operation` on the walked app (its routes never change)."""
        if not self.routes:
            self.routes = by_operation(self.client.app)
        return self.routes[operation]

    # ---- who ----------------------------------------------------------
    def principal(self, ref: str) -> Principal:
        return self.principal_by_id(str(person_id_for(ref)))

    def headers(self, ref: str) -> dict[str, str]:
        person = "system" if ref == "system" else pid(ref)
        return {"Authorization": f"Bearer {self.c.tokens.issue(person)}"}

    def registry(self):
        return self.tree

    def root_staff(self, unit: str) -> Principal:
        """District staff over `unit`: they can arrange anything in their tree."""
        chain = [unit, *self.registry().ancestors(unit)]
        return self.principal(DISTRICT_STAFF[chain[-1]])

    def group_under(self, unit: str) -> str:
        while self.registry().unit(unit).level is not Level.GROUP:
            unit = self.registry().children(unit)[0]
        return unit

    def first_child(self, unit: str) -> str:
        children = self.registry().children(unit)
        return children[0] if children else unit

    def plain_resident(self, group: str) -> str:
        """A member of the group who holds no role (not one of the walked people)."""
        if group not in self.plain:
            self.plain[group] = self._plain_resident(group)
        return self.plain[group]

    def _plain_resident(self, group: str) -> str:
        for member in sorted(self.c.ledger.group_roll(group).members):
            person = self.c.ledger.person(member)
            if not person.roles and person.ref not in ("P0038",):
                return member
        raise LookupError(f"nobody without a role lives in {group}")

    @contextmanager
    def in_the_past(self):
        now = self.clock.now
        self.clock.now = now - timedelta(days=90)
        try:
            yield
        finally:
            self.clock.now = now

    # ---- requests -----------------------------------------------------
    def request_at(
        self, unit: str, owner: str | None = None, state: str = "new"
    ) -> str:
        """A request held at `unit`, raised by `owner` (a person id) in a group under it."""
        key = ("request", unit, owner, state)
        return self.keep(key, lambda: self._new_request(unit, owner, state))

    def _new_request(self, unit: str, owner: str | None, state: str) -> str:
        group = self.group_under(unit)
        owner = owner or self.plain_resident(group)
        staff = self.root_staff(unit)
        with self.in_the_past():
            raised = self.c.requests.raise_request(
                self.principal_by_id(owner),
                title="路灯不亮",
                description="门口路灯坏了",
                category=Category.FACILITIES,
            )
            request_id = UUID(raised["request_id"])
            for _ in range(
                len(self.registry().ancestors(group))
                - len(self.registry().ancestors(unit))
            ):
                self.c.requests.handle(
                    staff, EscalateRequest(request_id=request_id, reason="需上级协调")
                )
            self._request_state(request_id, unit, state, staff)
        return str(request_id)

    def _request_state(
        self, request_id: UUID, unit: str, state: str, staff: Principal
    ) -> None:
        if state == "resolved":
            self.c.requests.handle(
                staff, ResolveRequest(request_id=request_id, resolution="已修复")
            )
        if state == "urged":
            self.clock.now += timedelta(days=60)
            self.c.supervision.urge(
                self.urger(unit), "request", request_id, "请尽快办理"
            )

    def urger(self, unit: str) -> Principal:
        """Someone allowed to urge an item held at `unit`: the staff above, or supervision."""
        level = self.registry().unit(unit).level
        if level in (Level.GROUP, Level.COMMUNITY) and unit.startswith("CX0101"):
            return self.principal("P0028")
        return self.root_staff(unit)

    def principal_by_id(self, person_id: str) -> Principal:
        if person_id not in self.principals:
            self.principals[person_id] = Principal.of(self.c.ledger.person(person_id))
        return self.principals[person_id]

    # ---- tasks and assignments ------------------------------------------
    def fresh(self, prefix: str) -> str:
        self.made += 1
        return f"{prefix}{self.made:04d}"

    def task_from(self, issuer: str, targets: list[str] | None = None) -> str:
        key = ("task", issuer, tuple(targets or ()))
        return self.keep(key, lambda: self._new_task(issuer, targets))

    def _new_task(self, issuer: str, targets: list[str] | None) -> str:
        issuer = (
            issuer
            if self.registry().children(issuer)
            else self.registry().unit(issuer).parent
        )
        with self.in_the_past():
            issued = self.c.tasks.issue(
                self.root_staff(issuer),
                issuer,
                targets,
                "入户宣传",
                "每户发放指南",
                None,
                5,
                True,
            )
        return issued["task_id"]

    def assignment_at(self, unit: str, state: str = "received") -> str:
        """An assignment held at `unit`, issued from the district above it."""
        key = ("assignment", unit, state)
        return self.keep(key, lambda: self._new_assignment(unit, state))

    def _new_assignment(self, unit: str, state: str) -> str:
        district = [unit, *self.registry().ancestors(unit)][-1]
        task = self._new_task(district, [unit])
        assignment = assignment_id_for(task, unit)
        self._assignment_state(assignment, unit, state)
        return str(assignment)

    def _assignment_state(self, assignment: UUID, unit: str, state: str) -> None:
        staff = self.root_staff(unit)
        with self.in_the_past():
            if state in ("acknowledged", "urged"):
                self.c.tasks.handle(
                    staff, AcknowledgeAssignment(assignment_id=assignment)
                )
            if state == "urged":
                self.clock.now += timedelta(days=60)
                self.c.supervision.urge(
                    self.urger(unit), "assignment", assignment, "请尽快完成"
                )

    def notice_for(self, person_id: str, state: str = "received") -> str:
        """A resident's notice: a task to their group, delegated to them."""
        key = ("notice", person_id, state)
        return self.keep(key, lambda: self._new_notice(person_id, state))

    def _new_notice(self, person_id: str, state: str) -> str:
        group = self.principal_by_id(person_id).home_group
        assert group is not None, "a notice goes to a resident"
        group_assignment = UUID(self._new_assignment(group, "acknowledged"))
        with self.in_the_past():
            self.c.tasks.handle(
                self.root_staff(group),
                DelegateAssignment(
                    assignment_id=group_assignment, to=[resident_holder(person_id)]
                ),
            )
        notice = self._notice_id(group_assignment, person_id)
        if state == "urged":
            with self.in_the_past():
                self.clock.now += timedelta(days=60)
                self.c.supervision.urge(
                    self.urger(group), "assignment", notice, "请确认"
                )
        return str(notice)

    def _notice_id(self, group_assignment: UUID, person_id: str) -> UUID:
        task_id = self.c.ledger.load(Assignment, group_assignment, UnknownTask).task_id
        return assignment_id_for(task_id, resident_holder(person_id))
