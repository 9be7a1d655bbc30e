"""In a real browser, from sign-in by phone code: a Wenzhou sitting (wenzhou-2021) run from
the sitting console by its recorder at a desk, the host settling it on a phone, filing on the
topic page, and the activity record printed; a third speech is refused on screen in Chinese."""

from __future__ import annotations

import pytest

from infra.demo_deliberation import seed
from tests.browser.steps import overflow, sign_in_by_code


@pytest.fixture(scope="module")
def topics(live) -> dict[str, str]:
    found = seed(live.container)
    live.container.runner.wait_for(live.container.ledger.position(), 5)
    return found


def vote(page, text: str | None, yes: int, no: int, abstain: int) -> None:
    """Open a vote (the rules when `text` is None), enter the paper counts, close it."""
    if text is None:
        page.click("#rules button[value=open_vote]")
    else:
        page.fill("#vote-text", text)
        page.click("#form-open_vote button")
    page.wait_for_selector("#open-vote")
    for field, count in (("yes", yes), ("no", no), ("abstain", abstain)):
        page.fill(f"#count-{field}", str(count))
    page.click("#form-record_counts button")
    page.wait_for_selector(f"text=已录入：赞成 {yes}")
    page.click("#votes button[value=close_vote]")
    page.wait_for_selector("#tally")


def hand_up(page, name: str, position: str) -> None:
    page.select_option("#floor-participant", label=name)
    page.check(f"#form-request_floor input[value={position}]")
    page.click("#form-request_floor button")
    page.wait_for_selector(f"#queue li:has-text('{name}')")


def speak(page, name: str, minutes: int, summary: str) -> None:
    assert (
        page.inner_text("#next-speaker") == name
    )  # the queue's order, not the clerk's
    page.fill("#speak-minutes", str(minutes))
    page.fill("#speak-seconds", "20")
    page.fill("#speak-summary", summary)
    page.click("#form-speak button")
    page.wait_for_selector(f"#speakers td:has-text('{name}')")


def open_the_sitting(recorder, live) -> None:
    sign_in_by_code(recorder, live, "P0010")
    recorder.click("nav >> text=青桐社区协商")
    recorder.click("#stage-announced >> text=小区停车位重新划线")
    recorder.wait_for_selector("#topic-status:has-text('已公告')")
    recorder.click("#form-open_sitting button")
    recorder.wait_for_selector("h1:has-text('第1次协商会议')")


def test_a_wenzhou_sitting_runs_from_the_console_to_its_printed_record_WZ_5_6(
    live, new_context, topics
):
    recorder = new_context(1280).new_page()
    open_the_sitting(recorder, live)
    for box in recorder.locator("#sign_in input[type=checkbox]").all():
        box.check()  # everyone present, ticked at once
    recorder.click("#sign_in button[value=sign_in]")
    recorder.wait_for_selector("#present-count:has-text('10 / 10 人')")
    console = recorder.url.split("?")[0]
    vote(recorder, None, 8, 1, 0)
    assert recorder.inner_text("#rules-state") == "已通过"
    recorder.fill("#explain-summary", "东侧空地增划车位，夜间禁止占用消防通道")
    recorder.click("#explain button")
    recorder.wait_for_selector("#form-request_floor")

    hand_up(recorder, "傅远（P0039）", "for")
    hand_up(recorder, "雷珍（P0040）", "against")
    speak(recorder, "傅远（P0039）", 2, "支持增划车位")
    speak(recorder, "雷珍（P0040）", 3, "担心绿地减少")
    hand_up(recorder, "傅远（P0039）", "for")
    speak(recorder, "傅远（P0039）", 1, "绿地可在西侧补种")
    assert "2 / 2" in recorder.inner_text("#speakers")
    before = live.container.ledger.position()
    hand_up_refused = recorder.locator("#form-request_floor")
    recorder.select_option("#floor-participant", label="傅远（P0039）")
    hand_up_refused.locator("button").click()
    alert = recorder.wait_for_selector("[role=alert]")
    assert "每人发言次数已达议事规则规定的上限" in alert.inner_text()
    assert "WZ-5.5-b" in alert.inner_text() and "未做任何更改" in alert.inner_text()
    assert live.container.ledger.position() == before
    assert recorder.locator("#floor-participant option:checked").inner_text() == (
        "傅远（P0039）"
    )  # the form keeps the choice

    recorder.goto(console)
    vote(recorder, "东侧增划20个车位", 7, 1, 1)
    assert "东侧增划20个车位" in recorder.inner_text("#tally")

    host = new_context(375).new_page()
    sign_in_by_code(host, live, "P0038")
    host.click("nav >> text=我的协商")
    host.click("text=查看协商会议")
    host.fill("#settle-plan", "物业本月底前完成划线，社区监督")
    host.click("#form-settle button")
    host.wait_for_selector("#outcome:has-text('达成一致意见')")
    assert overflow(host) == 0

    recorder.click("text=返回议题")
    recorder.fill("#file-note", "当日报居务监督委员会备案")
    recorder.click("#form-file button")
    recorder.wait_for_selector(".progress .current:has-text('备案')")
    assert "file" not in recorder.inner_text("#actions")

    recorder.click("text=五项追溯记录")
    recorder.locator("text=查看并打印").nth(3).click()
    recorder.wait_for_selector("h1:has-text('城乡社区协商活动记录表')")
    body = recorder.inner_text("main")
    assert (
        "傅远（P0039）" in body
        and "绿地可在西侧补种" in body
        and "东侧增划20个车位" in body
    )
    recorder.emulate_media(media="print")
    assert recorder.is_hidden("header nav") and recorder.is_hidden(".no-print")
    assert recorder.pdf(format="A4")[:4] == b"%PDF"
