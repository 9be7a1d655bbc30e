"""考核 The assessment pack after a scripted month (BZ-A1, BZ-A2, BZ-A3, BZ-D1; "BZ ch. 7 工作考核").

The month (tests/api/assessment_month.py) is driven through the API with the training
clock; the figures of street 望川街道 and its three communities are asserted exactly, the
children's ranking too, the CSV and XLSX files are opened and read back, and the same
figures come from a replay of the log (no view).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from application.assessment.period import parse_period
from application.assessment.replay import replayed_rows
from infra.app import create_app
from tests.api.assessment_month import Month
from tests.api.problem_helpers import API, assert_problem
from tests.api.web_helpers import sign_in_demo
from tests.conftest import demo_container

# the month has no deliberation (WZ-E1 figures: tests/api/test_assessment_deliberation.py)
NO_DELIBERATION = {
    **dict.fromkeys(
        (
            "topics_proposed",
            "topics_registered",
            "sittings_held",
            "topics_settled",
            "settled_first_time",
            "eligible",
            "present",
            "filed",
            "filed_on_time",
            "communicated",
            "communicated_on_time",
            "implemented",
            "implemented_on_time",
            "overdue_reviews",
        ),
        0,
    ),
    **dict.fromkeys(
        (
            "one_time_success_rate",
            "participation_rate",
            "filed_on_time_rate",
            "communicated_on_time_rate",
            "implemented_on_time_rate",
        ),
        None,
    ),
}
STREET = {
    **NO_DELIBERATION,
    "received": 6,
    "accepted_on_time": 4,
    "response_rate": 0.6667,
    "resolved": 5,
    "resolution_rate": 0.8333,
    "resolved_here": 1,
    "resolved_nearest": 3,
    "nearest_rate": 0.6,
    "escalated": 0,
    "delegated": 0,
    "open_now": 2,
    "overdue_now": 1,
    "overdue_now_rate": 0.5,
    "overdue_ever": 2,
    "overdue_ever_rate": 0.3333,
    "ratings": 4,
    "ratings_by_residents": 3,
    "ratings_by_staff": 1,
    "satisfied": 2,
    "satisfaction_rate": 0.5,
    "satisfaction_average": 3.5,
}
COMMUNITIES = {
    "CX0101": {
        **NO_DELIBERATION,
        **dict.fromkeys(("escalated", "delegated"), 0),
        "received": 3,
        "accepted_on_time": 2,
        "response_rate": 0.6667,
        "resolved": 2,
        "resolution_rate": 0.6667,
        "resolved_here": 1,
        "resolved_nearest": 1,
        "nearest_rate": 0.5,
        "open_now": 2,
        "overdue_now": 1,
        "overdue_now_rate": 0.5,
        "overdue_ever": 1,
        "overdue_ever_rate": 0.3333,
        "ratings": 2,
        "ratings_by_residents": 1,
        "ratings_by_staff": 1,
        "satisfied": 1,
        "satisfaction_rate": 0.5,
        "satisfaction_average": 4.0,
    },
    "CX0102": {
        **NO_DELIBERATION,
        "received": 2,
        "accepted_on_time": 1,
        "response_rate": 0.5,
        "resolved": 1,
        "resolution_rate": 0.5,
        "resolved_here": 0,
        "resolved_nearest": 1,
        "nearest_rate": 1.0,
        "escalated": 1,
        "delegated": 0,
        "open_now": 0,
        "overdue_now": 0,
        "overdue_now_rate": None,
        "overdue_ever": 1,
        "overdue_ever_rate": 0.5,
        "ratings": 1,
        "ratings_by_residents": 1,
        "ratings_by_staff": 0,
        "satisfied": 0,
        "satisfaction_rate": 0.0,
        "satisfaction_average": 2.0,
    },
    "CX0103": {
        **NO_DELIBERATION,
        "received": 1,
        "accepted_on_time": 1,
        "response_rate": 1.0,
        "resolved": 1,
        "resolution_rate": 1.0,
        "resolved_here": 0,
        "resolved_nearest": 1,
        "nearest_rate": 1.0,
        **dict.fromkeys(("escalated", "delegated", "open_now", "overdue_now"), 0),
        "overdue_now_rate": None,
        "overdue_ever": 0,
        "overdue_ever_rate": 0.0,
        **dict.fromkeys(("ratings", "ratings_by_residents", "ratings_by_staff"), 0),
        "satisfied": 0,
        "satisfaction_rate": None,
        "satisfaction_average": None,
    },
}
RANKS = {"CX0103": 1, "CX0101": 2, "CX0102": 3}  # by resolution rate first


@pytest.fixture
def month(settings) -> Iterator[Month]:
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False})
    )
    with TestClient(create_app(container=container)) as client:
        scripted = Month(client, container)
        scripted.run()
        yield scripted


def assessed(month: Month, ref: str = "P0004", **params) -> dict:
    period = month.first.strftime("%Y-%m")
    answer = month.client.get(
        f"{API}/units/CX01/assessment",
        headers=month.headers(ref),
        params={"period": period, "min_position": month.position, **params},
    )
    assert answer.status_code == 200, answer.text
    return answer.json() if params.get("format", "json") == "json" else answer


def test_the_streets_month_figures_its_communities_and_their_ranks_BZ_A2(month):
    pack = assessed(month)
    assert pack["figures"] == STREET
    assert pack["period_from"] == month.first.isoformat()
    children = {c["unit"]: c for c in pack["children"]}
    assert set(children) == set(COMMUNITIES)
    for code, expected in COMMUNITIES.items():
        assert children[code]["figures"] == expected, code
        assert children[code]["rank"] == RANKS[code]
    # the same figures from the community's own pack
    own = month.client.get(
        f"{API}/units/CX0101/assessment",
        headers=month.headers("P0010"),
        params={"period": month.first.strftime("%Y-%m")},
    ).json()
    assert own["figures"] == COMMUNITIES["CX0101"]


def test_a_replay_of_the_log_gives_the_same_figures(month):
    period = parse_period(month.first.strftime("%Y-%m"))
    service = month.container.assessment
    replayed = service.assess(
        "CX01", period, rows=lambda: replayed_rows(month.container.ledger)
    )
    viewed = service.assess("CX01", period)
    assert replayed["figures"] == viewed["figures"] == STREET
    assert replayed["children"] == viewed["children"]


def test_the_csv_and_xlsx_files_carry_the_same_lines(month):
    sheet = csv.reader(
        io.StringIO(assessed(month, format="csv").content.decode("utf-8-sig"))
    )
    lines = list(sheet)
    assert lines[0][0].startswith(f"考核期 {month.first.strftime('%Y-%m')}")
    header, street, *children = lines[1:]
    assert header[:4] == ["单位编码", "单位", "层级", "排名"]
    assert header[4:8] == ["受理", "按时受理", "响应率", "办结"]
    assert street[:5] == ["CX01", "望川街道", "street", "", "6"]
    assert street[header.index("满意率")] == "0.5"
    assert [line[0] for line in children] == ["CX0103", "CX0101", "CX0102"]
    assert [line[3] for line in children] == ["1", "2", "3"]
    book = load_workbook(io.BytesIO(assessed(month, format="xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位编码", "单位", "层级", "排名")
    assert rows[1][:5] == ("CX01", "望川街道", "street", None, 6)
    assert rows[1][rows[0].index("曾逾期")] == 2
    assert rows[3][0] == "CX0101" and rows[3][rows[0].index("平均满意度")] == 4.0


def test_a_period_before_the_month_counts_nothing_but_what_is_overdue_now(month):
    """BZ-A2: figures belong to their period; overdue now is read at the service's now."""
    earlier = month.client.get(
        f"{API}/units/CX01/assessment",
        headers=month.headers("P0004"),
        params={"from": "2020-01-01", "to": "2020-12-31"},
    ).json()
    assert earlier["period"] == "2020-01-01..2020-12-31"
    assert earlier["figures"]["received"] == 0 and earlier["figures"]["ratings"] == 0
    assert earlier["figures"]["overdue_now"] == 1


@pytest.mark.parametrize(
    "params",
    [{"period": "2026-13"}, {"from": "2026-11-30", "to": "2026-11-01"}, {}],
)
def test_an_unreadable_period_is_refused_BZ_A2(month, params):
    answer = month.client.get(
        f"{API}/units/CX01/assessment", headers=month.headers("P0004"), params=params
    )
    assert_problem(answer, 422)


def test_staff_of_another_street_cannot_read_its_assessment_BZ_D3(month):
    answer = month.client.get(
        f"{API}/units/CX01/assessment",
        headers=month.headers("P0006"),
        params={"period": "2026-11"},
    )
    assert_problem(answer, 403, "BZ-D3")


def test_the_console_page_shows_the_pack_as_a_table_in_rank_order(month):
    browser = TestClient(month.client.app)  # its own cookies, the month's app
    sign_in_demo(browser, "P0004")
    period = month.first.strftime("%Y-%m")
    page = browser.get(f"/units/CX01/assessment?period={period}")
    assert page.status_code == 200, page.text
    assert (
        '<table id="assessment">' in page.text and "望川街道（本级合计）" in page.text
    )
    table = page.text[page.text.index('<table id="assessment">') :]
    order = [table.index(name) for name in ("苇岚社区", "青桐社区", "汀荷社区")]
    assert order == sorted(order)
    assert "83.3%" in page.text  # the street's resolution rate, 5 of 6
    refused = browser.get("/units/CX01/assessment?period=2026-13")
    assert refused.status_code == 422 and "考核期" in refused.text
