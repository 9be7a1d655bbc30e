"""The web console over the same services as the API, on both backends."""

from __future__ import annotations

import base64
import os
import uuid

import pytest
from fastapi.testclient import TestClient

from infra.app import create_app
from infra.container import build_container
from tests.api.problem_helpers import API, RAISE, log_unchanged, raise_request
from tests.api.web_helpers import (
    REQUEST_ACTIONS,
    body_for,
    buttons,
    csrf_of,
    phone_of,
    sign_in_by_code,
    sign_in_demo,
)
from tests.conftest import load_demo


def test_a_resident_signs_in_by_code_and_raises_a_request_they_then_see(
    pages, container
):
    resident = pages()
    sign_in_by_code(resident, container, "P0038")
    token = csrf_of(resident.get("/requests/new").text)
    form = {
        "title": "楼道灯坏了",
        "description": "5栋2单元",
        "category": "facilities",
        "location": "5栋",
        "csrf": token,
    }
    raised = resident.post("/requests/new", data=form, follow_redirects=False)
    assert raised.status_code == 303
    page = resident.get(raised.headers["location"])
    assert "楼道灯坏了" in page.text and "第一居民小组" in page.text
    assert "楼道灯坏了" in resident.get("/my/requests").text


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(pages, container):
    resident = pages()
    sign_in_demo(resident, "P0038")
    form = {"title": "楼道灯坏了", "description": "5栋", "category": "facilities"}
    with log_unchanged(container):
        refused = resident.post("/requests/new", data=form)
        forged = resident.post("/requests/new", data={**form, "csrf": "0" * 64})
    assert refused.status_code == forged.status_code == 403
    assert "安全令牌" in refused.text


def test_the_request_page_shows_exactly_the_actions_the_api_would_take(
    pages, container, client, auth
):
    """BZ-D3: every action not shown is refused by the API (403/409) and writes nothing;
    the shown ones are what the state allows at the caller's place."""
    raised = raise_request(client, auth, "P0038")
    expected = {
        "P0038": {"withdraw"},
        "P0037": {"accept", "escalate", "reassign", "resolve"},
        "P0010": {"accept", "escalate", "reassign", "resolve"},
        "P0028": set(),
    }
    for ref, shown_expected in expected.items():
        browser_ = pages()
        sign_in_demo(browser_, ref)
        shown = buttons(
            browser_.get(
                f"/requests/{raised['request_id']}?seen={raised['position']}"
            ).text
        )
        assert shown == shown_expected, ref
        for action in set(REQUEST_ACTIONS) - shown:
            with log_unchanged(container):
                answer = client.post(
                    f"{API}/requests/{raised['request_id']}/{action}",
                    headers=auth(ref),
                    json=body_for(action),
                )
            assert answer.status_code in (403, 409), (ref, action, answer.text)


def test_a_resident_cannot_open_another_residents_request_page(pages, client, auth):
    raised = raise_request(client, auth, "P0038")
    neighbour = pages()
    sign_in_demo(neighbour, "P0039")
    page = neighbour.get(f"/requests/{raised['request_id']}?seen={raised['position']}")
    assert page.status_code == 403 and "超出您的权限" in page.text
    assert RAISE["title"] not in page.text and RAISE["description"] not in page.text


def test_a_refused_command_keeps_what_was_typed_and_writes_nothing(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    leader = pages()
    sign_in_demo(leader, "P0037")
    token = csrf_of(
        leader.get(f"/requests/{raised['request_id']}?seen={raised['position']}").text
    )
    client.post(
        f"{API}/requests/{raised['request_id']}/accept", headers=auth("P0037"), json={}
    )
    form = {"reason": "需要社区协调物业", "expected_version": "1", "csrf": token}
    with log_unchanged(container):
        stale = leader.post(f"/requests/{raised['request_id']}/escalate", data=form)
    assert stale.status_code == 409 and "当前状态下不能执行此操作" in stale.text
    assert "需要社区协调物业</textarea>" in stale.text and "未做任何更改" in stale.text


def test_sign_out_ends_the_session(pages):
    resident = pages()
    sign_in_demo(resident, "P0038")
    token = csrf_of(resident.get("/").text)
    cookie = resident.cookies.get("gov_session")
    assert resident.post("/signout", data={"csrf": token}).status_code == 200
    again = pages()
    again.cookies.set("gov_session", cookie)
    assert again.get("/", follow_redirects=False).headers["location"] == "/signin"


@pytest.mark.parametrize("ending", ["revoke", "erase"])
def test_revoking_tokens_or_erasure_ends_the_persons_sessions(
    pages, client, auth, ending
):
    resident = pages()
    sign_in_demo(resident, "P0038")
    assert resident.get("/", follow_redirects=False).status_code == 200
    if ending == "revoke":
        done = client.post(
            f"{API}/people/P0038/revoke_tokens",
            headers=auth("P0001"),
            json={"reason": "手机丢失"},
        )
    else:
        done = client.post(
            f"{API}/people/P0038/erase",
            headers=auth("P0001"),
            json={"basis": "consent_withdrawn", "reference": "PIPL-2"},
        )
    assert done.status_code == 200, done.text
    assert resident.get("/", follow_redirects=False).headers["location"] == "/signin"


def test_cookies_are_httponly_and_lax(pages):
    resident = pages()
    token = csrf_of(resident.get("/signin").text)
    done = resident.post(
        "/signin/demo", data={"ref": "P0038", "csrf": token}, follow_redirects=False
    )
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


@pytest.fixture
def production(settings):
    keys = {
        "mode": "production",
        "token_secret": uuid.uuid4().hex,
        "master_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "audit_signing_key": base64.b64encode(os.urandom(32)).decode(),
    }
    built = build_container(settings.model_copy(update=keys))
    load_demo(built)
    try:
        yield built
    finally:
        built.close()


def test_the_demo_sign_in_and_the_sms_page_exist_only_in_development(production):
    with TestClient(
        create_app(container=production), base_url="https://testserver"
    ) as web:
        page = web.get("/signin")
        assert page.status_code == 200 and "登录" in page.text
        assert "demo-people" not in page.text and "P0038" not in page.text
        token = csrf_of(page.text)
        demo = web.post("/signin/demo", data={"ref": "P0038", "csrf": token})
        assert demo.status_code in (404, 405) and web.get("/dev/sms").status_code == 404
        fresh = TestClient(
            create_app(container=production), base_url="https://testserver"
        )
        assert "Secure" in fresh.get("/signin").headers["set-cookie"]


def test_a_units_inbox_page_lists_its_open_tasks(pages, client, auth):
    body = {
        "issuer_unit": "CX",
        "title": "垃圾分类入户宣传",
        "instructions": "每户发放指南",
        "working_days": 10,
    }
    issued = client.post(f"{API}/tasks", headers=auth("P0002"), json=body)
    assert issued.status_code == 201, issued.text
    street = pages()
    sign_in_demo(street, "P0004")
    page = street.get(f"/units/CX01/inbox?seen={issued.json()['position']}")
    assert (
        page.status_code == 200
        and "垃圾分类入户宣传" in page.text
        and "已接收" in page.text
    )


def test_staff_set_a_password_on_their_home_page_and_sign_in_with_it(pages, container):
    staff = pages()
    sign_in_demo(staff, "P0010")
    home = staff.get("/")
    assert 'id="password"' in home.text
    done = staff.post(
        "/account/password",
        data={"password": "一个足够长的密码abc", "csrf": csrf_of(home.text)},
    )
    assert done.status_code == 200 and "密码已设置" in done.text
    other = pages()
    token = csrf_of(other.get("/signin").text)
    signed = other.post(
        "/signin/password",
        follow_redirects=False,
        data={
            "phone": phone_of(container, "P0010"),
            "password": "一个足够长的密码abc",
            "csrf": token,
        },
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    resident = pages()
    sign_in_demo(resident, "P0038")
    assert 'id="password"' not in resident.get("/").text


def test_the_supervision_committee_prints_a_requests_dossier_and_a_neighbour_cannot(
    pages, client, auth
):
    raised = raise_request(client, auth, "P0038")
    committee, neighbour = pages(), pages()
    sign_in_demo(committee, "P0028")
    sign_in_demo(neighbour, "P0039")
    path = f"/requests/{raised['request_id']}/dossier"
    client.get(
        f"{API}/requests/{raised['request_id']}?min_position={raised['position']}",
        headers=auth("P0038"),
    )
    dossier = committee.get(path)
    assert dossier.status_code == 200 and RAISE["title"] in dossier.text
    assert "验证" in dossier.text  # the log key to verify it offline
    refused = neighbour.get(path)
    assert refused.status_code == 403 and RAISE["title"] not in refused.text
