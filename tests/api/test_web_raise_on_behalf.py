"""WZ-5.1-b on the pages: staff raise a request for a resident they serve, found by the
resident's phone, with the channel it came in by; a phone outside their jurisdiction
or unknown gets the same answer (a number reveals nobody) and writes nothing."""

from __future__ import annotations

from tests.api.problem_helpers import log_unchanged
from tests.api.web_helpers import csrf_of, phone_of, sign_in_demo

FORM = {
    "title": "门口路灯坏了",
    "description": "老人走访时反映",
    "category": "facilities",
}
NOBODY = "未找到您辖区内使用该手机号的居民"


def raise_for(browser, phone: str, channel: str = "visit"):
    token = csrf_of(browser.get("/requests/new").text)
    return browser.post(
        "/requests/new",
        data={**FORM, "resident_phone": phone, "channel": channel, "csrf": token},
        follow_redirects=False,
    )


def test_a_group_leader_raises_for_a_resident_by_phone_with_the_channel_WZ_5_1_b(
    pages, container
):
    leader, resident = pages(), pages()
    sign_in_demo(leader, "P0037")
    assert 'id="on-behalf"' in leader.get("/requests/new").text
    done = raise_for(leader, phone_of(container, "P0038"), "hotline")
    assert done.status_code == 303, done.text
    shown = leader.get(done.headers["location"]).text
    assert "门口路灯坏了" in shown and "热线" in shown
    sign_in_demo(resident, "P0038")
    assert "门口路灯坏了" in resident.get("/my/requests").text  # it is the resident's


def test_a_phone_outside_the_jurisdiction_or_unknown_is_refused_alike_WZ_5_1_b(
    pages, container
):
    leader = pages()
    sign_in_demo(leader, "P0037")
    for phone in (phone_of(container, "P0043"), "13900000000"):  # another group; nobody
        with log_unchanged(container):
            answer = raise_for(leader, phone)
        assert answer.status_code == 404, answer.text
        assert NOBODY in answer.text and "门口路灯坏了" in answer.text  # form kept


def test_a_resident_sees_no_on_behalf_fields_and_cannot_use_them_WZ_5_1_b(
    pages, container
):
    resident = pages()
    sign_in_demo(resident, "P0038")
    assert 'id="on-behalf"' not in resident.get("/requests/new").text
    with log_unchanged(container):
        answer = raise_for(resident, phone_of(container, "P0039"))
    assert answer.status_code == 404 and NOBODY in answer.text
