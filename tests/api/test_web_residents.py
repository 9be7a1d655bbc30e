"""The resident search on the unit's pages: staff find a resident by name or reference from
their inbox page; a group leader is not offered it, and is refused it (BZ-D3)."""

from __future__ import annotations

from tests.api.web_helpers import sign_in_demo


def test_staff_find_a_resident_from_the_inbox_page_BZ_D3(pages):
    staff = pages()
    sign_in_demo(staff, "P0010")
    inbox = staff.get("/units/CX0101/inbox").text
    assert 'action="/units/CX0101/residents"' in inbox
    page = staff.get("/units/CX0101/residents", params={"q": "傅远"})
    assert page.status_code == 200
    assert (
        "傅远（P0039）" in page.text and 'id="residents-found">找到 1 人' in page.text
    )


def test_a_group_leader_is_not_offered_the_search_BZ_D3(pages):
    leader = pages()
    sign_in_demo(leader, "P0037")
    inbox = leader.get("/units/CX010101/inbox")
    assert inbox.status_code == 200 and "/residents" not in inbox.text
    refused = leader.get("/units/CX010101/residents", params={"q": "傅"})
    assert refused.status_code == 403 and "傅远" not in refused.text
