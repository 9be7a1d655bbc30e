"""The paper count of a combined online and offline sitting from the console (WZ-5.3-d),
on both backends: the recorder lists the people in the room and their paper votes, the page
shows the paper count apart from the online ballots, a refusal is shown in Chinese and writes
nothing, and whoever the API refuses sees no form."""

from __future__ import annotations

import re

import pytest

from tests.api.deliberation_helpers import API, PROPOSER, STAFF, Deliberation
from tests.api.problem_helpers import log_unchanged
from tests.api.test_deliberation_mixed_sitting import ROOM, mixed_sitting, vote
from tests.api.web_helpers import buttons, csrf_of, sign_in_demo

VERSION = re.compile(r'name="expected_version" value="(\d+)"')


@pytest.fixture
def sitting(client, auth) -> tuple[Deliberation, str]:
    """Rules adopted, item-1 open, two people voted online."""
    d = mixed_sitting(client, auth)
    vote(
        d,
        "rules",
        {"P0038": "yes", "P0039": "yes", "P0040": "yes", "P0041": "yes"},
        {"voters": ROOM, "yes": 5, "no": 0, "abstain": 0},
    )
    d.sitting(PROPOSER, "explain", summary="说明")
    d.sitting(PROPOSER, "open_vote", item="item-1", text="划线方案")
    d.sitting("P0038", "cast", item="item-1", choice="yes")
    d.sitting("P0039", "cast", item="item-1", choice="no")
    return d, f"/sittings/{d.sitting_id}"


def post_paper(browser, url: str, **fields):
    page = browser.get(url).text
    shown = VERSION.search(page)  # a page with no form for this person shows no version
    data = {"csrf": csrf_of(page), "expected_version": shown.group(1) if shown else ""}
    return browser.post(
        f"{url}/record_paper_counts",
        data={**data, "item": "item-1", **fields},
        follow_redirects=False,
    )


def test_the_recorder_enters_the_room_count_from_the_page_WZ_5_3_d(
    pages, container, sitting
):
    d, url = sitting
    recorder = pages()
    sign_in_demo(recorder, STAFF)
    assert "record_paper_counts" in buttons(recorder.get(url).text)
    done = post_paper(
        recorder, url, voters="P0040\nP0041, P0043", yes="2", no="0", abstain="1"
    )
    assert done.status_code == 303, done.text
    page = recorder.get(done.headers["location"]).text
    assert "现场纸质票（3 人）：赞成 2，反对 0，弃权 1；线上已投 2 票" in page
    assert "record_paper_counts" not in buttons(page)  # entered once
    ballots = container.ledger.sitting(d.sitting_id).ballots
    assert ballots.paper == (2, 0, 1) and len(ballots.paper_voters) == 3
    closed = d.sitting(PROPOSER, "close_vote", item="item-1")
    assert closed["version"]
    tally = re.sub(r"<[^>]+>", " ", recorder.get(url).text)
    assert "其中现场纸质票" in tally and "3 人：赞成 2，反对 0，弃权 1" in tally


def test_a_person_who_voted_online_cannot_be_counted_on_paper_WZ_5_3_d(
    pages, container, sitting
):
    d, url = sitting
    recorder = pages()
    sign_in_demo(recorder, STAFF)
    with log_unchanged(container):
        refused = post_paper(
            recorder, url, voters="P0039, P0040", yes="1", no="1", abstain="0"
        )
    assert refused.status_code == 409, refused.text
    assert "WZ-5.3-d" in refused.text and "未做任何更改" in refused.text
    assert "P0039, P0040</textarea>" in refused.text  # what was typed is kept
    assert container.ledger.sitting(d.sitting_id).ballots.paper is None


def test_a_count_that_is_not_a_number_is_refused_in_chinese(pages, container, sitting):
    _, url = sitting
    recorder = pages()
    sign_in_demo(recorder, STAFF)
    with log_unchanged(container):
        refused = post_paper(recorder, url, voters="P0040", yes="一", no="0")
    assert refused.status_code == 422 and "请检查" in refused.text


def test_only_the_recorder_sees_the_form_and_others_are_refused_WZ_5_2_b(
    pages, container, sitting, client, auth
):
    """WZ-5.2-b: the host, a participant and the supervision committee see no paper-count
    form, and the API refuses each of them without writing."""
    _, url = sitting
    body = {"item": "item-1", "voters": ["P0040"], "yes": 1, "no": 0}
    for ref in (PROPOSER, "P0039", "P0028"):
        reader = pages()
        sign_in_demo(reader, ref)
        page = reader.get(url)
        assert page.status_code == 200, ref
        assert "record_paper_counts" not in buttons(page.text), ref
        with log_unchanged(container):
            answer = client.post(
                f"{API}{url}/record_paper_counts", headers=auth(ref), json=body
            )
        assert answer.status_code in (403, 409), (ref, answer.text)
    participant = pages()
    sign_in_demo(participant, "P0039")
    with log_unchanged(container):
        refused = post_paper(participant, url, voters="P0040", yes="1", no="0")
    assert refused.status_code == 403 and "未做任何更改" in refused.text
