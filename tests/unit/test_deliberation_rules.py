"""Boundary tests of every threshold of every rule profile, in exact counts (section P)."""

from __future__ import annotations

import pytest

from domain.deliberation.outcome import (
    Outcome,
    Tally,
    check_quorum,
    rules_adopted,
    settle,
)
from domain.deliberation.profiles import (
    JINHUA,
    LISHUI,
    PROFILES,
    SHAOXING,
    WENZHOU,
    profile,
)
from domain.deliberation.thresholds import Threshold, at_least, more_than
from domain.errors import InvalidValue, TransitionNotAllowed


def nine(yes: int, present: int = 9, no: int | None = None) -> Tally:
    """9 eligible voters; whoever does not vote yes votes no unless told otherwise."""
    return Tally(
        eligible=9,
        present=present,
        yes=yes,
        no=present - yes if no is None else no,
        abstain=0 if no is None else present - yes - no,
    )


def test_rules_of_procedure_are_adopted_at_6_of_9_not_5_WZ_5_6_b():
    for key in PROFILES:
        assert rules_adopted(profile(key), nine(6)) and not rules_adopted(
            profile(key), nine(5)
        ), key


def test_wenzhou_consensus_at_5_of_9_not_4_WZ_5_5_c():
    assert settle(WENZHOU, nine(5)) is Outcome.CONSENSUS
    assert settle(WENZHOU, nine(4)) is not Outcome.CONSENSUS


def test_wenzhou_terminated_at_2_redeliberate_at_3_WZ_5_6_c():
    assert settle(WENZHOU, nine(2)) is Outcome.TERMINATED
    assert settle(WENZHOU, nine(3)) is Outcome.REDELIBERATE
    assert settle(WENZHOU, nine(4)) is Outcome.REDELIBERATE


def test_wenzhou_counts_against_all_eligible_voters_so_absence_and_abstention_are_not_yes_WZ_5_5_c():
    assert settle(WENZHOU, nine(yes=5, present=5)) is Outcome.CONSENSUS
    assert settle(WENZHOU, nine(yes=4, present=5)) is Outcome.REDELIBERATE
    assert settle(WENZHOU, nine(yes=4, present=9, no=0)) is Outcome.REDELIBERATE, (
        "abstentions are not yes"
    )


def test_lishui_quorum_is_two_thirds_of_participants_present_LS_2_4_6():
    check_quorum(LISHUI, participants=9, present=6)
    with pytest.raises(TransitionNotAllowed) as refused:
        check_quorum(LISHUI, participants=9, present=5)
    assert refused.value.rule_id == "LS-2.4.6" and "(6)" in str(refused.value)
    check_quorum(WENZHOU, participants=9, present=1)  # Wenzhou sets no quorum


def test_lishui_passes_at_more_than_half_of_valid_votes_LS_2_4_6():
    assert settle(LISHUI, nine(yes=4, present=7, no=3)) is Outcome.CONSENSUS, (
        "4 of 7 cast"
    )
    assert settle(LISHUI, nine(yes=3, present=6, no=3)) is Outcome.REDELIBERATE, (
        "3 of 6 is not more than half"
    )
    assert settle(LISHUI, nine(yes=0, present=6, no=6)) is Outcome.REDELIBERATE, (
        "LS never terminates by count"
    )


def test_jinhua_consensus_at_more_than_two_thirds_of_attendees_JH_5_3():
    assert settle(JINHUA, nine(7)) is Outcome.CONSENSUS
    assert settle(JINHUA, nine(6)) is Outcome.REDELIBERATE, (
        "6 of 9 is exactly 2/3, not more"
    )
    assert settle(JINHUA, nine(yes=5, present=6)) is Outcome.CONSENSUS, (
        "5 of 6 attendees"
    )
    assert settle(JINHUA, nine(2)) is Outcome.TERMINATED


def test_shaoxing_has_immediate_and_in_depth_deadlines_SX_T1():
    assert SHAOXING.topic_classes and SHAOXING.deadlines.immediate_response_hours == 48
    assert SHAOXING.deadlines.in_depth_start_working_days == 5
    assert (
        settle(SHAOXING, nine(5)) is Outcome.CONSENSUS
        and settle(SHAOXING, nine(2)) is Outcome.TERMINATED
    )


def test_wenzhou_deadlines_and_speaking_limits_are_the_profile_defaults_WZ_5_3_a_WZ_5_3_b_WZ_5_5_b():
    d = WENZHOU.deadlines
    assert (
        d.settle_plan_working_days,
        d.sit_within_working_days,
        d.communicate_within_days,
        d.simple_done_within_working_days,
    ) == (10, 15, 2, 30)
    assert (WENZHOU.speech_minutes, WENZHOU.speeches_per_person) == (3, 2)


def test_thresholds_are_integer_exact_at_every_size():
    for base in range(0, 61):
        assert at_least(2, 3).minimum(base) == -(-2 * base // 3)
        assert more_than(1, 2).minimum(base) == base // 2 + 1
        assert at_least(1, 3).minimum(base) == -(-base // 3)


def test_impossible_thresholds_and_counts_that_do_not_add_up_are_refused():
    for bad in ((3, 2, False), (1, 0, False), (1, 1, True), (-1, 2, False)):
        with pytest.raises(InvalidValue):
            Threshold(*bad)
    for counts in ((9, 10, 0, 0, 0), (9, 5, 3, 3, 0), (9, 9, -1, 0, 0)):
        with pytest.raises(InvalidValue):
            Tally(*counts)
    with pytest.raises(InvalidValue) as unknown:
        profile("hangzhou-2030")
    assert set(unknown.value.allowed) == set(PROFILES)


def test_the_record_gives_each_count_as_a_percentage_of_attendees_JH_5_3():
    assert nine(yes=6, present=9, no=2).shares() == {
        "yes": "66.7%",
        "no": "22.2%",
        "abstain": "11.1%",
    }
    assert Tally(0, 0, 0, 0, 0).shares() == {
        "yes": "0.0%",
        "no": "0.0%",
        "abstain": "0.0%",
    }


def test_a_profile_is_pinned_by_key_and_version_P():
    assert {p.pinned() for p in PROFILES.values()} == {
        "wenzhou-2021@1",
        "lishui-2017@1",
        "jinhua-2023@1",
        "shaoxing-2024@1",
    }
    assert [s.key for s in WENZHOU.major_decision][:2] == ["proposal", "committees"]
