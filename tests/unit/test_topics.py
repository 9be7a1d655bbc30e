"""A deliberation topic from proposal to review, without I/O (WZ-5.1, WZ-5.2, JH-4.1, JH-4.2, SX-T1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.actors import Actor
from domain.deliberation.aftermath import record_outcome, record_step, start_sitting
from domain.deliberation.outcome import Outcome
from domain.deliberation.planning import announce_topic, draft_rules, plan_topic
from domain.deliberation.profiles import JINHUA, SHAOXING, WENZHOU
from domain.deliberation.report import ReportParts, report_implementation
from domain.deliberation.review import review_topic
from domain.deliberation.sittings import ParticipantCategory
from domain.deliberation.thresholds import more_than
from domain.deliberation.topics import Review, Roles, Topic
from domain.deliberation.vocabulary import (
    MustDeliberate,
    MustNotDeliberate,
    ProposerKind,
    ReviewCheck,
    TopicCategory,
    TopicClass,
)
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.levels import Role

RESIDENT = Actor("resident-1", Role.RESIDENT, "CX010101")
STAFF = Actor("staff-1", Role.COMMUNITY_STAFF, "CX0101")
ROLES = Roles(convenor="resident-1", recorder="staff-1", guide="staff-2")
PASSING = {c: (True, f"{c.value} ok") for c in ReviewCheck}


def proposed(
    category=TopicCategory.COMMUNITY_RESIDENTS, kind=ProposerKind.RESIDENT
) -> Topic:
    return Topic.propose(
        RESIDENT,
        "CX0101",
        category,
        kind,
        "resident-1",
        "wechat",
        "加装电梯",
        "3栋老人多",
        linked_requests=["r2", "r1", "r2"],
    )


def registered(**kwargs) -> Topic:
    topic = proposed()
    topic.register(STAFF, "2026-017", **kwargs)
    return topic


def review(
    checks=PASSING, must=(MustDeliberate.PUBLIC_AFFAIRS,), must_not=None
) -> Review:
    return Review(
        "JM-2026-11", ("staff-1", "staff-2", "staff-3"), checks, tuple(must), must_not
    )


def test_only_those_entitled_to_a_category_may_propose_it_WZ_5_1_a():
    assert proposed().linked_requests == ["r1", "r2"], "linked requests kept once each"
    with pytest.raises(OutsideJurisdiction) as refused:
        proposed(TopicCategory.BUILDING, ProposerKind.RESIDENT)
    assert refused.value.rule_id == "WZ-5.1-a" and refused.value.allowed == [
        "community_residents"
    ]
    proposed(TopicCategory.BUILDING, ProposerKind.GROUP_LEADER)
    with pytest.raises(OutsideJurisdiction):
        proposed(TopicCategory.INTERNAL, ProposerKind.COMMUNITY)


def test_the_channel_is_recorded_and_the_committee_registers_and_classes_it_WZ_5_1_b_WZ_5_1_c_SX_T1():
    topic = registered(topic_class=TopicClass.IMMEDIATE)
    raised, reg = topic.collect_events()
    assert raised.channel == "wechat" and (reg.number, reg.topic_class) == (
        "2026-017",
        "immediate",
    )
    with pytest.raises(TransitionNotAllowed) as again:
        topic.register(STAFF, "2026-018")
    assert again.value.rule_id == "WZ-5.1-c" and again.value.allowed == ["review"]


def test_approval_records_the_three_checks_and_assigns_convenor_recorder_guide_and_pins_the_profile_WZ_5_2_a_b():
    topic = registered()
    review_topic(topic, STAFF, review(), WENZHOU, ROLES)
    event = topic.collect_events()[-1]
    assert topic.status == "approved" and topic.profile == "wenzhou-2021@1"
    assert event.checks == {"nature": True, "scope": True, "feasibility": True}
    assert (event.convenor, event.recorder, event.guide) == (
        "resident-1",
        "staff-1",
        "staff-2",
    )
    assert event.reasons["scope"] == "scope ok" and event.subject_id == "resident-1"


def test_a_failed_check_rejects_with_its_reason_and_no_roles_WZ_5_2_a_WZ_5_2_c():
    topic = registered()
    review_topic(
        topic,
        STAFF,
        review({**PASSING, ReviewCheck.SCOPE: (False, "只涉及两户")}),
        WENZHOU,
        None,
    )
    event = topic.collect_events()[-1]
    assert (
        topic.status == "rejected"
        and event.checks["scope"] is False
        and event.convenor is None
    )
    assert topic.allowed_actions() == ["notify_proposer"]
    topic.notify_proposer(STAFF, "phone")
    assert topic.allowed_actions() == []


def test_each_five_must_not_item_rejects_under_jinhua_JH_4_2():
    for item in MustNotDeliberate:
        topic = registered()
        review_topic(
            topic, STAFF, review(must=(), must_not={item: "见说明"}), JINHUA, ROLES
        )
        event = topic.collect_events()[-1]
        assert (
            topic.status == "rejected"
            and event.must_not == [item.value]
            and event.convenor is None
        ), item


def test_jinhua_requires_the_six_five_screen_at_review_JH_4_1_JH_4_2():
    with pytest.raises(InvalidValue) as unscreened:
        review_topic(registered(), STAFF, review(must_not=None), JINHUA, ROLES)
    assert unscreened.value.rule_id == "JH-4.2"
    with pytest.raises(InvalidValue) as no_ground:
        review_topic(registered(), STAFF, review(must=(), must_not={}), JINHUA, ROLES)
    assert no_ground.value.rule_id == "JH-4.1"
    topic = registered()
    review_topic(topic, STAFF, review(must_not={}), JINHUA, ROLES)
    assert topic.status == "approved" and topic.profile == "jinhua-2023@1"


def test_review_refuses_missing_checks_reasons_attendance_or_roles_WZ_5_2_a_WZ_5_2_b():
    cases = [
        (review({ReviewCheck.NATURE: (True, "ok")}), ROLES, "WZ-5.2-a"),
        (review({**PASSING, ReviewCheck.NATURE: (True, "  ")}), ROLES, "WZ-5.2-a"),
        (Review("JM", (), PASSING), ROLES, "WZ-5.2-a"),
        (review(), Roles("c", "", "g"), "WZ-5.2-b"),
        (review(), None, "WZ-5.2-b"),
    ]
    for bad, roles, rule in cases:
        topic = registered()
        with pytest.raises(InvalidValue) as refused:
            review_topic(topic, STAFF, bad, WENZHOU, roles)
        assert refused.value.rule_id == rule and topic.status == "registered"


def test_shaoxing_approval_needs_the_topic_class_SX_T1():
    with pytest.raises(InvalidValue) as unclassed:
        review_topic(registered(), STAFF, review(), SHAOXING, ROLES)
    assert unclassed.value.rule_id == "SX-T1"
    topic = registered()
    review_topic(
        topic, STAFF, review(), SHAOXING, ROLES, topic_class=TopicClass.IN_DEPTH
    )
    assert topic.topic_class == "in_depth"


def test_review_comes_only_after_registration_WZ_5_1_c():
    with pytest.raises(TransitionNotAllowed) as early:
        review_topic(proposed(), STAFF, review(), WENZHOU, ROLES)
    assert early.value.allowed == ["register"]


# ---- plan, rules of procedure, announcement (WZ-5.3, WZ-5.4, WZ-5.5) ----------------------------

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
PEOPLE = {
    "resident-1": ParticipantCategory.STAKEHOLDER,
    "expert-1": ParticipantCategory.EXPERT,
}


def approved() -> Topic:
    topic = registered()
    review_topic(topic, STAFF, review(), WENZHOU, ROLES)
    return topic


def plan(
    topic: Topic, when=NOW + timedelta(days=7), form="seminar", now=NOW, who=RESIDENT
) -> None:
    plan_topic(
        topic,
        who,
        when,
        "社区议事厅",
        form,
        "resident-1",
        PEOPLE,
        now=now,
        settle_due=NOW + timedelta(days=14),
        sit_due=NOW + timedelta(days=21),
    )


def test_the_plan_is_late_after_ten_working_days_and_the_sitting_may_not_be_after_fifteen_WZ_5_3_a_WZ_5_3_b():
    topic = approved()
    with pytest.raises(InvalidValue) as too_late:
        plan(topic, when=NOW + timedelta(days=22))
    assert too_late.value.rule_id == "WZ-5.3-b" and topic.status == "approved"
    plan(topic, now=NOW + timedelta(days=15))
    assert (
        topic.collect_events()[-1].late is True
        and topic.arrangements["form"] == "seminar"
    )


def test_only_the_convenor_or_community_staff_plans_and_stakeholders_must_take_part_WZ_5_2_b_WZ_5_3_c():
    with pytest.raises(OutsideJurisdiction):
        plan(approved(), who=Actor("someone", Role.RESIDENT, "CX010101"))
    topic = approved()
    with pytest.raises(InvalidValue) as nobody:
        plan_topic(
            topic,
            STAFF,
            NOW,
            "x",
            "seminar",
            "h",
            {"e": ParticipantCategory.EXPERT},
            now=NOW,
            settle_due=NOW,
            sit_due=NOW + timedelta(days=1),
        )
    assert nobody.value.rule_id == "WZ-5.3-c"


def test_rules_are_drafted_before_the_announcement_except_door_to_door_and_written_WZ_5_5_a_WZ_5_4():
    topic = approved()
    plan(topic)
    with pytest.raises(InvalidValue) as undrafted:
        announce_topic(topic, STAFF, ["notice_board"])
    assert undrafted.value.rule_id == "WZ-5.5-a"
    with pytest.raises(InvalidValue) as lowered:
        draft_rules(topic, STAFF, WENZHOU, passing=more_than(1, 3))
    assert lowered.value.rule_id == "WZ-5.5-c"
    draft_rules(topic, STAFF, WENZHOU, passing=more_than(2, 3))
    announce_topic(topic, STAFF, ["wechat", "notice_board", "wechat"])
    announced = topic.collect_events()[-1]
    assert announced.channels == [
        "notice_board",
        "wechat",
    ] and announced.attachments == ["review_form"]
    assert topic.allowed_actions() == ["consult", "open_sitting"]
    door = approved()
    plan(door, form="door_to_door")
    announce_topic(door, STAFF, ["sms"])


# ---- after the sitting (WZ-5.7, WZ-5.8, LS-2.4.9) -------------------------------------------------

STREET = Actor("street-1", Role.STREET_STAFF, "CX01")
SUPERVISOR = Actor("sup-1", Role.SUPERVISION_COMMITTEE, "CX0101")


def settled(outcome=Outcome.CONSENSUS) -> Topic:
    topic = approved()
    plan(topic)
    draft_rules(topic, STAFF, WENZHOU)
    announce_topic(topic, STAFF, ["wechat"])
    start_sitting(topic, STAFF, "sitting-1")
    record_outcome(
        topic,
        STAFF,
        "sitting-1",
        outcome,
        file_due=NOW + timedelta(days=1),
        communicate_due=NOW + timedelta(days=2),
    )
    return topic


def test_no_sitting_before_the_announcement_WZ_5_4():
    topic = approved()
    plan(topic)
    with pytest.raises(TransitionNotAllowed) as early:
        start_sitting(topic, STAFF, "sitting-1")
    assert early.value.rule_id == "WZ-5.4" and early.value.allowed == [
        "announce",
        "consult",
        "draft_rules",
    ]


def test_filing_and_communication_are_late_after_their_due_moments_and_happen_once_WZ_5_7_a_WZ_5_7_c():
    topic = settled()
    record_step(topic, STAFF, "file", now=NOW + timedelta(hours=20))
    record_step(
        topic,
        STAFF,
        "communicate",
        now=NOW + timedelta(days=3),
        details={"channels": ["sms"]},
    )
    filed, told = topic.collect_events()[-2:]
    assert (filed.late, told.late) == (False, True)
    assert (
        "file" not in topic.allowed_actions()
        and "communicate" not in topic.allowed_actions()
    )


def test_the_note_only_correct_step_is_gone_for_correct_result_WZ_5_7_b():
    """WZ-5.7-b: a correction changes the result (`correct_result`); a note changes nothing."""
    topic = settled()
    assert "correct_result" in topic.allowed_actions()
    assert "correct" not in topic.allowed_actions()
    with pytest.raises(TransitionNotAllowed):
        record_step(topic, STREET, "correct", now=NOW, note="违反规定")


def test_a_report_needs_its_four_parts_WZ_5_8_d():
    """Seed WZ 5.8 ④: progress, problems, effects, and 筹资筹劳 (or that none was raised)."""
    topic = settled()
    record_step(topic, STAFF, "implement", now=NOW, details={"route": "community"})
    for parts, missing in (
        (ReportParts("", "无", "方便", "", False), ["progress"]),
        (ReportParts("过半", "无", "方便", "", None), ["funds_labour"]),
        (ReportParts("过半", "无", "方便", " ", True), ["funds_labour"]),
    ):
        with pytest.raises(InvalidValue) as refused:
            report_implementation(topic, SUPERVISOR, parts, False, NOW, None)
        assert (refused.value.rule_id, refused.value.allowed) == ("WZ-5.8-d", missing)
        assert "落实情况报告须写明" in refused.value.detail
    with pytest.raises(InvalidValue):
        record_step(topic, SUPERVISOR, "report", now=NOW, note="只写一句")
    assert topic.collect_events()[-1].step == "implement"


def test_each_step_by_its_role_with_its_content_WZ_5_8_a_WZ_5_8_b_WZ_5_8_d_LS_2_4_9():
    topic = settled()
    with pytest.raises(InvalidValue):
        record_step(topic, STAFF, "implement", now=NOW, details={"route": "myself"})
    record_step(
        topic,
        STAFF,
        "implement",
        now=NOW,
        details={"route": "stakeholder", "complexity": "simple"},
        due=NOW + timedelta(days=42),
    )
    record_step(topic, STAFF, "explain_dissent", now=NOW, note="向302住户说明补偿办法")
    report_implementation(
        topic,
        SUPERVISOR,
        ReportParts("进度过半", "无", "方便", "3万元", True),
        False,
        NOW,
        None,
    )
    record_step(
        topic, STAFF, "refer", now=NOW, details={"to": "street"}, note="涉及两个社区"
    )
    assert topic.steps == {
        "implement": 1,
        "explain_dissent": 1,
        "report": 1,
        "refer": 1,
    }


def test_a_redeliberation_is_planned_again_and_opens_a_second_linked_sitting_WZ_5_6_c():
    topic = settled(Outcome.REDELIBERATE)
    assert topic.status == "redeliberate" and "plan" in topic.allowed_actions()
    plan(topic)
    announce_topic(topic, STAFF, ["wechat"])
    start_sitting(topic, STAFF, "sitting-2")
    assert topic.collect_events()[-1].sequence == 2 and topic.sittings == [
        "sitting-1",
        "sitting-2",
    ]


def test_a_terminated_topic_is_not_implemented_WZ_5_6_c():
    topic = settled(Outcome.TERMINATED)
    with pytest.raises(TransitionNotAllowed):
        record_step(topic, STAFF, "implement", now=NOW, details={"route": "community"})


def test_officials_notes_are_their_own_so_erasing_the_proposer_keeps_them_WZ_5_8_d():
    topic = settled()
    report_implementation(
        topic,
        SUPERVISOR,
        ReportParts("进度过半", "无", "方便", "", False),
        False,
        NOW,
        None,
    )
    events = topic.collect_events()
    assert events[-1].subject_id == "sup-1"
    assert events[0].proposer_id == "resident-1", (
        "the proposal itself stays the proposer's"
    )
