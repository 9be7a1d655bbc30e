"""The unit inbox page: counts by status, filters by status, category and overdue, and
paging that keeps the filters; an overdue page reads on past requests on time (BZ-D1).
And, on the same moved clock, a late unit marked on a task's roll-up tree (BZ-D2)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from api.web import pages_inbox
from application.principals import Principal
from application.requests.commands import AcceptRequest
from application.tasks.commands import AcknowledgeAssignment, CompleteAssignment
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.app import create_app
from tests.api.web_helpers import sign_in_demo
from tests.clock import FakeClock
from tests.conftest import demo_container

SHOWN = re.compile(r'<h2><a href="/requests/[^"]+">([^<]+)</a></h2>')
COUNT = re.compile(r"<li><span>([^<]+)</span><strong>(\d+)</strong></li>")
NEXT = re.compile(r'href="(/units/CX010101/inbox\?[^"]+)">下一页')


@pytest.fixture
def world(settings) -> Iterator[tuple[TestClient, object, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))  # Monday 09:00 in China
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    with TestClient(create_app(container=container)) as client:
        yield client, container, clock
    container.close()


def who(container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def raise_one(container, title: str, category: Category) -> dict:
    return container.requests.raise_request(
        who(container, "P0038"),
        title=title,
        description="见现场",
        category=category,
        location="3号楼",
    )


def test_the_inbox_counts_filters_and_pages_overdue_requests_across_pages_BZ_D1(
    world, monkeypatch
):
    client, container, clock = world
    monkeypatch.setattr(pages_inbox, "PAGE_SIZE", 1)
    accepted = raise_one(container, "路灯不亮", Category.FACILITIES)["request_id"]
    raise_one(container, "垃圾满溢", Category.ENVIRONMENT)
    container.requests.handle(
        who(container, "P0037"), AcceptRequest(request_id=accepted)
    )
    clock.advance(days=2, hours=12)  # Wednesday night: past accepting, not resolving
    last = raise_one(container, "楼道堆物", Category.ENVIRONMENT)
    container.runner.wait_for(last["position"], 5)
    sign_in_demo(client, "P0037")
    page = client.get("/units/CX010101/inbox").text
    counts = dict(COUNT.findall(page))
    assert (counts["待受理"], counts["办理中"], counts["已办结"]) == ("2", "1", "0")
    assert SHOWN.findall(page) == ["路灯不亮"] and NEXT.search(page)
    overdue = client.get("/units/CX010101/inbox?overdue=1").text
    assert SHOWN.findall(overdue) == ["垃圾满溢"] and "已逾期" in overdue
    more = NEXT.search(overdue).group(1).replace("&amp;", "&")
    assert "overdue=1" in more
    assert SHOWN.findall(client.get(more).text) == []
    environment = client.get("/units/CX010101/inbox?category=environment").text
    assert SHOWN.findall(environment) == ["垃圾满溢"]
    later = NEXT.search(environment).group(1).replace("&amp;", "&")
    assert "category=environment" in later
    assert SHOWN.findall(client.get(later).text) == ["楼道堆物"]
    accepted_only = client.get("/units/CX010101/inbox?status=accepted").text
    assert SHOWN.findall(accepted_only) == ["路灯不亮"]
    refused = client.get("/units/CX010101/inbox?status=nonsense")
    assert refused.status_code == 422 and "无效的筛选条件" in refused.text


def test_a_late_unit_is_marked_on_the_rollup_tree_and_in_its_summary_BZ_D2(world):
    client, container, clock = world
    issued = container.tasks.issue(
        who(container, "P0010"),
        "CX0101",
        ["CX010101", "CX010102"],
        "消防通道清理",
        "清理楼道堆物",
        None,
        1,
        False,
    )
    leader = who(container, "P0037")
    container.tasks.handle(
        leader, AcknowledgeAssignment(assignment_id=issued["assignments"][0])
    )
    done = container.tasks.handle(
        leader,
        CompleteAssignment(assignment_id=issued["assignments"][0], note="已清理"),
    )
    container.runner.wait_for(done["position"], 5)
    clock.advance(days=5)  # past the one working day; the second group did nothing
    sign_in_demo(client, "P0010")
    page = client.get(f"/tasks/{issued['task_id']}").text
    nodes = page.split('<li class="node')[1:]
    late = [re.search(r'data-holder="(\w+)"', n).group(1) for n in nodes if "逾期" in n]
    assert len(nodes) == 2 and late == ["CX010102"]
    assert re.search(r'id="late-units">第二居民小组<', page)
