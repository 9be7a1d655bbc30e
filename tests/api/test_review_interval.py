"""The review interval of WZ-5.2-a comes from the rule profile (section P), on both backends: a
profile version that sets a 7-day interval flags a topic waiting 8 days for the two-committee
review, in the assessment and on the topics page; a profile that sets none keeps a month."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from application.assessment.period import parse_period
from domain.calendar import CHINA
from domain.deliberation.profiles import PROFILES, VERSIONS, WENZHOU
from tests.api.deliberation_helpers import COMMUNITY, STAFF, Deliberation
from tests.api.web_helpers import sign_in_demo

WEEKLY = replace(
    WENZHOU, version="2", deadlines=replace(WENZHOU.deadlines, review_within_days=7)
)


def waiting_for(client, auth, container, monkeypatch, days: int) -> tuple[str, int]:
    """A topic proposed and not reviewed, seen `days` later; its path and the overdue count."""
    d = Deliberation(client, auth)
    d.propose()
    now = container.assessment.clock()
    monkeypatch.setattr(
        container.assessment, "clock", lambda: now + timedelta(days=days)
    )
    period = parse_period(datetime.now(CHINA).strftime("%Y-%m"))
    figures = container.assessment.assess(COMMUNITY, period)["figures"]
    return f"/topics/{d.topic_id}?seen={d.position}", figures["overdue_reviews"]


def flagged_on_the_page(client, seen: str) -> bool:
    topic, position = seen.split("?")
    browser = TestClient(client.app)
    sign_in_demo(browser, STAFF)
    page = browser.get(f"/units/{COMMUNITY}/topics?{position}")
    assert page.status_code == 200, page.text
    if 'id="overdue-reviews"' not in page.text:
        return False
    section = page.text[page.text.index('id="overdue-reviews"') :]
    return topic in section[: section.index("</section>")]


def test_a_profile_with_a_seven_day_interval_flags_a_topic_after_eight_days_WZ_5_2_a(
    client, auth, container, monkeypatch
):
    monkeypatch.setitem(VERSIONS, (WENZHOU.key, "2"), WEEKLY)
    monkeypatch.setitem(PROFILES, WENZHOU.key, WEEKLY)
    topic_id, overdue = waiting_for(client, auth, container, monkeypatch, 8)
    assert overdue == 1
    assert flagged_on_the_page(client, topic_id)


def test_a_profile_without_an_interval_keeps_a_month_WZ_5_2_a(
    client, auth, container, monkeypatch
):
    assert WENZHOU.deadlines.review_within_days is None
    topic_id, overdue = waiting_for(client, auth, container, monkeypatch, 8)
    assert overdue == 0
    assert not flagged_on_the_page(client, topic_id)
