"""The mediation page of a topic rejected as a two-party dispute (JH-4.2, BZ-N1), on both
backends: staff open the case, record a session and an agreement or a failure from the page;
a refused step is shown in Chinese and writes nothing; whoever the API refuses sees no form."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.deliberation.mediation import MediationService
from tests.api.deliberation_helpers import API, STAFF, pid
from tests.api.problem_helpers import log_unchanged
from tests.api.test_mediation import GROUP, PARTIES, rejected_dispute
from tests.api.web_helpers import buttons, csrf_of, sign_in_demo


@pytest.fixture
def topic_id(client, auth) -> str:
    return str(rejected_dispute(client, auth).topic_id)


def post(browser, topic: str, step: str, **fields):
    page = browser.get(f"/topics/{topic}/mediation")
    if page.status_code != 200:  # a person who may not read: the home page's token
        page = browser.get("/")
    return browser.post(
        f"/topics/{topic}/mediation/{step}",
        data={"csrf": csrf_of(page.text), **fields},
        follow_redirects=False,
    )


def staff_browser(pages):
    browser = pages()
    sign_in_demo(browser, STAFF)
    return browser


def case(container, topic: str):
    return MediationService(container.ledger).case(UUID(topic))


def test_staff_open_a_case_and_reach_agreement_from_the_page_BZ_N1(
    pages, container, topic_id
):
    staff = staff_browser(pages)
    topic_page = staff.get(f"/topics/{topic_id}").text
    assert f'href="/topics/{topic_id}/mediation"' in topic_page  # linked (JH-4.2)
    assert buttons(staff.get(f"/topics/{topic_id}/mediation").text) == {
        "open_mediation"
    }
    opened = post(staff, topic_id, "open", group=GROUP, parties="P0039, P0040")
    assert opened.status_code == 303, opened.text
    page = staff.get(f"/topics/{topic_id}/mediation").text
    assert 'id="case-status">调解中' in page and buttons(page) == {"mediation_session"}
    held = post(
        staff,
        topic_id,
        "session",
        present=[pid(p) for p in PARTIES],
        summary="双方陈述",
    )
    assert held.status_code == 303, held.text
    page = staff.get(f"/topics/{topic_id}/mediation").text
    assert "第1次调解" in page and "双方陈述" in page
    assert buttons(page) == {
        "mediation_session",
        "mediation_agreement",
        "mediation_failure",
    }
    agreed = post(
        staff,
        topic_id,
        "agreement",
        terms="楼上负责维修防水",
        signed_by=[pid(p) for p in PARTIES],
    )
    assert agreed.status_code == 303, agreed.text
    page = staff.get(f"/topics/{topic_id}/mediation").text
    assert "达成调解协议" in page and "楼上负责维修防水" in page and not buttons(page)
    assert (case(container, topic_id).status, case(container, topic_id).sessions) == (
        "agreed",
        1,
    )


def test_a_failed_mediation_is_referred_from_the_page_BZ_N1(pages, container, topic_id):
    staff = staff_browser(pages)
    post(staff, topic_id, "open", group=GROUP, parties="P0039\nP0040")
    post(staff, topic_id, "session", present=pid("P0039"), summary="一方未到场")
    failed = post(staff, topic_id, "failure", reason="双方意见分歧较大")
    assert failed.status_code == 303, failed.text
    assert case(container, topic_id).status == "referred"
    page = staff.get(f"/topics/{topic_id}/mediation").text
    assert "移交社区人民调解委员会" in page and "双方意见分歧较大" in page


def test_an_agreement_not_signed_by_every_party_is_refused_and_kept_BZ_N1(
    pages, container, topic_id
):
    staff = staff_browser(pages)
    post(staff, topic_id, "open", group=GROUP, parties="P0039, P0040")
    post(staff, topic_id, "session", present=pid("P0039"), summary="一方未到场")
    with log_unchanged(container):
        refused = post(
            staff,
            topic_id,
            "agreement",
            terms="各自维修",
            signed_by=[pid("P0039"), pid("P0041")],  # P0041 is not a party
        )
    assert refused.status_code == 422, refused.text
    assert "BZ-N1" in refused.text and "未做任何更改" in refused.text
    assert "各自维修</textarea>" in refused.text
    assert case(container, topic_id).status == "open"


def test_an_agreement_before_any_session_is_refused_BZ_N1(pages, container, topic_id):
    staff = staff_browser(pages)
    post(staff, topic_id, "open", group=GROUP, parties="P0039, P0040")
    with log_unchanged(container):
        refused = post(
            staff,
            topic_id,
            "agreement",
            terms="各自维修",
            signed_by=[pid(p) for p in PARTIES],
        )
    assert refused.status_code == 409 and "未做任何更改" in refused.text


def test_whoever_the_api_refuses_sees_no_mediation_form_BZ_N1(
    pages, container, topic_id, client, auth
):
    """A party (a resident) and the supervision committee may read, not act: no form, and
    both the page's post and the API's refuse them without writing."""
    for ref in ("P0039", "P0028"):
        reader = pages()
        sign_in_demo(reader, ref)
        page = reader.get(f"/topics/{topic_id}/mediation")
        if page.status_code == 200:
            assert not buttons(page.text), ref
        else:
            assert page.status_code == 403, ref
        with log_unchanged(container):
            answer = client.post(
                f"{API}/topics/{topic_id}/mediation",
                headers=auth(ref),
                json={"group": GROUP, "parties": PARTIES},
            )
            assert answer.status_code == 403, (ref, answer.text)
            refused = post(reader, topic_id, "open", group=GROUP, parties="P0039,P0040")
        assert refused.status_code == 403 and "依据：" in refused.text, ref
