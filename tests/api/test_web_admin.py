"""The administrator's pages: people and roles, revoking sessions, erasure confirmed
twice (PIPL-47, BZ-L1)."""

from __future__ import annotations

from domain.people import person_id_for
from tests.api.problem_helpers import log_unchanged
from tests.api.web_helpers import buttons, csrf_of, sign_in_demo

ERASURE = {"basis": "consent_withdrawn", "reference": "CASE-2026-017"}


def signed_in(pages, ref: str):
    browser = pages()
    sign_in_demo(browser, ref)
    return browser


def test_the_people_of_a_unit_with_their_roles_BZ_L1(pages):
    admin = signed_in(pages, "P0001")
    page = admin.get("/admin/units/CX0101")
    assert page.status_code == 200
    assert "P0037" in page.text and "小组长（楼宇长）" in page.text
    assert "傅远" in page.text  # P0039, a resident of a group of CX0101
    assert "P0029" not in page.text  # a resident of another community
    assert "/admin/units/CX" in admin.get("/").text


def test_who_is_not_an_administrator_is_refused_and_sees_no_button_BZ_L1(
    pages, container
):
    committee = signed_in(pages, "P0028")
    assert "/admin/" not in committee.get("/").text
    refused = committee.get("/admin/people/P0039")
    assert refused.status_code == 403 and "超出您的权限或管辖范围" in refused.text
    assert buttons(refused.text) == set()
    token = csrf_of(committee.get("/").text)
    with log_unchanged(container):
        posted = committee.post(
            "/admin/people/P0039/erase",
            data={**ERASURE, "confirmed": "yes", "csrf": token},
        )
    assert posted.status_code == 403
    assert not container.ledger.person(person_id_for("P0039")).erased


def test_erasure_needs_both_confirmations_and_writes_nothing_before_the_second_PIPL_47(
    pages, container
):
    admin = signed_in(pages, "P0001")
    person = admin.get("/admin/people/P0039")
    assert buttons(person.text) == {"revoke_tokens", "erase"}
    token = csrf_of(person.text)
    with log_unchanged(container):
        confirm = admin.post(
            "/admin/people/P0039/erase/confirm", data={**ERASURE, "csrf": token}
        )
        unconfirmed = admin.post(
            "/admin/people/P0039/erase", data={**ERASURE, "csrf": token}
        )
    assert confirm.status_code == 200
    assert "傅远（P0039）" in confirm.text and "CASE-2026-017" in confirm.text
    assert "个人撤回同意" in confirm.text
    assert unconfirmed.status_code == 422 and "确认页" in unconfirmed.text
    assert 'value="CASE-2026-017"' in unconfirmed.text  # the form keeps what was typed
    assert not container.ledger.person(person_id_for("P0039")).erased
    done = admin.post(
        "/admin/people/P0039/erase",
        data={**ERASURE, "confirmed": "yes", "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert container.ledger.person(person_id_for("P0039")).erased
    after = admin.get(done.headers["location"])
    assert "已删除该人员的个人信息" in after.text and buttons(after.text) == set()


def test_a_reference_with_personal_data_is_refused_with_the_form_kept_PIPL_47(
    pages, container
):
    admin = signed_in(pages, "P0001")
    token = csrf_of(admin.get("/admin/people/P0039").text)
    with log_unchanged(container):
        refused = admin.post(
            "/admin/people/P0039/erase/confirm",
            data={
                "basis": "consent_withdrawn",
                "reference": "傅远 申请",
                "csrf": token,
            },
        )
    assert refused.status_code == 422 and "案件或申请编号" in refused.text


def test_revoking_a_persons_sessions_ends_the_session_they_are_signed_in_with(
    pages, container
):
    resident = signed_in(pages, "P0038")
    assert resident.get("/", follow_redirects=False).status_code == 200
    admin = signed_in(pages, "P0001")
    token = csrf_of(admin.get("/admin/people/P0038").text)
    done = admin.post(
        "/admin/people/P0038/revoke",
        data={"reason": "手机遗失", "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "已撤销" in admin.get(done.headers["location"]).text
    ended = resident.get("/", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"] == "/signin"


def test_revoking_without_a_reason_is_refused_and_writes_nothing(pages, container):
    admin = signed_in(pages, "P0001")
    token = csrf_of(admin.get("/admin/people/P0038").text)
    with log_unchanged(container):
        refused = admin.post(
            "/admin/people/P0038/revoke", data={"reason": "", "csrf": token}
        )
    assert refused.status_code == 422 and "撤销理由" in refused.text


def test_erasing_a_person_ends_their_session_PIPL_47(pages, container):
    resident = signed_in(pages, "P0039")
    admin = signed_in(pages, "P0001")
    token = csrf_of(admin.get("/admin/people/P0039").text)
    admin.post(
        "/admin/people/P0039/erase",
        data={**ERASURE, "confirmed": "yes", "csrf": token},
        follow_redirects=False,
    )
    ended = resident.get("/", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"] == "/signin"
    assert "傅远" not in admin.get("/admin/units/CX0101").text
