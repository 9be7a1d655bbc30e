"""In a real browser, each actor in their own context from sign-in by phone code: the
district issues a task, the street and the community fan it out to two groups, both
groups complete it, and the district reads the roll-up tree (BZ-D2)."""

from __future__ import annotations

from tests.browser.steps import sign_in_by_code


def open_held_task(page, unit_button: str) -> None:
    """From the home page: the unit's tasks, then the one task it holds."""
    page.click(f".card:has-text('{unit_button}') >> text=工作任务")
    page.click("#held-tasks >> text=办理")
    page.wait_for_selector("#assignment-status")


def sign_for_and_fan_out(page, children: list[str]) -> None:
    page.click("#actions button[value=acknowledge]")
    page.wait_for_selector("#assignment-status:has-text('已签收')")
    for child in children:
        page.check(f"form[action$='/delegate'] label:has-text('{child}') input")
    page.click("#actions button[value=delegate]")
    page.wait_for_selector("#assignment-status:has-text('已下派')")
    tree = page.inner_text("#rollup-tree")
    assert all(child in tree for child in children) and "已接收" in tree


def complete(page, note: str) -> None:
    page.click("#actions button[value=acknowledge]")
    page.wait_for_selector("#assignment-status:has-text('已签收')")
    page.fill("#progress-note", "已通知一半住户")
    page.click("#actions button[value=progress]")
    page.wait_for_selector("#assignment-status:has-text('已签收')")
    page.fill("#complete-note", note)
    page.click("#actions button[value=complete]")
    page.wait_for_selector("#assignment-status:has-text('已完成')")
    assert page.locator("#actions").count() == 0  # nothing left to do


def issue_to_the_street(district) -> str:
    """The district's form: title, instructions, ten working days, one street; the
    roll-up page's address."""
    district.click(".card:has-text('澄溪区') >> text=工作任务")
    district.click("text=下达任务")
    district.fill("#task-title", "垃圾分类入户宣传")
    district.fill("#task-instructions", "每户发放指南并登记")
    district.fill("#task-days", "10")
    district.check("label:has-text('望川街道') input")
    district.click("#issue-task button[type=submit]")
    district.wait_for_selector("h1:has-text('垃圾分类入户宣传')")
    assert district.inner_text("#share-complete") == "0/1"
    return district.url.split("?")[0]


def tree_rows(page) -> list[str]:
    """Each roll-up row as shown, up to its deadline: name and status."""
    texts = page.locator("#rollup-tree li").all_inner_texts()
    return [" ".join(text.split()).split(" 期限")[0] for text in texts]


def test_a_district_task_fanned_out_to_groups_is_completed_and_rolled_up_BZ_D2(
    live, new_context
):
    district = new_context(1280).new_page()
    sign_in_by_code(district, live, "P0002")
    rollup_url = issue_to_the_street(district)

    street = new_context().new_page()
    sign_in_by_code(street, live, "P0004")
    open_held_task(street, "望川街道")
    sign_for_and_fan_out(street, ["青桐社区"])

    community = new_context().new_page()
    sign_in_by_code(community, live, "P0010")
    open_held_task(community, "青桐社区")
    sign_for_and_fan_out(community, ["第一居民小组", "第二居民小组"])

    for ref, group in (("P0037", "第一居民小组"), ("P0042", "第二居民小组")):
        leader = new_context().new_page()
        sign_in_by_code(leader, live, ref)
        leader.click(f"nav >> text={group}待办")
        leader.click("#tasks >> text=垃圾分类入户宣传")
        complete(leader, f"{group}已入户宣传")

    district.click("nav >> text=首页")
    district.click(".card:has-text('澄溪区') >> text=工作任务")
    district.click("#issued-tasks >> text=垃圾分类入户宣传")
    assert district.url.split("?")[0] == rollup_url
    assert district.inner_text("#share-complete") == "2/2"
    assert tree_rows(district) == [
        "望川街道 已下派",
        "青桐社区 已下派",
        "第一居民小组 已完成",
        "第二居民小组 已完成",
    ]
    assert district.locator("#rollup-tree .late").count() == 0
