"""The major-decision procedure in the profile's order with its thresholds (LS-2.4.12, WZ-5.6-c)."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.deliberation.major_decision import MajorDecision
from domain.deliberation.outcome import Tally
from domain.deliberation.profiles import WENZHOU
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.levels import Role

STAFF = Actor("staff-1", Role.COMMUNITY_STAFF, "CX0101")


def started() -> MajorDecision:
    procedure = MajorDecision.start(STAFF, "topic-1", WENZHOU)
    assert procedure.record(STAFF, "proposal", "党组织会议")
    return procedure


def test_stages_run_in_order_with_their_thresholds_LS_2_4_12():
    procedure = started()
    with pytest.raises(TransitionNotAllowed) as out_of_order:
        procedure.record(STAFF, "party_assembly", "m", Tally(30, 30, 30, 0, 0))
    assert out_of_order.value.allowed == ["record:committees"]
    assert not procedure.record(STAFF, "committees", "两委会", Tally(9, 9, 4, 5, 0)), (
        "4 of 9 is not more than half"
    )
    assert procedure.record(STAFF, "committees", "两委会", Tally(9, 9, 5, 4, 0))
    assert procedure.allowed_actions() == [
        "record:supervision_check",
        "skip:supervision_check",
    ]
    procedure.skip(STAFF, "supervision_check", "监委会列席两委会")


def test_party_assembly_needs_two_thirds_present_and_more_than_half_of_members_LS_2_4_12():
    procedure = started()
    procedure.record(STAFF, "committees", "m", Tally(9, 9, 9, 0, 0))
    procedure.skip(STAFF, "supervision_check", "n/a")
    assert not procedure.record(
        STAFF, "party_assembly", "m", Tally(30, 19, 19, 0, 0)
    ), "19 of 30 present < 2/3"
    assert not procedure.record(
        STAFF, "party_assembly", "m", Tally(30, 20, 15, 5, 0)
    ), "15 of 30 members"
    assert procedure.record(STAFF, "party_assembly", "m", Tally(30, 20, 16, 4, 0))
    assert procedure.record(
        STAFF, "resolution", "居民代表会议", Tally(50, 41, 21, 20, 0)
    ), "21 of 41 attendees"
    assert procedure.record(STAFF, "publish_resolution", "公告栏", content="决议全文")
    assert procedure.record(STAFF, "publish_result", "公告栏", content="已完工")
    assert procedure.next_stage() is None and procedure.allowed_actions() == []


def test_a_voted_stage_needs_its_counts_and_a_required_stage_cannot_be_skipped_LS_2_4_12():
    procedure = started()
    with pytest.raises(InvalidValue):
        procedure.record(STAFF, "committees", "m")
    with pytest.raises(TransitionNotAllowed):
        procedure.skip(STAFF, "committees", "赶时间")
