"""The supervision committee's pages (WZ-5.6-e, ACCESS-LOG, WZ-6) over the API's services."""

from __future__ import annotations

import json
from datetime import datetime

from api.web.render import BEIJING
from application.audit.verify import verify_bundle
from domain.people import person_id_for
from tests.api.problem_helpers import API, RAISE, act, log_unchanged, raise_request
from tests.api.web_helpers import sign_in_demo
from tests.integration.audit_helpers import sealed_and_signed


def signed_in(pages, ref: str):
    browser = pages()
    sign_in_demo(browser, ref)
    return browser


def settled(container, answer: dict) -> None:
    container.runner.wait_for(answer["position"], 5)


def test_access_log_page_names_who_read_whose_data_ACCESS_LOG(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    settled(container, raised)
    leader = signed_in(pages, "P0037")
    assert leader.get(f"/requests/{raised['request_id']}").status_code == 200
    home = signed_in(pages, "P0028").get("/supervision/CX0101")
    assert home.status_code == 200 and "访问记录" in home.text
    assert "（P0037）" in home.text and "查看诉求" in home.text
    assert "P0038" in home.text  # whose data was read, by reference
    assert str(person_id_for("P0037")) not in home.text


def test_a_non_member_is_refused_in_chinese_and_sees_no_supervision_link_ACCESS_LOG(
    pages,
):
    resident = signed_in(pages, "P0038")
    refused = resident.get("/supervision/CX0101")
    assert refused.status_code == 403
    assert "超出您的权限或管辖范围" in refused.text and "ACCESS-LOG" in refused.text
    assert "/supervision/" not in resident.get("/").text
    assert "/supervision/CX0101" in signed_in(pages, "P0028").get("/").text


def test_the_dossier_page_shows_names_and_roles_not_ids_WZ_5_6_e(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    escalated = act(
        client, auth, "P0037", raised["request_id"], "escalate", reason="需社区协调"
    )
    settled(container, escalated.json())
    page = signed_in(pages, "P0028").get(f"/requests/{raised['request_id']}/dossier")
    assert page.status_code == 200 and RAISE["title"] in page.text
    assert "（P0038）" in page.text and "（P0037）" in page.text
    assert "小组长（楼宇长）" in page.text and "上报" in page.text
    for ref in ("P0037", "P0038"):
        assert str(person_id_for(ref)) not in page.text
    assert "gov audit verify --key" in page.text


def test_the_inbox_as_of_a_past_moment_shows_the_earlier_state_WZ_6(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038", title="回看之前的诉求")
    settled(container, raised)
    before = datetime.now(BEIJING).replace(tzinfo=None).isoformat()
    escalated = act(
        client, auth, "P0037", raised["request_id"], "escalate", reason="需社区协调"
    )
    settled(container, escalated.json())
    committee = signed_in(pages, "P0028")
    assert "回看之前的诉求" in committee.get("/units/CX0101/inbox").text
    then = committee.get("/units/CX0101/inbox/as-of", params={"at": before})
    assert then.status_code == 200 and 'id="as-of-banner"' in then.text
    assert "回看之前的诉求" not in then.text
    now = datetime.now(BEIJING).replace(tzinfo=None).isoformat()
    later = committee.get("/units/CX0101/inbox/as-of", params={"at": now})
    assert "回看之前的诉求" in later.text


def test_a_moment_that_is_not_a_time_is_refused_with_the_form_kept(pages, container):
    committee = signed_in(pages, "P0028")
    with log_unchanged(container):
        refused = committee.get("/units/CX0101/inbox/as-of", params={"at": "昨天"})
    assert refused.status_code == 422 and "无法识别的时间" in refused.text
    assert 'value="昨天"' in refused.text


def test_a_bundle_downloads_as_a_file_that_verifies_offline_WZ_6(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    settled(container, raised)
    sealed_and_signed(container)
    committee = signed_in(pages, "P0028")
    answer = committee.get(f"/bundles/requests/{raised['request_id']}")
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert f'filename="bundle-request-{raised["request_id"]}.json"' in disposition
    report = verify_bundle(json.loads(answer.text))
    assert report.ok, report.text()
    witnesses = committee.get("/witnesses")
    assert witnesses.status_code == 200 and "最新的已签名检查点" in witnesses.text


def test_a_window_bundle_is_only_offered_to_who_reaches_every_district_WZ_6(
    pages, container
):
    committee = signed_in(pages, "P0028")
    assert (
        'action="/bundles/window"'
        not in committee.get("/supervision/CX0101/bundles").text
    )
    with log_unchanged(container):
        refused = committee.get(
            "/bundles/window",
            params={"since": "2020-01-01T00:00", "until": "2030-01-01T00:00"},
        )
    assert refused.status_code == 403 and "超出您的权限" in refused.text
    admin = signed_in(pages, "P0001")
    assert 'action="/bundles/window"' in admin.get("/supervision/CX/bundles").text


def test_the_api_and_the_page_bundle_hold_the_same_events(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    settled(container, raised)
    sealed_and_signed(container)
    api = client.get(
        f"{API}/audit/bundles",
        params={"request_id": raised["request_id"]},
        headers=auth("P0028"),
    ).json()
    page = signed_in(pages, "P0028").get(f"/bundles/requests/{raised['request_id']}")
    assert json.loads(page.text)["entries"] == api["entries"]


def test_a_units_bundle_downloads_and_verifies_with_the_command_shown_WZ_6(
    pages, container, client, auth
):
    raised = raise_request(client, auth, "P0038")
    settled(container, raised)
    sealed_and_signed(container)
    committee = signed_in(pages, "P0028")
    page = committee.get("/supervision/CX0101/bundles")
    assert "gov audit verify --key" in page.text
    assert "bundle-unit-CX0101.json" in page.text
    answer = committee.get("/bundles/units/CX0101")
    assert 'filename="bundle-unit-CX0101.json"' in answer.headers["content-disposition"]
    bundle = json.loads(answer.text)
    assert raised["request_id"] in {
        e["event"]["aggregate_id"] for e in bundle["entries"]
    }
    assert verify_bundle(bundle).ok
