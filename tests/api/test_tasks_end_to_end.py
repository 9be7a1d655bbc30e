"""A district-wide task pushed down five levels and reported back up (BZ-D2).

The district issues to all streets; streets delegate to all communities,
communities to all groups; most groups complete, one returns it with a reason,
one is late and is urged by its street. The roll-up at the district is checked
after every step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from domain.levels import Role
from domain.people import person_id_for
from infra.app import create_app
from infra.registry_file import demo_registry_path, load_registry_file
from tests.clock import FakeClock
from tests.conftest import demo_container

DISTRICT_STAFF = "P0002"
LATE_GROUP, RETURNING_GROUP = "CX020101", "CX030101"


def staff_by_unit() -> dict[str, str]:
    """The first person holding a handling role at each unit."""
    found: dict[str, str] = {}
    for person in load_registry_file(demo_registry_path())[1]:
        for role, unit in person.roles:
            if role in (Role.GROUP_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF):
                found.setdefault(unit, person.ref)
    return found


@pytest.fixture
def world(settings) -> Iterator[tuple[TestClient, object, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))  # Monday 09:00 in China
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    with TestClient(create_app(container=container)) as client:
        yield client, container, clock


class Desk:
    def __init__(self, client: TestClient, container):
        self.client, self.container, self.position, self.staff = (
            client,
            container,
            0,
            staff_by_unit(),
        )

    def post(self, ref: str, path: str, body: dict | None = None) -> dict:
        token = self.container.tokens.issue(str(person_id_for(ref)))
        response = self.client.post(
            f"/api/v1{path}",
            json=body or {},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code in (200, 201), response.text
        self.position = max(self.position, response.json().get("position", 0))
        return response.json()

    def get(self, ref: str, path: str) -> dict:
        token = self.container.tokens.issue(str(person_id_for(ref)))
        response = self.client.get(
            f"/api/v1{path}",
            params={"min_position": self.position},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        return response.json()

    def fan_out(self, unit: str, assignment_id: str, **sub_deadline) -> list[str]:
        """The unit's staff acknowledge and delegate to all children; returns the children's assignment ids."""
        self.post(self.staff[unit], f"/assignments/{assignment_id}/acknowledge")
        self.post(
            self.staff[unit], f"/assignments/{assignment_id}/delegate", sub_deadline
        )
        tasks = {}
        for child in self.container.ledger.registry().children(unit):
            inbox = self.get(self.staff[child], f"/units/{child}/inbox")
            tasks[child] = inbox["tasks"][0]["assignment_id"]
        return tasks


def district_rollup(desk: Desk, task_id: str) -> dict:
    return desk.get(DISTRICT_STAFF, f"/tasks/{task_id}/rollup")


def test_task_pushed_down_five_levels_rolls_up_exactly_BZ_D2(world):
    client, container, clock = world
    desk = Desk(client, container)
    issued = desk.post(
        DISTRICT_STAFF,
        "/tasks",
        {
            "issuer_unit": "CX",
            "title": "垃圾分类入户宣传",
            "instructions": "每户发放指南并登记",
            "working_days": 10,
        },
    )
    task_id = issued["task_id"]
    assert (roll := district_rollup(desk, task_id))["share_complete"] == "0/3" and roll[
        "late"
    ] == []
    streets = {
        a["holder"]: a["assignment_id"] for a in district_rollup(desk, task_id)["items"]
    }
    communities = {}
    for street, assignment in streets.items():
        communities.update(desk.fan_out(street, assignment))
    assert district_rollup(desk, task_id)["share_complete"] == "0/9"
    groups = {}
    for community, assignment in communities.items():
        short = {"on": "2026-11-06"} if community == LATE_GROUP[:6] else {}
        groups.update(desk.fan_out(community, assignment, **short))
    roll = district_rollup(desk, task_id)
    assert (roll["leaves"], roll["leaves_done"], roll["by_status"]["delegated"]) == (
        43,
        0,
        12,
    )
    finish_groups(desk, groups)
    roll = district_rollup(desk, task_id)
    assert roll["share_complete"] == f"{43 - 2}/43" and roll["returned"] == [
        RETURNING_GROUP
    ]
    late_group_is_urged(desk, container, clock, task_id, groups[LATE_GROUP])


def finish_groups(desk: Desk, groups: dict[str, str]) -> None:
    for group, assignment in sorted(groups.items()):
        leader = desk.staff[group]
        if group == LATE_GROUP:
            desk.post(leader, f"/assignments/{assignment}/acknowledge")
            continue
        if group == RETURNING_GROUP:
            desk.post(
                leader,
                f"/assignments/{assignment}/return",
                {"reason": "小区正在拆迁，无住户"},
            )
            continue
        desk.post(leader, f"/assignments/{assignment}/acknowledge")
        desk.post(leader, f"/assignments/{assignment}/complete", {"note": "已入户宣传"})


def late_group_is_urged(
    desk: Desk, container, clock: FakeClock, task_id: str, assignment: str
) -> None:
    """The late group's sub-deadline (6 Nov) passes; its street urges it; it answers."""
    clock.now += timedelta(
        days=5
    )  # 7 Nov, past 6 Nov but before the district's deadline
    assert district_rollup(desk, task_id)["late"] == [LATE_GROUP]
    recorded = container.scheduler.run_once()
    assert recorded["recorded"] == 1
    urged = desk.post(
        desk.staff["CX02"], f"/assignments/{assignment}/urge", {"note": "请于今日完成"}
    )
    assert urged["open_urges"] == 1
    inbox = desk.get(desk.staff[LATE_GROUP], f"/units/{LATE_GROUP}/inbox")
    assert [(t["open_urges"], t["overdue"]) for t in inbox["tasks"]] == [(1, True)]
    desk.post(
        desk.staff[LATE_GROUP],
        f"/assignments/{assignment}/answer_urge",
        {"note": "明日完成"},
    )
    desk.post(
        desk.staff[LATE_GROUP],
        f"/assignments/{assignment}/complete",
        {"note": "已补做"},
    )
    roll = district_rollup(desk, task_id)
    assert roll["share_complete"] == "42/43" and roll["late"] == []


def test_residents_receive_notices_and_acknowledge_reading_BZ_D2(world):
    client, container, _ = world
    desk = Desk(client, container)
    issued = desk.post(
        "P0010",
        "/tasks",
        {
            "issuer_unit": "CX0101",
            "targets": ["CX010101"],
            "title": "停水通知",
            "instructions": "周三停水一天",
            "working_days": 3,
            "acknowledge_required": True,
        },
    )
    notices = desk.fan_out("CX010101", issued["assignments"][0])
    assert notices == {}  # below a group are residents, not units
    mine = desk.get("P0038", "/me/notices")
    assert [(n["title"], n["status"], n["level"]) for n in mine] == [
        ("停水通知", "received", "resident")
    ]
    desk.post("P0038", f"/assignments/{mine[0]['assignment_id']}/acknowledge")
    assert desk.get("P0038", "/me/notices")[0]["status"] == "acknowledged"
    roll = desk.get("P0010", f"/tasks/{issued['task_id']}/rollup")
    residents = len(container.ledger.group_roll("CX010101").members)
    assert (
        roll["share_complete"] == f"1/{residents}"
        and roll["by_status"]["delegated"] == 1
    )


def test_a_resident_cannot_delegate_a_notice_BZ_D2(world):
    """A notice has nothing below it: delegating it is refused with what is allowed, not a server error."""
    client, container, _ = world
    desk = Desk(client, container)
    issued = desk.post(
        "P0010",
        "/tasks",
        {
            "issuer_unit": "CX0101",
            "targets": ["CX010101"],
            "title": "通知",
            "instructions": "请阅读",
            "working_days": 3,
            "acknowledge_required": True,
        },
    )
    desk.fan_out("CX010101", issued["assignments"][0])
    notice = desk.get("P0038", "/me/notices")[0]["assignment_id"]
    token = container.tokens.issue(str(person_id_for("P0038")))
    refused = client.post(
        f"/api/v1/assignments/{notice}/delegate",
        json={},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 409 and refused.json()["allowed_actions"] == [
        "acknowledge"
    ]
