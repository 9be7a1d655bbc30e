"""In a real browser, from sign-in by phone code: a resident raises, the group
leader escalates (in another browser context), the resident sees where it is now;
and refusals on screen."""

from __future__ import annotations

from tests.browser.steps import ask_for_code, phone_of, sign_in_by_code, sign_in_demo


def test_a_resident_raises_the_leader_escalates_and_the_resident_sees_it_BZ_D1(
    live, new_context
):
    resident = new_context().new_page()
    sign_in_by_code(resident, live, "P0038")
    resident.click("nav >> text=提出诉求")
    resident.check("input[value=facilities]")
    resident.fill("#title", "楼道灯坏了")
    resident.fill("#description", "5栋2单元楼道灯一周不亮")
    resident.fill("#location", "5栋2单元")
    resident.click("form[action='/requests/new'] button")
    resident.wait_for_selector("h1:has-text('楼道灯坏了')")
    assert resident.inner_text("#holding-unit") == "第一居民小组"
    assert resident.is_visible("text=待受理") and resident.is_visible("text=公共设施")
    request_url = resident.url.split("?")[0]

    leader = new_context(1280).new_page()
    sign_in_by_code(leader, live, "P0037")
    leader.click("nav >> text=第一居民小组待办")
    leader.click("text=楼道灯坏了")
    leader.fill("#escalate-reason", "小组无法协调物业")
    leader.click("#actions button[value=escalate]")
    leader.wait_for_selector("#holding-unit:has-text('青桐社区')")
    assert not leader.is_visible("#actions button[value=escalate]")  # no longer theirs
    assert leader.is_visible("text=小组无法协调物业")

    resident.goto("/my/requests")
    assert resident.is_visible("text=现在在：青桐社区")
    stays = resident.inner_text("ol.levels")
    assert "第一居民小组" in stays and "青桐社区" in stays and "（当前）" in stays
    resident.goto(request_url)
    assert resident.inner_text("#holding-unit") == "青桐社区"
    assert resident.is_visible("text=上报")


def test_five_wrong_codes_lock_the_phone_out(live, new_context):
    page = new_context().new_page()
    phone = phone_of(live, "P0039")
    ask_for_code(page, phone)
    right = live.container.signin.sender.last_code(phone)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for attempt in range(5):
        page.fill("#code", wrong)
        page.click("form[action='/signin/verify'] button")
        expected = "验证码错误次数过多" if attempt == 4 else "验证码不正确或已过期"
        page.wait_for_selector(f"[role=alert]:has-text('{expected}')")
    page.fill("#code", right)
    page.click("form[action='/signin/verify'] button")
    page.wait_for_selector("[role=alert]:has-text('已锁定')")
    assert "您好" not in page.content()


def test_a_form_posted_without_its_csrf_token_is_refused_and_writes_nothing(
    live, new_context
):
    page = new_context().new_page()
    sign_in_demo(page, "P0038")
    page.goto("/requests/new")
    page.check("input[value=safety]")
    page.fill("#title", "没有令牌的表单")
    page.fill("#description", "不应写入")
    page.locator("form[action='/requests/new'] input[name=csrf]").evaluate(
        "e => e.remove()"
    )
    before = live.container.ledger.position()
    page.click("form[action='/requests/new'] button")
    page.wait_for_selector("text=缺少或错误的安全令牌")
    assert live.container.ledger.position() == before
    page.goto("/my/requests")
    assert not page.is_visible("text=没有令牌的表单")
