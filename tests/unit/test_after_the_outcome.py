"""Steps after the outcome, without I/O: implementation routes, explanations, appraisal (WZ-5.8, LS-3.2.4)."""

from __future__ import annotations

import pytest

from domain.deliberation.aftermath import ROUTES, record_step
from domain.deliberation.outcome import Outcome
from domain.errors import InvalidValue
from tests.unit.test_topics import NOW, STAFF, SUPERVISOR, settled


@pytest.mark.parametrize("route", ROUTES)
def test_each_of_the_three_implementation_routes_is_recorded_WZ_5_8_a(route):
    topic = settled()
    record_step(
        topic,
        STAFF,
        "implement",
        now=NOW,
        note="需多部门联合审批，向利益相关方说明",
        details={"route": route, "complexity": "complex", "expected_by": "2027-06-30"},
    )
    assert (
        topic.collect_events()[-1].details["route"] == route
        and topic.steps["implement"] == 1
    )


@pytest.mark.parametrize("details", [{}, {"route": "myself"}, {"route": ""}])
def test_an_implementation_without_one_of_the_three_routes_is_refused_WZ_5_8_a(details):
    topic = settled()
    with pytest.raises(InvalidValue) as refused:
        record_step(topic, STAFF, "implement", now=NOW, details=details)
    assert refused.value.rule_id == "WZ-5.8-a" and refused.value.allowed == [
        "community",
        "government",
        "stakeholder",
    ]
    assert "implement" not in topic.steps


def test_the_explanation_to_dissenters_is_recorded_and_an_empty_one_refused_WZ_5_8_b():
    topic = settled(Outcome.TERMINATED)
    with pytest.raises(InvalidValue) as empty:
        record_step(topic, STAFF, "explain_dissent", now=NOW, note="   ")
    assert empty.value.rule_id == "WZ-5.8-b"
    record_step(
        topic, STAFF, "explain_dissent", now=NOW, note="向302住户说明终止的理由"
    )
    explained = topic.collect_events()[-1]
    assert (
        explained.note == "向302住户说明终止的理由"
        and explained.subject_id == STAFF.person_id
    )


@pytest.mark.parametrize("score", [0, 85, 100])
def test_a_democratic_appraisal_is_recorded_with_its_score_LS_3_2_4(score):
    topic = settled()
    record_step(
        topic,
        SUPERVISOR,
        "appraise",
        now=NOW,
        note="年终评议",
        details={"score": score},
    )
    assert topic.collect_events()[-1].details == {"score": score}


@pytest.mark.parametrize(
    "details", [{}, {"score": -1}, {"score": 101}, {"score": "90"}, {"score": True}]
)
def test_an_appraisal_without_a_score_from_0_to_100_is_refused_LS_3_2_4(details):
    topic = settled()
    with pytest.raises(InvalidValue) as refused:
        record_step(topic, SUPERVISOR, "appraise", now=NOW, details=details)
    assert refused.value.rule_id == "LS-3.2.4" and refused.value.allowed == ["0-100"]
