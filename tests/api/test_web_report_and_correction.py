"""Staff pages on both backends: the supervision committee's four-part report form (WZ-5.8-d),
refused with the form kept when a part is missing and then published on the board; the street's
correction form (WZ-5.7-b), where the old note-only `correct` step is no longer offered; the
五议两公开 stages (LS-2.4.12), whose two publications need the text made public."""

from __future__ import annotations

from tests.api.deliberation_helpers import (
    API,
    COMMUNITY,
    STAFF,
    STREET,
    SUPERVISOR,
    settled_deliberation,
)
from tests.api.problem_helpers import log_unchanged
from tests.api.test_web_deliberation_sitting import act, post
from tests.api.web_helpers import buttons, sign_in_demo

FORM = {
    "progress": "井道完工",
    "problems": "采光争议已协调",
    "effects": "出行便利",
    "involves_funds_labour": "yes",
    "funds_labour": "筹资2万元",
}


def signed_in(pages, ref: str):
    browser = pages()
    sign_in_demo(browser, ref)
    return browser


def test_the_report_form_takes_four_parts_and_refuses_a_missing_one_WZ_5_8_d(
    client, auth, pages, container
):
    d = settled_deliberation(client, auth)["topic"]
    d.topic(STAFF, "implement", details={"route": "community"})
    supervisor, url = signed_in(pages, SUPERVISOR), f"/topics/{d.topic_id}"
    page = supervisor.get(f"{url}?seen={d.position}").text
    assert "report" in buttons(page) and 'name="funds_labour"' in page
    with log_unchanged(container):
        refused = post(supervisor, f"{url}/report", url, **{**FORM, "funds_labour": ""})
    assert refused.status_code == 422
    assert "缺少：筹资筹劳情况" in refused.text and "井道完工" in refused.text
    act(supervisor, url, "report", **FORM)
    board = pages().get(f"/board/{COMMUNITY}").text
    assert "采光争议已协调" in board and "筹资2万元" in board


def test_the_street_corrects_from_the_topic_page_and_the_note_step_is_gone_WZ_5_7_b(
    client, auth, pages, container
):
    d = settled_deliberation(client, auth)["topic"]
    with log_unchanged(container):
        gone = client.post(
            f"{API}/topics/{d.topic_id}/correct",
            headers=auth(STREET),
            json={"note": "x"},
        )
    assert gone.status_code in (404, 405), gone.text
    street, url = signed_in(pages, STREET), f"/topics/{d.topic_id}"
    offered = buttons(street.get(f"{url}?seen={d.position}").text)
    assert "correct_result" in offered and "correct" not in offered
    page = act(
        street,
        url,
        "correct_result",
        decision="corrected",
        corrected_outcome="terminated",
        basis="《消防法》第二十八条",
        note="方案占用消防通道",
    )
    assert "终止" in page
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert (topic["status"], topic["outcome"]) == ("terminated", "terminated")


def test_the_major_decision_stages_and_publications_from_the_topic_page_LS_2_4_12(
    client, auth, pages, container
):
    d = settled_deliberation(client, auth, major_decision=True)["topic"]
    staff, url = signed_in(pages, STAFF), f"/topics/{d.topic_id}"
    assert "下一阶段：党组织提议" in staff.get(f"{url}?seen={d.position}").text
    votes = {"eligible": "9", "present": "8", "yes": "7", "no": "1", "abstain": "0"}
    act(staff, url, "major-decision/proposal", meeting="党组织会议")
    act(staff, url, "major-decision/committees", meeting="两委会", **votes)
    act(
        staff,
        url,
        "major-decision/supervision_check",
        do="skip",
        skip_reason="未设核议",
    )
    act(staff, url, "major-decision/party_assembly", meeting="党员大会", **votes)
    page = act(staff, url, "major-decision/resolution", meeting="居民代表会议", **votes)
    assert "下一阶段：决议公开" in page
    with log_unchanged(container):
        refused = post(
            staff, f"{url}/major-decision/publish_resolution", url, meeting="公开栏"
        )
    assert refused.status_code == 422 and "须填写公开的内容" in refused.text
    act(
        staff,
        url,
        "major-decision/publish_resolution",
        meeting="公开栏",
        content="决议：加装电梯",
    )
    page = act(
        staff,
        url,
        "major-decision/publish_result",
        meeting="公开栏",
        content="电梯已投入使用",
    )
    assert 'id="major-decision"' not in page, "the procedure is done"
    board = pages().get(f"/board/{COMMUNITY}").text
    assert "决议：加装电梯" in board and "电梯已投入使用" in board and "赞成 7" in board
