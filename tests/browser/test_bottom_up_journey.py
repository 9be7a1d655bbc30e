"""The whole bottom-up journey in a real browser, each actor signed in by phone code in
a browser context of their own: a resident raises; the group leader escalates; the
community and the street pass it on; the street delegates it to another community;
that community resolves it; the resident disputes; it is resolved again; the
resident confirms and rates. Every step asserts what the page shows."""

from __future__ import annotations

from tests.browser.steps import sign_in_by_code


def holder(page) -> str:
    return page.inner_text("#holding-unit")


def press(page, action: str) -> None:
    """Press the action's button and wait for the page the redirect shows."""
    with page.expect_navigation():
        page.click(f"#actions button[value={action}]")


def raise_as_resident(live, new_context):
    resident = new_context().new_page()
    sign_in_by_code(resident, live, "P0038")
    resident.click("nav >> text=提出诉求")
    resident.check("input[value=environment]")
    resident.fill("#title", "小区垃圾清运不及时")
    resident.fill("#description", "东门垃圾站三天未清运")
    resident.fill("#location", "东门垃圾站")
    resident.click("form[action='/requests/new'] button")
    resident.wait_for_selector("h1:has-text('小区垃圾清运不及时')")
    assert holder(resident) == "第一居民小组"
    return resident, resident.url.split("?")[0]


def staff_desk(live, new_context, ref: str, url: str):
    desk = new_context(1280).new_page()
    sign_in_by_code(desk, live, ref)
    desk.goto(url)
    return desk


def escalate(page, reason: str, to: str) -> None:
    page.fill("#escalate-reason", reason)
    press(page, "escalate")
    assert holder(page) == to
    assert page.is_visible(f"text={reason}")
    assert not page.is_visible("#actions button[value=escalate]")


def test_a_request_goes_up_three_levels_comes_down_elsewhere_and_is_settled_BZ_D1_BZ_D2(
    live, new_context
):
    registry = live.container.ledger.registry()
    community, street = registry.unit("CX0101").name, registry.unit("CX01").name
    other_community = registry.unit("CX0102").name
    resident, url = raise_as_resident(live, new_context)

    escalate(staff_desk(live, new_context, "P0037", url), "小组无法协调物业", community)
    escalate(staff_desk(live, new_context, "P0010", url), "需街道环卫所协调", street)

    street_desk = staff_desk(live, new_context, "P0004", url)
    street_desk.select_option("#delegate-to", "CX0102")
    street_desk.fill("#delegate-instructions", "请就近安排清运")
    press(street_desk, "delegate")
    assert holder(street_desk) == other_community
    assert street_desk.is_visible(f"text=转至：{other_community}")

    solver = staff_desk(live, new_context, "P0012", url)
    solver.fill("#resolve-resolution", "已安排清运车")
    press(solver, "resolve")
    assert solver.is_visible("text=已安排清运车")

    resident.goto(url)
    assert {b for b in ("confirm", "dispute", "rate") if shown(resident, b)} == {
        "confirm",
        "dispute",
        "rate",
    }
    resident.fill("#dispute-reason", "只清运了一半")
    press(resident, "dispute")
    assert resident.is_visible("text=只清运了一半")
    assert not shown(resident, "confirm")

    solver.goto(url)
    solver.fill("#resolve-resolution", "已全部清运并加派班次")
    press(solver, "resolve")

    resident.goto(url)
    press(resident, "confirm")
    resident.select_option("#rate-score", "4")
    press(resident, "rate")
    assert resident.is_visible("text=4 / 5") and resident.is_visible("text=已关闭")
    assert resident.locator("#actions").count() == 0  # nothing left to do
    levels = resident.inner_text("ol.levels")
    for unit in ("第一居民小组", community, street, other_community):
        assert unit in levels, (unit, levels)


def shown(page, action: str) -> bool:
    return page.locator(f"#actions button[value={action}]").count() == 1
