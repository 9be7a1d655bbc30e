"""A deliberation topic from proposal to review, without I/O (WZ-5.1, WZ-5.2, JH-4.1, JH-4.2, SX-T1)."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.deliberation.profiles import JINHUA, SHAOXING, WENZHOU
from domain.deliberation.topics import Review, Roles, Topic
from domain.deliberation.vocabulary import (MustDeliberate, MustNotDeliberate, ProposerKind, ReviewCheck,
                                            TopicCategory, TopicClass)
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.levels import Role

RESIDENT = Actor("resident-1", Role.RESIDENT, "CX010101")
STAFF = Actor("staff-1", Role.COMMUNITY_STAFF, "CX0101")
ROLES = Roles(convenor="resident-1", recorder="staff-1", guide="staff-2")
PASSING = {c: (True, f"{c.value} ok") for c in ReviewCheck}


def proposed(category=TopicCategory.COMMUNITY_RESIDENTS, kind=ProposerKind.RESIDENT) -> Topic:
    return Topic.propose(RESIDENT, "CX0101", category, kind, "resident-1", "wechat", "加装电梯", "3栋老人多",
                         linked_requests=["r2", "r1", "r2"])


def registered(**kwargs) -> Topic:
    topic = proposed()
    topic.register(STAFF, "2026-017", **kwargs)
    return topic


def review(checks=PASSING, must=(MustDeliberate.PUBLIC_AFFAIRS,), must_not=None) -> Review:
    return Review("JM-2026-11", ("staff-1", "staff-2", "staff-3"), checks, tuple(must), must_not)


def test_only_those_entitled_to_a_category_may_propose_it_WZ_5_1_a():
    assert proposed().linked_requests == ["r1", "r2"], "linked requests kept once each"
    with pytest.raises(OutsideJurisdiction) as refused:
        proposed(TopicCategory.BUILDING, ProposerKind.RESIDENT)
    assert refused.value.rule_id == "WZ-5.1-a" and refused.value.allowed == ["community_residents"]
    proposed(TopicCategory.BUILDING, ProposerKind.GROUP_LEADER)
    with pytest.raises(OutsideJurisdiction):
        proposed(TopicCategory.INTERNAL, ProposerKind.COMMUNITY)


def test_the_channel_is_recorded_and_the_committee_registers_and_classes_it_WZ_5_1_b_WZ_5_1_c_SX_T1():
    topic = registered(topic_class=TopicClass.IMMEDIATE)
    raised, reg = topic.collect_events()
    assert raised.channel == "wechat" and (reg.number, reg.topic_class) == ("2026-017", "immediate")
    with pytest.raises(TransitionNotAllowed) as again:
        topic.register(STAFF, "2026-018")
    assert again.value.rule_id == "WZ-5.1-c" and again.value.allowed == ["review"]


def test_approval_records_the_three_checks_and_assigns_convenor_recorder_guide_and_pins_the_profile_WZ_5_2_a_b():
    topic = registered()
    topic.review(STAFF, review(), WENZHOU, ROLES)
    event = topic.collect_events()[-1]
    assert topic.status == "approved" and topic.profile == "wenzhou-2021@1"
    assert event.checks == {"nature": True, "scope": True, "feasibility": True}
    assert (event.convenor, event.recorder, event.guide) == ("resident-1", "staff-1", "staff-2")
    assert event.reasons["scope"] == "scope ok" and event.subject_id == "resident-1"


def test_a_failed_check_rejects_with_its_reason_and_no_roles_WZ_5_2_a_WZ_5_2_c():
    topic = registered()
    topic.review(STAFF, review({**PASSING, ReviewCheck.SCOPE: (False, "只涉及两户")}), WENZHOU, None)
    event = topic.collect_events()[-1]
    assert topic.status == "rejected" and event.checks["scope"] is False and event.convenor is None
    assert topic.allowed_actions() == ["notify_proposer"]
    topic.notify_proposer(STAFF, "phone")
    assert topic.allowed_actions() == []


def test_each_five_must_not_item_rejects_under_jinhua_JH_4_2():
    for item in MustNotDeliberate:
        topic = registered()
        topic.review(STAFF, review(must=(), must_not={item: "见说明"}), JINHUA, ROLES)
        event = topic.collect_events()[-1]
        assert topic.status == "rejected" and event.must_not == [item.value] and event.convenor is None, item


def test_jinhua_requires_the_six_five_screen_at_review_JH_4_1_JH_4_2():
    with pytest.raises(InvalidValue) as unscreened:
        registered().review(STAFF, review(must_not=None), JINHUA, ROLES)
    assert unscreened.value.rule_id == "JH-4.2"
    with pytest.raises(InvalidValue) as no_ground:
        registered().review(STAFF, review(must=(), must_not={}), JINHUA, ROLES)
    assert no_ground.value.rule_id == "JH-4.1"
    topic = registered()
    topic.review(STAFF, review(must_not={}), JINHUA, ROLES)
    assert topic.status == "approved" and topic.profile == "jinhua-2023@1"


def test_review_refuses_missing_checks_reasons_attendance_or_roles_WZ_5_2_a_WZ_5_2_b():
    cases = [(review({ReviewCheck.NATURE: (True, "ok")}), ROLES, "WZ-5.2-a"),
             (review({**PASSING, ReviewCheck.NATURE: (True, "  ")}), ROLES, "WZ-5.2-a"),
             (Review("JM", (), PASSING), ROLES, "WZ-5.2-a"),
             (review(), Roles("c", "", "g"), "WZ-5.2-b"), (review(), None, "WZ-5.2-b")]
    for bad, roles, rule in cases:
        topic = registered()
        with pytest.raises(InvalidValue) as refused:
            topic.review(STAFF, bad, WENZHOU, roles)
        assert refused.value.rule_id == rule and topic.status == "registered"


def test_shaoxing_approval_needs_the_topic_class_SX_T1():
    with pytest.raises(InvalidValue) as unclassed:
        registered().review(STAFF, review(), SHAOXING, ROLES)
    assert unclassed.value.rule_id == "SX-T1"
    topic = registered()
    topic.review(STAFF, review(), SHAOXING, ROLES, topic_class=TopicClass.IN_DEPTH)
    assert topic.topic_class == "in_depth"


def test_review_comes_only_after_registration_WZ_5_1_c():
    with pytest.raises(TransitionNotAllowed) as early:
        proposed().review(STAFF, review(), WENZHOU, ROLES)
    assert early.value.allowed == ["register"]
