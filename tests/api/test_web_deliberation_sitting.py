"""The sitting console over the sitting services (WZ-5.5, WZ-5.6), on both backends: a Wenzhou
sitting run from the page, refusals shown in Chinese with the form kept and nothing written,
and no button for a person who may not act."""

from __future__ import annotations

import re

import pytest

from domain.people import person_id_for
from infra.demo_deliberation import seed
from tests.api.problem_helpers import log_unchanged
from tests.api.web_helpers import buttons, csrf_of, sign_in_demo

VERSION = re.compile(r'name="expected_version" value="(\d+)"')


def pid(ref: str) -> str:
    return str(person_id_for(ref))


@pytest.fixture
def topics(container) -> dict[str, str]:
    found = seed(container)
    container.runner.wait_for(container.ledger.position(), 5)
    return found


def post(client, url: str, page_url: str, **fields):
    """Submit a form as the page offers it: its CSRF token and the version it shows."""
    page = client.get(page_url).text
    shown = VERSION.search(page)  # a page with no form for this person shows no version
    data = {"csrf": csrf_of(page), "expected_version": shown.group(1) if shown else ""}
    return client.post(url, data={**data, **fields}, follow_redirects=False)


def open_sitting(staff, topic_id: str) -> str:
    opened = post(
        staff, f"/topics/{topic_id}/open_sitting", f"/topics/{topic_id}", mode="on_site"
    )
    assert opened.status_code == 303, opened.text
    return opened.headers["location"].split("?")[0]


def act(staff, url: str, action: str, **fields) -> str:
    done = post(staff, f"{url}/{action}", url, **fields)
    assert done.status_code == 303, (action, done.text)
    return staff.get(done.headers["location"]).text


def vote(staff, url: str, item: str, yes: int, no: int, abstain: int = 0) -> str:
    act(staff, url, "open_vote", item=item, text=item)
    act(staff, url, "record_counts", item=item, yes=yes, no=no, abstain=abstain)
    return act(staff, url, "close_vote", item=item)


def signed_in_with_rules(staff, topics, container) -> str:
    url = open_sitting(staff, topics["announced"])
    sitting = container.ledger.sitting(url.rsplit("/", 1)[1])
    page = act(staff, url, "sign_in", participant=sorted(sitting.participants))
    assert "10 / 10 人" in page
    page = vote(staff, url, "rules", 8, 1)
    assert 'id="rules-state">已通过' in page
    act(staff, url, "explain", summary="重新划线的方案")
    return url


def test_a_wenzhou_sitting_runs_from_the_console_WZ_5_6_a_WZ_5_6_b(
    pages, container, topics
):
    """Sign-in of all at once, the rules adopted, speeches in queue order, an item vote with
    paper counts, the outcome, then filing from the topic page (WZ-5.6-a/b/c, WZ-5.7-a)."""
    staff = pages()
    sign_in_demo(staff, "P0010")
    url = signed_in_with_rules(staff, topics, container)
    act(staff, url, "request_floor", participant=pid("P0039"), position="for")
    page = act(
        staff, url, "request_floor", participant=pid("P0040"), position="against"
    )
    assert "傅远（P0039） · 赞成 ← 下一位发言" in re.sub(r"<[^>]+>", "", page)
    page = act(
        staff,
        url,
        "speak",
        participant=pid("P0039"),
        minutes=2,
        seconds=30,
        summary="支持划线",
    )
    assert 'id="next-speaker">雷珍（P0040）' in page
    page = act(
        staff,
        url,
        "speak",
        participant=pid("P0040"),
        minutes=1,
        seconds=0,
        summary="担心车位不够",
    )
    assert "2分钟30秒" not in page and "2分钟" in page  # each speaker's time is shown
    page = vote(staff, url, "item-1", 7, 1, 1)
    assert "通过" in page
    page = act(staff, url, "settle", implementation_plan="物业本月内完成划线")
    assert 'id="outcome">达成一致意见' in page
    topic_page = staff.get(f"/topics/{topics['announced']}").text
    assert "file" in buttons(topic_page)
    act(staff, f"/topics/{topics['announced']}", "file", note="已报监督委员会")
    assert container.ledger.topic(topics["announced"]).steps.get("file") == 1


def test_a_third_speech_is_refused_in_chinese_with_the_form_kept_WZ_5_5_b(
    pages, container, topics
):
    """WZ-5.5-b: at most two speeches a person; the refusal says why in Chinese, writes nothing."""
    staff = pages()
    sign_in_demo(staff, "P0010")
    url = signed_in_with_rules(staff, topics, container)
    for _ in range(2):
        act(staff, url, "request_floor", participant=pid("P0039"), position="for")
        act(
            staff,
            url,
            "speak",
            participant=pid("P0039"),
            minutes=1,
            seconds=0,
            summary="再说一点",
        )
    with log_unchanged(container):
        refused = post(
            staff,
            f"{url}/request_floor",
            url,
            participant=pid("P0039"),
            position="against",
        )
    assert refused.status_code == 409
    assert (
        "每人发言次数已达议事规则规定的上限" in refused.text
        and "WZ-5.5-b" in refused.text
    )
    assert "未做任何更改" in refused.text
    chosen = re.search(r'<option value="([^"]+)" selected>', refused.text)
    assert chosen and chosen.group(1) == pid("P0039")  # the form keeps who was chosen
    assert 'value="against" checked' in refused.text


def test_a_speech_with_a_bad_duration_keeps_what_was_typed(pages, container, topics):
    staff = pages()
    sign_in_demo(staff, "P0010")
    url = signed_in_with_rules(staff, topics, container)
    act(staff, url, "request_floor", participant=pid("P0039"), position="for")
    with log_unchanged(container):
        refused = post(
            staff,
            f"{url}/speak",
            url,
            participant=pid("P0039"),
            minutes="两",
            seconds=0,
            summary="我的要点",
        )
    assert refused.status_code == 422 and "请检查" in refused.text
    assert "我的要点</textarea>" in refused.text


def test_who_may_not_act_sees_no_button_BZ_D3(pages, container, topics):
    """A participant not signed in sees only their own sign-in; a group leader and the
    supervision committee read the sitting with no button; the recorder sees the officers'."""
    staff = pages()
    sign_in_demo(staff, "P0010")
    url = open_sitting(staff, topics["announced"])
    expected = {
        "P0010": {"sign_in", "open_vote", "attach_media"},
        "P0039": {"sign_in"},
        "P0037": set(),
        "P0028": set(),
    }
    for ref, shown in expected.items():
        reader = pages()
        sign_in_demo(reader, ref)
        page = reader.get(url)
        assert page.status_code == 200, ref
        assert buttons(page.text) == shown, ref
    participant = pages()
    sign_in_demo(participant, "P0039")
    with log_unchanged(container):
        refused = post(participant, f"{url}/open_vote", url, item="rules", text="x")
    assert refused.status_code == 403 and "依据：" in refused.text
    assert "未做任何更改" in refused.text


BODIES = {
    "sign_in": {},
    "open_vote": {"item": "rules", "text": "议事规则"},
    "explain": {"summary": "说明"},
    "request_floor": {"position": "for"},
    "speak": {"participant": "expert:1", "seconds": 60, "summary": "要点"},
    "expert_statement": {"participant": "expert:1", "summary": "要点"},
    "cast": {"item": "rules", "choice": "yes"},
    "record_counts": {"item": "rules", "yes": 1, "no": 0, "abstain": 0},
    "close_vote": {"item": "rules"},
    "note_discussion": {"aspect": "problem", "note": "记录"},
    "attach_media": {"kind": "written", "reference": "档案-1"},
    "settle": {"implementation_plan": "落实"},
}


def test_every_button_hidden_from_a_person_is_refused_by_the_api_BZ_D3(
    pages, container, topics, client, auth
):
    """The console hides exactly what the API refuses: each sitting command not shown to a
    participant, a group leader or the supervision committee is refused and writes nothing."""
    staff = pages()
    sign_in_demo(staff, "P0010")
    url = open_sitting(staff, topics["announced"])
    for ref in ("P0039", "P0037", "P0028"):
        reader = pages()
        sign_in_demo(reader, ref)
        shown = buttons(reader.get(url).text)
        for action in set(BODIES) - shown:
            with log_unchanged(container):
                answer = client.post(
                    f"/api/v1{url}/{action}", headers=auth(ref), json=BODIES[action]
                )
            assert answer.status_code in (403, 409), (ref, action, answer.text)
