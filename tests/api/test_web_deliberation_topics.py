"""Deliberation pages over the topic services, on both backends: the community's pipeline,
a topic registered, reviewed (the three checks and the 六必议/五不议 screen), planned and
announced from its page, the printable records, and a resident's 我的协商 with an online ballot."""

from __future__ import annotations

import re

import pytest

from application.deliberation.sitting_commands import (
    CastBallot,
    CloseVote,
    ExplainTopic,
    OpenVote,
    SignIn,
)
from application.principals import Principal
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.people import person_id_for
from infra.demo_deliberation import VOTERS, seed
from tests.api.problem_helpers import log_unchanged
from tests.api.test_web_deliberation_sitting import act, post
from tests.api.web_helpers import buttons, sign_in_demo

CHECKS = {
    "meeting": "两委联席会议",
    "check_nature": "pass",
    "reason_nature": "属于协商目录",
    "check_scope": "pass",
    "reason_scope": "涉及全体住户",
    "check_feasibility": "pass",
    "reason_feasibility": "可行",
}


def who(container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def topics(container) -> dict[str, str]:
    found = seed(container)
    container.runner.wait_for(container.ledger.position(), 5)
    return found


@pytest.fixture
def proposed(container) -> str:
    done = container.deliberation.propose(
        who(container, "P0038"),
        "CX0101",
        TopicCategory.COMMUNITY_RESIDENTS,
        ProposerKind.RESIDENT,
        "wechat",
        "小区健身器材更新",
        "器材老化，存在安全隐患",
        [],
    )
    container.runner.wait_for(done["position"], 5)
    return done["topic_id"]


def logged(container) -> list[str]:
    page = container.access_log.page("CX0101", 0, 1000)["items"]
    return [entry["resource"] for entry in page]


def staff_of(pages):
    staff = pages()
    sign_in_demo(staff, "P0010")
    return staff


def test_the_pipeline_shows_each_topic_at_its_stage_with_what_is_due(
    pages, container, topics
):
    page = staff_of(pages).get("/units/CX0101/topics").text
    announced = page.split('id="stage-announced"')[1].split('id="stage-sitting"')[0]
    assert "小区停车位重新划线" in announced and "召开协商会议" in announced
    communicated = page.split('id="stage-communicated"')[1]
    assert "3栋加装电梯" in communicated.split('id="stage-implemented"')[0]


def test_a_review_missing_a_reason_is_refused_with_the_form_kept_WZ_5_2_a(
    pages, container, proposed
):
    staff, url = staff_of(pages), f"/topics/{proposed}"
    assert buttons(staff.get(url).text) == {"register"}
    page = act(staff, url, "register", number="CX0101-健身")
    assert buttons(page) >= {"review"}
    typed = {**CHECKS, "reason_scope": "", "meeting": "第3次联席会议"}
    with log_unchanged(container):
        refused = post(staff, f"{url}/review", url, attendees="P0010 P0011", **typed)
    assert refused.status_code == 422
    assert "请检查：事项性质、范围、可行性（WZ-5.2-a）" in refused.text
    assert (
        'value="第3次联席会议"' in refused.text
        and 'value="P0010 P0011"' in refused.text
    )


def test_a_topic_is_reviewed_planned_and_announced_from_its_page_WZ_5_2_WZ_5_4(
    pages, container, proposed
):
    staff, url = staff_of(pages), f"/topics/{proposed}"
    act(staff, url, "register", number="CX0101-健身")
    page = act(
        staff,
        url,
        "review",
        attendees="P0010 P0011",
        must="public_affairs",
        convenor="P0038",
        recorder="P0010",
        guide="P0011",
        **CHECKS,
    )
    assert 'id="topic-status">审核通过' in page
    assert {"plan", "notify_proposer"} <= buttons(page)
    page = act(
        staff,
        url,
        "plan",
        when="2026-12-20T19:30",
        place="社区议事厅",
        form="seminar",
        host="P0038",
        stakeholder="P0039 P0040 P0041",
        expert="expert:1",
    )
    assert "2026-12-20 19:30" in page and "3栋" not in page  # the plan, in Beijing time
    act(staff, url, "draft_rules", speeches_per_person="2")
    page = act(staff, url, "announce", channels=["notice_board", "wechat"])
    assert 'id="topic-status">已公告' in page and "open_sitting" in buttons(page)


def test_a_five_must_not_item_rejects_the_topic_JH_4_2(pages, container, proposed):
    staff, url = staff_of(pages), f"/topics/{proposed}"
    act(staff, url, "register", number="CX0101-健身")
    page = act(
        staff,
        url,
        "review",
        attendees="P0010",
        screen="two_party_dispute",
        screen_reason_two_party_dispute="属于两户之间的纠纷，转人民调解",
        **CHECKS,
    )
    assert 'id="topic-status">审核未通过' in page


def test_who_may_not_act_on_a_topic_sees_no_button_BZ_D3(pages, container, proposed):
    """Before its announcement a neighbour cannot open the topic; the proposer sees no
    staff step; the supervision committee reads it with no button."""
    url = f"/topics/{proposed}"
    for ref, status in (("P0039", 403), ("P0038", 200), ("P0028", 200)):
        reader = pages()
        sign_in_demo(reader, ref)
        page = reader.get(url)
        assert page.status_code == status, ref
        assert buttons(page.text) == set(), ref
    neighbour = pages()
    sign_in_demo(neighbour, "P0038")
    with log_unchanged(container):
        refused = post(neighbour, f"{url}/register", url, number="X-1")
    assert refused.status_code == 403 and "未做任何更改" in refused.text


def test_the_five_records_print_and_their_reading_is_logged_WZ_6(
    pages, container, topics
):
    staff = staff_of(pages)
    index = staff.get(f"/topics/{topics['settled']}/records").text
    assert index.count("查看并打印") == 5
    before = logged(container)
    page = staff.get(f"/topics/{topics['settled']}/records/4").text
    assert "城乡社区协商活动记录表" in page and "傅远（P0039）" in text_of(page)
    assert "deliberation.css" in page  # the print rules come with the page
    assert logged(container) == [*before, f"record:4:topic:{topics['settled']}"]
    leader = pages()
    sign_in_demo(leader, "P0037")
    assert leader.get(f"/topics/{topics['settled']}/records/4").status_code == 403


def test_a_resident_sees_their_deliberations_and_votes_online_WZ_5_5_d(
    pages, container, topics
):
    staff, topic = who(container, "P0010"), topics["announced"]
    sitting = container.sittings.open(staff, topic, "online")["sitting_id"]
    for ref in VOTERS:
        container.sittings.handle(
            staff, SignIn(sitting_id=sitting, participant=str(person_id_for(ref)))
        )
    container.sittings.handle(
        staff, OpenVote(sitting_id=sitting, item="rules", text="规则")
    )
    for ref in VOTERS:
        container.sittings.handle(
            who(container, ref),
            CastBallot(sitting_id=sitting, item="rules", choice="yes"),
        )
    container.sittings.handle(staff, CloseVote(sitting_id=sitting, item="rules"))
    container.sittings.handle(staff, ExplainTopic(sitting_id=sitting, summary="说明"))
    done = container.sittings.handle(
        staff, OpenVote(sitting_id=sitting, item="item-1", text="东侧划线方案")
    )
    container.runner.wait_for(done["position"], 5)
    resident = pages()
    sign_in_demo(resident, "P0039")
    mine = resident.get("/my/deliberations").text
    assert "小区停车位重新划线" in mine and "去投票" in mine and "3栋加装电梯" in mine
    page = act(resident, f"/sittings/{sitting}", "cast", item="item-1", choice="no")
    assert "您已投票：反对" in page and "cast" not in buttons(page)
    assert "去投票" not in resident.get("/my/deliberations").text
