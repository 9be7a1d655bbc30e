"""Around and after the sitting, without I/O: door-to-door and written consultations (WZ-5.6-f),
feedback that reopens a deliberation (LS-2.4.11), and filing, notifying, posting and archiving the
result (JH-5.4), with the trace records that show them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.records.trace import build_records
from domain.actors import Actor
from domain.deliberation.aftermath import (
    record_outcome,
    record_step,
    reopen_topic,
    start_sitting,
)
from domain.deliberation.consultations import consult
from domain.deliberation.outcome import Outcome
from domain.deliberation.planning import announce_topic
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.levels import Role
from tests.unit.deliberation_history import (
    NAMES,
    NOW,
    STAFF,
    SUPERVISOR,
    announced,
    consensus_sitting,
    proposed,
    reviewed,
)
from tests.unit.test_topics import STAFF as TOPIC_STAFF
from tests.unit.test_topics import approved, plan, settled

STRANGER = Actor("someone", Role.RESIDENT, "CX010101")


def fields(record: dict, key: str) -> dict:
    return next(s for s in record["sections"] if s["key"] == key)["fields"]


def test_consultations_before_and_after_the_sitting_are_recorded_as_such_WZ_5_6_f():
    story = reviewed(proposed())
    consult(
        story.topic,
        STAFF,
        "before",
        "door_to_door",
        12,
        0,
        "12户中10户支持，2户担心采光",
    )
    announced(story)
    consult(story.topic, STAFF, "before", "written", 0, 30, "书面征求意见30份")
    consensus_sitting(story)
    consult(
        story.topic,
        STAFF,
        "after",
        "door_to_door",
        2,
        3,
        "回访一楼两户，已接受补偿方案",
    )
    topic_log, _ = story.events()
    consulted = [e for e in topic_log if type(e).__name__ == "ConsultationRecorded"]
    assert [(e.phase, e.form, e.households, e.people) for e in consulted] == [
        ("before", "door_to_door", 12, 0),
        ("before", "written", 0, 30),
        ("after", "door_to_door", 2, 3),
    ]
    assert all(e.subject_id == STAFF.person_id for e in consulted), (
        "the summary is its author's own text"
    )
    records = build_records(*story.events(), names=NAMES)
    before = fields(records[2], "consultations_before")["rows"]
    assert [(r["form"], r["reached"], r["summary"]) for r in before] == [
        ("入户走访协商", "12户", "12户中10户支持，2户担心采光"),
        ("书面协商", "30人", "书面征求意见30份"),
    ]
    after = fields(records[5], "return_visits")["rows"]
    assert [(r["reached"], r["summary"], r["by"]) for r in after] == [
        ("2户、3人", "回访一楼两户，已接受补偿方案", "李四（P0010）")
    ]


def test_a_consultation_before_the_plan_shows_in_record_2_while_the_plan_is_still_to_come_WZ_5_6_f():
    story = reviewed(proposed())
    consult(story.topic, STAFF, "before", "door_to_door", 5, 0, "先行入户调研")
    record = build_records(*story.events(), names=NAMES)[2]
    assert (
        record["status"] == "not_yet"
        and fields(record, "consultations_before")["rows"][0]["reached"] == "5户"
    )


def test_a_consultation_in_the_wrong_phase_form_or_without_reach_or_summary_is_refused_WZ_5_6_f():
    topic = approved()
    wrong = pytest.raises(
        TransitionNotAllowed, consult, topic, TOPIC_STAFF, "after", "written", 0, 5, "x"
    )
    assert wrong.value.rule_id == "WZ-5.6-f" and wrong.value.allowed == ["before"]
    for args, allowed in (
        (("during", "written", 0, 5, "x"), ["after", "before"]),
        (("before", "seminar", 0, 5, "x"), ["door_to_door", "written"]),
        (("before", "written", 0, 0, "x"), []),
        (("before", "written", -1, 5, "x"), []),
        (("before", "written", 0, 5, "  "), []),
    ):
        refused = pytest.raises(InvalidValue, consult, topic, TOPIC_STAFF, *args)
        assert (
            refused.value.rule_id == "WZ-5.6-f" and refused.value.allowed == allowed
        ), args
    pytest.raises(
        OutsideJurisdiction, consult, topic, STRANGER, "before", "written", 0, 5, "x"
    )
    sitting = settled()
    assert pytest.raises(
        TransitionNotAllowed,
        consult,
        sitting,
        TOPIC_STAFF,
        "before",
        "written",
        0,
        5,
        "x",
    ).value.allowed == ["after"]
    assert topic.collect_events()[-1].__class__.__name__ == "TopicReviewed", (
        "nothing written"
    )


def test_a_problem_found_in_implementation_reopens_the_deliberation_with_a_new_linked_sitting_LS_2_4_11():
    topic = settled()
    record_step(topic, TOPIC_STAFF, "file", now=NOW)
    record_step(
        topic,
        TOPIC_STAFF,
        "implement",
        now=NOW,
        details={"route": "community", "due": "2027-01-05"},
    )
    assert "reopen" in topic.allowed_actions() and topic.implement_due == "2027-01-05"
    reopen_topic(topic, SUPERVISOR, "  施工中发现地下管线，原方案无法实施 ")
    reopened = topic.collect_events()[-1]
    assert (
        reopened.problem == "施工中发现地下管线，原方案无法实施"
        and reopened.subject_id == SUPERVISOR.person_id
    )
    assert (
        topic.status == "redeliberate"
        and topic.implement_due is None
        and "plan" in topic.allowed_actions()
    )
    plan(topic)
    announce_topic(topic, TOPIC_STAFF, ["wechat"])
    start_sitting(topic, TOPIC_STAFF, "sitting-2")
    assert topic.sittings == ["sitting-1", "sitting-2"]
    record_outcome(
        topic,
        TOPIC_STAFF,
        "sitting-2",
        Outcome.CONSENSUS,
        NOW + timedelta(days=5),
        NOW + timedelta(days=6),
    )
    assert "file" in topic.allowed_actions(), (
        "the new result is filed afresh (WZ-5.7-a)"
    )


def test_reopening_is_refused_outside_implementation_without_a_reason_or_by_others_LS_2_4_11():
    for topic in (
        approved(),
        settled(Outcome.TERMINATED),
        settled(Outcome.REDELIBERATE),
    ):
        refused = pytest.raises(
            TransitionNotAllowed, reopen_topic, topic, TOPIC_STAFF, "问题"
        )
        assert (
            refused.value.rule_id == "LS-2.4.11"
            and "reopen" not in refused.value.allowed
        )
    topic = settled()
    assert (
        pytest.raises(
            InvalidValue, reopen_topic, topic, TOPIC_STAFF, "  "
        ).value.rule_id
        == "LS-2.4.11"
    )
    assert (
        pytest.raises(
            OutsideJurisdiction, reopen_topic, topic, STRANGER, "问题"
        ).value.rule_id
        == "LS-2.4.11"
    )
    assert topic.status == "implementing"


def test_the_reopening_shows_in_records_4_and_5_LS_2_4_11():
    story = announced(reviewed(proposed()))
    consensus_sitting(story)
    reopen_topic(story.topic, STAFF, "施工中发现地下管线")
    records = build_records(*story.events(), names=NAMES)
    assert fields(records[5], "feedback")["rows"][0]["problem"] == "施工中发现地下管线"
    assert "重新协商" in fields(records[4], "sitting_1")["result"]["reopened"]


def test_the_result_is_filed_with_the_party_organisation_notified_posted_and_then_archived_JH_5_4():
    story = announced(reviewed(proposed()))
    consensus_sitting(story)
    topic, later = story.topic, NOW + timedelta(days=8)
    early = pytest.raises(
        TransitionNotAllowed,
        record_step,
        topic,
        STAFF,
        "archive",
        later,
        details={"archive_number": "A-1"},
    )
    assert early.value.rule_id == "JH-5.4" and early.value.allowed == [
        "communicate",
        "file",
        "post",
    ]
    bad = pytest.raises(
        InvalidValue,
        record_step,
        topic,
        STAFF,
        "file",
        later,
        details={"filed_with": ["mayor"]},
    )
    assert bad.value.allowed == [
        "department",
        "party_organisation",
        "supervision_committee",
    ]
    record_step(
        topic,
        STAFF,
        "file",
        later,
        details={"filed_with": ["supervision_committee", "party_organisation"]},
    )
    record_step(topic, STAFF, "communicate", later, details={"channels": ["wechat"]})
    assert (
        pytest.raises(
            InvalidValue, record_step, topic, STAFF, "post", later, details={}
        ).value.rule_id
        == "JH-5.4"
    )
    record_step(topic, STAFF, "post", later, details={"channels": ["notice_board"]})
    assert (
        pytest.raises(
            InvalidValue, record_step, topic, STAFF, "archive", later, details={}
        ).value.rule_id
        == "JH-5.4"
    )
    record_step(
        topic, STAFF, "archive", later, details={"archive_number": "2026-协-017"}
    )
    assert not {"file", "communicate", "post", "archive"} & set(
        topic.allowed_actions()
    ), "each once per result"
    follow_up = fields(build_records(*story.events(), names=NAMES)[4], "sitting_1")[
        "follow_up"
    ]
    assert (
        "报居务监督委员会、社区党组织" in follow_up["filing"]
        and "通过微信" in follow_up["communication"]
    )
    assert (
        "通过公告栏" in follow_up["posting"]
        and "档案编号2026-协-017" in follow_up["archiving"]
    )
