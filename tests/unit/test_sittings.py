"""A sitting under the rules, without I/O (WZ-5.5-b/c/d, WZ-5.6-a/b/c, LS-2.4.6, JH-5.3)."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.deliberation.debate import (
    expert_statement,
    explain,
    request_floor,
    sign_in,
    speak,
)
from domain.deliberation.outcome import Outcome
from domain.deliberation.profiles import JINHUA, LISHUI, WENZHOU
from domain.deliberation.settling import settle_sitting
from domain.deliberation.sittings import ParticipantCategory as C
from domain.deliberation.sittings import Sitting
from domain.deliberation.voting import RULES, cast, close_vote, open_vote, record_counts
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.levels import Role

VOTERS = [f"s{i}" for i in range(1, 10)]
OTHERS = {"expert": C.EXPERT, "dept": C.DEPARTMENT, "visitor": C.NON_STAKEHOLDER}
HOST, RECORDER = (
    Actor("host", Role.COMMUNITY_STAFF, "CX0101"),
    Actor("rec", Role.COMMUNITY_STAFF, "CX0101"),
)


def person(pid: str) -> Actor:
    return Actor(pid, Role.RESIDENT, "CX010101")


def opened(mode="on_site", profile=WENZHOU, form="seminar") -> Sitting:
    participants = {**{v: C.STAKEHOLDER for v in VOTERS}, **OTHERS}
    sitting = Sitting.open(
        HOST,
        "topic-1",
        profile,
        mode,
        form,
        participants,
        proposer_id="s1",
        host="host",
        recorder="rec",
    )
    for p in participants:
        sign_in(sitting, RECORDER, p)
    return sitting


def counted(sitting: Sitting, item: str, yes: int, no: int, abstain: int = 0) -> bool:
    open_vote(sitting, HOST, item, item)
    record_counts(sitting, RECORDER, item, yes, no, abstain)
    return close_vote(sitting, HOST, item)


def debating(mode="on_site", profile=WENZHOU) -> Sitting:
    sitting = opened(mode, profile)
    if mode == "on_site":
        assert counted(sitting, RULES, 6, 3)
    else:
        open_vote(sitting, HOST, RULES, "议事规则")
        for voter in VOTERS[:6]:
            cast(sitting, person(voter), RULES, "yes")
        assert close_vote(sitting, HOST, RULES)
    explain(sitting, person("s1"), "说明")
    return sitting


def refused(action, rule_id: str, error=TransitionNotAllowed):
    with pytest.raises(error) as caught:
        action()
    assert caught.value.rule_id == rule_id, caught.value
    return caught.value


def test_rules_adopted_at_6_of_9_eligible_voters_not_5_and_nothing_before_WZ_5_6_b():
    sitting = opened()
    refused(lambda: explain(sitting, person("s1"), "x"), "WZ-5.6-b")
    assert counted(sitting, RULES, 5, 4) is False
    assert sitting.ballots.passed[RULES] is False and sitting.allowed_actions() == [
        "attach_media",
        "close_without_result",
        "redraft_rules",
        "sign_in",
    ]
    refused(lambda: open_vote(sitting, HOST, RULES, "again"), "WZ-6")


def test_rules_vote_passes_at_six_then_deliberation_starts_WZ_5_6_b():
    sitting = opened()
    assert counted(sitting, RULES, 6, 3)
    assert sitting.allowed_actions() == ["attach_media", "explain", "sign_in"]


def test_no_rules_vote_for_door_to_door_or_written_forms_WZ_5_5_a():
    sitting = opened(form="door_to_door")
    refused(lambda: open_vote(sitting, HOST, RULES, "x"), "WZ-5.6-b")
    explain(sitting, person("s1"), "说明")


def test_speaking_queue_puts_first_time_speakers_first_then_alternates_WZ_5_5_b():
    sitting = debating()
    request_floor(sitting, HOST, "s2", "for")
    speak(sitting, HOST, "s2", 120, "支持")
    for who, side in (("s2", "for"), ("s3", "for"), ("s4", "against"), ("s5", "for")):
        request_floor(sitting, HOST, who, side)
    order = []
    while (turn := sitting.next_speaker()) is not None:
        order.append(turn.participant)
        speak(sitting, HOST, turn.participant, 60, "…")
    assert order == ["s4", "s3", "s5", "s2"], (
        "new speakers first (alternating from 'for'), the repeat speaker last"
    )


def test_a_third_speech_is_refused_and_speeches_keep_duration_and_count_WZ_5_5_b():
    sitting = debating()
    for seconds in (100, 200):
        request_floor(sitting, HOST, "s2", "against")
        speak(sitting, HOST, "s2", seconds, "反对")
    refused(lambda: request_floor(sitting, HOST, "s2", "against"), "WZ-5.5-b")
    speeches = [
        e for e in sitting.collect_events() if type(e).__name__ == "SpeechRecorded"
    ]
    assert [(e.seconds, e.over_time) for e in speeches] == [(100, False), (200, True)]
    assert sitting.spoken == {"s2": 2}


def test_only_the_speaker_whose_turn_it_is_may_speak_and_no_vote_while_hands_are_up_WZ_5_5_c():
    sitting = debating()
    request_floor(sitting, HOST, "s2", "for")
    refused(lambda: speak(sitting, HOST, "s3", 10, "x"), "WZ-5.5-b")
    refused(lambda: open_vote(sitting, HOST, "item-1", "x"), "WZ-5.5-c")


def test_wenzhou_outcomes_from_the_counts_WZ_5_6_c():
    for yes, expected in (
        (5, Outcome.CONSENSUS),
        (4, Outcome.REDELIBERATE),
        (3, Outcome.REDELIBERATE),
        (2, Outcome.TERMINATED),
    ):
        sitting = debating()
        counted(sitting, "item-1", yes, 9 - yes)
        assert settle_sitting(sitting, HOST, implementation_plan="plan") is expected, (
            yes
        )


def test_consensus_needs_an_implementation_plan_and_major_decision_is_declared_WZ_5_6_c():
    sitting = debating()
    refused(
        lambda: settle_sitting(sitting, HOST, "plan"), "WZ-5.6-c"
    )  # the rules vote alone settles nothing
    counted(sitting, "item-1", 9, 0)
    refused(lambda: settle_sitting(sitting, HOST), "WZ-5.6-c", InvalidValue)
    assert settle_sitting(sitting, HOST, major_decision=True) is Outcome.MAJOR_DECISION
    refused(lambda: settle_sitting(sitting, HOST, "plan"), "WZ-5.6-c")


def test_online_each_eligible_participant_votes_once_in_person_WZ_5_5_d():
    sitting = debating("online")
    open_vote(sitting, HOST, "item-1", "加装电梯")
    for outsider in OTHERS:
        refused(
            lambda outsider=outsider: cast(sitting, person(outsider), "item-1", "yes"),
            "WZ-5.5-d",
            OutsideJurisdiction,
        )
    cast(sitting, person("s1"), "item-1", "yes")
    refused(lambda: cast(sitting, person("s1"), "item-1", "no"), "WZ-5.6-a")
    refused(lambda: record_counts(sitting, RECORDER, "item-1", 9, 0, 0), "WZ-5.6-a")
    for voter in VOTERS[1:5]:
        cast(sitting, person(voter), "item-1", "yes")
    assert close_vote(sitting, HOST, "item-1"), "5 of 9 computed from the ballots"
    closed = sitting.collect_events()[-1]
    assert (
        closed.yes,
        closed.no,
        closed.abstain,
        closed.eligible,
        closed.threshold,
    ) == (5, 0, 0, 9, "> 1/2 of eligible")


def test_a_closed_vote_is_sealed_WZ_6():
    sitting = debating()
    counted(sitting, "item-1", 5, 4)
    refused(lambda: record_counts(sitting, RECORDER, "item-1", 9, 0, 0), "WZ-6")
    refused(lambda: open_vote(sitting, HOST, "item-1", "again"), "WZ-6")
    refused(lambda: close_vote(sitting, HOST, "item-1"), "WZ-6")
    assert sitting.ballots.closed["item-1"].yes == 5


def test_on_site_counts_are_entered_by_the_recorder_only_and_must_add_up_JH_5_3():
    sitting = debating()
    open_vote(sitting, HOST, "item-1", "x")
    refused(
        lambda: record_counts(sitting, HOST, "item-1", 5, 4, 0),
        "WZ-5.2-b",
        OutsideJurisdiction,
    )
    refused(
        lambda: record_counts(sitting, RECORDER, "item-1", 8, 4, 0),
        "JH-5.3",
        InvalidValue,
    )
    refused(lambda: close_vote(sitting, HOST, "item-1"), "JH-5.3")


def test_lishui_votes_item_by_item_with_a_quorum_LS_2_4_6():
    participants = {v: C.STAKEHOLDER for v in VOTERS}
    sitting = Sitting.open(
        HOST, "t", LISHUI, "on_site", "meeting", participants, "s1", "host", "rec"
    )
    for voter in VOTERS[:5]:
        sign_in(sitting, RECORDER, voter)
    refused(lambda: open_vote(sitting, HOST, RULES, "x"), "LS-2.4.6")
    sign_in(sitting, RECORDER, "s6")
    assert counted(sitting, RULES, 6, 0)
    explain(sitting, person("s1"), "x")
    assert counted(sitting, "item-1", 4, 2) and not counted(sitting, "item-2", 3, 3)
    assert settle_sitting(sitting, HOST, "plan") is Outcome.REDELIBERATE, (
        "a failed item is re-deliberated"
    )


def test_jinhua_consensus_needs_more_than_two_thirds_of_attendees_JH_5_3():
    sitting = debating(profile=JINHUA)
    counted(sitting, "item-1", 6, 3)
    assert settle_sitting(sitting, HOST, "plan") is Outcome.REDELIBERATE
    sitting = debating(profile=JINHUA)
    counted(sitting, "item-1", 7, 2)
    assert settle_sitting(sitting, HOST, "plan") is Outcome.CONSENSUS


def test_experts_state_but_non_experts_cannot_and_strangers_cannot_sign_in_WZ_5_6_a():
    sitting = debating()
    expert_statement(sitting, HOST, "expert", "结构安全")
    refused(
        lambda: expert_statement(sitting, HOST, "s2", "x"), "WZ-5.6-a", InvalidValue
    )
    refused(
        lambda: sign_in(sitting, RECORDER, "stranger"), "WZ-5.3-c", OutsideJurisdiction
    )


def test_the_agreed_plan_is_the_hosts_record_and_a_speech_its_speakers():
    sitting = debating()
    request_floor(sitting, HOST, "s2", "for")
    speak(sitting, HOST, "s2", 60, "支持")
    counted(sitting, "item-1", 9, 0)
    settle_sitting(sitting, HOST, implementation_plan="plan")
    events = {type(e).__name__: e for e in sitting.collect_events()}
    assert (
        events["OutcomeSettled"].subject_id == "host"
        and events["SpeechRecorded"].subject_id == "s2"
    )
