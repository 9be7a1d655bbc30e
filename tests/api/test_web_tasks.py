"""工作任务 through the pages (BZ-D2): a district task issued, fanned out to groups,
completed and returned, with the roll-up tree read at the end; and each refusal shown in
Chinese with the form kept and nothing written."""

from __future__ import annotations

import re

from tests.api.problem_helpers import log_unchanged
from tests.api.web_helpers import buttons, csrf_of
from tests.api.web_task_helpers import Desk, issue

NODE = re.compile(
    r'<li class="node d(\d)[^"]*" data-holder="([^"]+)">\s*'
    r"(?:<a [^>]+>|<span>)([^<]+)</(?:a|span)>\s*"
    r'<span class="badge a-(\w+)">([^<]+)</span>\s*(<strong class="late">逾期</strong>)?'
)


def tree(html: str) -> dict[str, tuple[int, str, str, bool]]:
    """The roll-up tree as holder → (depth, name, status label, marked late)."""
    return {
        holder: (int(depth), name.strip(), shown, bool(late))
        for depth, holder, name, _, shown, late in NODE.findall(html)
    }


def test_a_district_task_fanned_out_to_groups_rolls_up_on_its_page_BZ_D2(
    pages, container
):
    person = Desk(pages, container)
    district, street, community = person("P0002"), person("P0004"), person("P0010")
    first, second = person("P0037"), person("P0042")
    task_id = issue(district, "CX", working_days="10", targets="CX01")
    for staff, unit, to in (
        (street, "CX01", ["CX0101"]),
        (community, "CX0101", ["CX010101", "CX010102"]),
    ):
        held = staff.held(unit)
        assert buttons(staff.get(f"/assignments/{held}").text) == {
            "acknowledge",
            "return",
        }
        staff.act(held, "acknowledge")
        assert "已下派" in staff.act(held, "delegate", to=to)
    mine = first.held("CX010101")
    first.act(mine, "acknowledge")
    first.act(mine, "progress", note="已完成一半")
    done = first.act(mine, "complete", note="已入户宣传")
    assert buttons(done) == set() and "已完成" in done
    theirs = second.held("CX010102")
    shown = second.act(theirs, "return", reason="本组正在拆迁，无住户")
    assert "已退回" in shown and buttons(shown) == set()
    roll = district.get(f"/tasks/{task_id}").text
    assert tree(roll) == {
        "CX01": (0, "望川街道", "已下派", False),
        "CX0101": (1, "青桐社区", "已下派", False),
        "CX010101": (2, "第一居民小组", "已完成", False),
        "CX010102": (2, "第二居民小组", "已退回", False),
    }
    assert 'id="share-complete">1/2<' in roll and "第二居民小组" in returned(roll)
    issued = district.get("/units/CX/tasks").text
    assert f'<a href="/tasks/{task_id}">垃圾分类入户宣传</a>' in issued
    assert 'id="issued-tasks"' not in first.get("/units/CX010101/tasks").text


def returned(html: str) -> str:
    found = re.search(r'id="returned-units">([^<]+)<', html)
    return found.group(1) if found else ""


def test_issuing_with_two_deadlines_is_refused_in_chinese_and_keeps_the_form_BZ_D2(
    pages, container
):
    district = Desk(pages, container)("P0002")
    token = csrf_of(district.get("/units/CX/tasks/new").text)
    form = {
        "title": "防汛检查",
        "instructions": "排查地下车库",
        "working_days": "5",
        "deadline": "2026-12-31",
        "targets": "CX02",
        "csrf": token,
    }
    with log_unchanged(container):
        refused = district.browser.post("/units/CX/tasks/new", data=form)
    assert refused.status_code == 422
    assert "截止日期或工作日数（只填一项）" in refused.text
    assert (
        'value="防汛检查"' in refused.text and "排查地下车库</textarea>" in refused.text
    )
    assert 'value="CX02" checked' in refused.text and "未做任何更改" in refused.text


def test_a_group_leader_may_not_issue_a_task_and_is_told_why_BZ_D2(pages, container):
    """The group has no units below it, and group leaders are not issuers (tasks.issue)."""
    person = Desk(pages, container)
    leader, district = person("P0037"), person("P0002")
    assert "下达任务" not in leader.get("/units/CX010101/tasks").text
    page = leader.get("/units/CX010101/tasks/new")
    assert page.status_code == 403 and "超出您的权限" in page.text
    token = csrf_of(leader.get("/").text)
    form = {"title": "x", "instructions": "y", "working_days": "3", "csrf": token}
    with log_unchanged(container):
        refused = leader.browser.post("/units/CX0101/tasks/new", data=form)
    assert refused.status_code == 403 and "超出您的权限" in refused.text
    assert "下达任务" in district.get("/units/CX/tasks").text


def test_a_stale_report_is_refused_keeping_the_note_and_writing_nothing_BZ_D2(
    pages, container
):
    person = Desk(pages, container)
    community, leader = person("P0010"), person("P0037")
    issue(community, "CX0101", working_days="3", targets="CX010101")
    held = leader.held("CX010101")
    page = leader.get(f"/assignments/{held}").text
    leader.act(held, "acknowledge")
    stale = {"note": "已张贴通知", "expected_version": "1", "csrf": csrf_of(page)}
    with log_unchanged(container):
        refused = leader.browser.post(f"/assignments/{held}/complete", data=stale)
    assert refused.status_code == 409 and "当前状态下不能执行此操作" in refused.text
    assert "已张贴通知</textarea>" in refused.text and "未做任何更改" in refused.text


def test_a_return_without_a_reason_and_a_form_without_csrf_write_nothing_BZ_D2(
    pages, container
):
    person = Desk(pages, container)
    community, leader = person("P0010"), person("P0037")
    issue(community, "CX0101", working_days="3", targets="CX010101")
    held = leader.held("CX010101")
    token = csrf_of(leader.get(f"/assignments/{held}").text)
    with log_unchanged(container):
        empty = leader.browser.post(
            f"/assignments/{held}/return", data={"reason": "", "csrf": token}
        )
        forged = leader.browser.post(
            f"/assignments/{held}/acknowledge", data={"csrf": "0" * 64}
        )
        bare = leader.browser.post(f"/assignments/{held}/acknowledge", data={})
    assert empty.status_code == 422 and "请检查：理由" in empty.text
    assert forged.status_code == bare.status_code == 403
    assert "安全令牌" in bare.text


def test_another_groups_leader_can_neither_see_nor_act_on_an_assignment_BZ_D2(
    pages, container
):
    person = Desk(pages, container)
    community, other = person("P0010"), person("P0042")
    issue(community, "CX0101", working_days="3", targets="CX010101")
    assignment = person("P0037").held("CX010101")
    page = other.get(f"/assignments/{assignment}")
    assert page.status_code == 403 and "超出您的权限" in page.text
    token = csrf_of(other.get("/").text)
    with log_unchanged(container):
        refused = other.browser.post(
            f"/assignments/{assignment}/acknowledge", data={"csrf": token}
        )
    assert refused.status_code == 403 and "超出您的权限" in refused.text
