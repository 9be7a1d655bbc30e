"""协商议事指标 The deliberation figures of the assessment pack (WZ-E1, SX 评价与改进).

A scripted deliberation in community 苇岚社区 (CX0101): one topic sat once with everyone
present, settled by consensus, filed, carried out and reported complete; a second sat with
nine of its eleven present and voted down; a third only proposed. The
community's figures are asserted exactly, summed for its street, and the same figures come
from the topics and sittings themselves (their aggregates replayed from the log).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from uuid import UUID

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from application.assessment.period import parse_period
from application.assessment.service import AssessmentService
from domain.calendar import CHINA
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from tests.api.deliberation_helpers import (
    API,
    COMMUNITY,
    PROPOSER,
    STAFF,
    SUPERVISOR,
    VOTERS,
    Deliberation,
    settled_deliberation,
)
from tests.api.web_helpers import sign_in_demo

PERIOD = datetime.now(CHINA).strftime("%Y-%m")


COMMUNITY_FIGURES = {
    "topics_proposed": 3,
    "topics_registered": 2,
    "sittings_held": 2,
    "topics_settled": 2,
    "settled_first_time": 1,
    "one_time_success_rate": 0.5,
    "eligible": 22,
    "present": 20,
    "participation_rate": 0.9091,
    "filed": 1,
    "filed_on_time": 1,
    "filed_on_time_rate": 1.0,
    "communicated": 2,  # WZ-5.7-c: the consensus on time, the termination late
    "communicated_on_time": 1,
    "communicated_on_time_rate": 0.5,
    "implemented": 1,
    "implemented_on_time": 1,
    "implemented_on_time_rate": 1.0,
    "overdue_reviews": 0,  # the waiting topic is new
}


def scripted(client, auth, container) -> list[Deliberation]:
    agreed = settled_deliberation(client, auth)["topic"]
    agreed.topic(STAFF, "file")
    agreed.topic(STAFF, "implement", details={"route": "community"})
    agreed.topic(
        SUPERVISOR,
        "report",
        progress="电梯已投入使用",
        problems="无",
        effects="老人上下楼方便",
        involves_funds_labour=False,
        complete=True,
    )
    refused = Deliberation(client, auth)
    refused.propose()
    refused.approve()
    refused.topic(STAFF, "notify_proposer", channel="phone")
    refused.prepare()
    refused.sit(present=VOTERS)  # the expert and the department stay away
    refused.counted("rules", 6, 3)
    refused.debate()
    refused.counted("item-1", 2, 7)
    refused.sitting(PROPOSER, "settle")
    agreed.topic(STAFF, "communicate", details={"channels": ["wechat"]})
    real = container.deliberation.deadlines.clock
    container.deliberation.deadlines.clock = lambda: real() + timedelta(days=3)
    refused.topic(STAFF, "communicate", details={"channels": ["notice_board"]})
    container.deliberation.deadlines.clock = real  # WZ-5.7-c: 3 days after: late
    waiting = Deliberation(client, auth)
    waiting.propose()
    return [agreed, refused, waiting]


def pack(client, auth, code: str, ref: str, position: int) -> dict:
    answer = client.get(
        f"{API}/units/{code}/assessment",
        headers=auth(ref),
        params={"period": PERIOD, "min_position": position},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def from_the_aggregates(container, topics: list[Deliberation]) -> dict[str, int]:
    """The same counts read from each topic and sitting replayed from the log."""
    repository = container.ledger.repository
    found = dict.fromkeys(
        ("sittings", "eligible", "present", "first", "filed", "told", "told_on_time"), 0
    )
    for d in topics:
        topic: Topic = repository.get(UUID(d.topic_id))
        sittings: list[Sitting] = [repository.get(UUID(s)) for s in topic.sittings]
        found["sittings"] += len(sittings)
        found["eligible"] += sum(len(s.participants) for s in sittings)
        found["present"] += sum(len(s.present) for s in sittings)
        consensus = len(sittings) == 1 and str(topic.outcome.value) == "consensus"
        found["first"] += int(consensus)
        found["filed"] += topic.steps.get("file", 0)
        told = [
            e
            for e in container.ledger.events.get(UUID(d.topic_id))
            if getattr(e, "step", "") == "communicate"
        ]
        found["told"] += len(told)
        found["told_on_time"] += sum(not e.late for e in told)
    return found


def test_the_communitys_deliberation_figures_and_the_streets_sum_WZ_E1(
    client, auth, container
):
    """WZ-E1 (SX 评价与改进): topics, sittings, one-time success, participation
    (present ÷ eligible), filed on time (WZ-5.7-a), communicated on time (WZ-5.7-c),
    implemented on time (WZ-5.8-c)."""
    topics = scripted(client, auth, container)
    position = max(d.position for d in topics)
    figs = pack(client, auth, COMMUNITY, STAFF, position)["figures"]
    assert {k: figs[k] for k in COMMUNITY_FIGURES} == COMMUNITY_FIGURES
    street = pack(client, auth, "CX01", "P0004", position)
    assert {k: street["figures"][k] for k in COMMUNITY_FIGURES} == COMMUNITY_FIGURES
    [line] = [c for c in street["children"] if c["unit"] == COMMUNITY]
    assert line["figures"] == figs
    others = [c for c in street["children"] if c["unit"] != COMMUNITY]
    assert others and all(c["figures"]["topics_proposed"] == 0 for c in others)
    assert from_the_aggregates(container, topics) == {
        "sittings": figs["sittings_held"],
        "eligible": figs["eligible"],
        "present": figs["present"],
        "first": figs["settled_first_time"],
        "filed": figs["filed"],
        "told": figs["communicated"],
        "told_on_time": figs["communicated_on_time"],
    }


def test_the_csv_and_xlsx_files_carry_the_deliberation_columns_WZ_E1(
    client, auth, container
):
    topics = scripted(client, auth, container)
    params = {"period": PERIOD, "min_position": max(d.position for d in topics)}
    path = f"{API}/units/{COMMUNITY}/assessment"
    answer = client.get(path, headers=auth(STAFF), params={**params, "format": "csv"})
    header, own = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))[1:3]
    assert own[header.index("一次成功率")] == "0.5"
    assert own[header.index("参与率")] == "0.9091"
    assert own[header.index("协商会议")] == "2"
    answer = client.get(path, headers=auth(STAFF), params={**params, "format": "xlsx"})
    rows = list(
        load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][rows[0].index("实到人次")] == 20
    assert rows[1][rows[0].index("按期落实")] == 1
    assert rows[1][rows[0].index("按时传达率")] == 0.5  # WZ-5.7-c
    assert own[header.index("按时传达")] == "1"


def test_the_console_page_shows_the_deliberation_columns_WZ_E1(client, auth, container):
    scripted(client, auth, container)
    browser = TestClient(client.app)  # its own cookies, the same app
    sign_in_demo(browser, STAFF)
    page = browser.get(f"/units/{COMMUNITY}/assessment?period={PERIOD}")
    assert page.status_code == 200, page.text
    table = page.text[page.text.index('<table id="assessment">') :]
    assert "一次成功率" in table and "参与率" in table
    assert "50.0%" in table and "90.9%" in table


def test_a_period_without_deliberation_counts_none_WZ_E1(client, auth, container):
    topics = scripted(client, auth, container)
    pack_before = container.assessment.assess(
        COMMUNITY, parse_period(None, date(2020, 1, 1), date(2020, 12, 31))
    )
    assert topics[0].topic_id
    assert pack_before["figures"]["sittings_held"] == 0
    assert pack_before["figures"]["one_time_success_rate"] is None
    assert pack_before["figures"]["participation_rate"] is None


def test_a_topic_waiting_longer_than_a_month_for_review_is_flagged_WZ_5_2_a(
    client, auth, container
):
    """WZ-5.2-a: the joint two-committee meeting reviews pending topics at least monthly;
    a topic proposed and not reviewed for longer is flagged, for the community and street."""
    topics = scripted(client, auth, container)
    assert topics[2].topic_id
    service = container.assessment
    period = parse_period(PERIOD)
    later = AssessmentService(
        container.ledger,
        lambda: service.clock() + timedelta(days=31),
        service.view_counts,
    )
    assert service.assess(COMMUNITY, period)["figures"]["overdue_reviews"] == 0
    street = later.assess("CX01", period)
    assert street["figures"]["overdue_reviews"] == 1  # the reviewed two are not
    [line] = [c for c in street["children"] if c["unit"] == COMMUNITY]
    assert line["figures"]["overdue_reviews"] == 1


def test_the_topics_page_flags_a_topic_waiting_over_a_month_for_review_WZ_5_2_a(
    client, auth, container, monkeypatch
):
    """WZ-5.2-a: shown to the community staff and the supervision committee."""
    topics = scripted(client, auth, container)
    browser = TestClient(client.app)
    sign_in_demo(browser, STAFF)
    path = f"/units/{COMMUNITY}/topics?seen={max(d.position for d in topics)}"
    assert 'id="overdue-reviews"' not in browser.get(path).text
    now = container.assessment.clock()
    monkeypatch.setattr(container.assessment, "clock", lambda: now + timedelta(days=31))
    for ref in (STAFF, SUPERVISOR):
        reader = TestClient(client.app)  # a fresh session for each reader
        sign_in_demo(reader, ref)
        page = reader.get(path)
        assert page.status_code == 200, page.text
        flagged = page.text[page.text.index('id="overdue-reviews"') :]
        flagged = flagged[: flagged.index("</section>")]
        assert flagged.count('class="row-link"') == 1
        assert f"/topics/{topics[2].topic_id}" in flagged
