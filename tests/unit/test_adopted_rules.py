"""The rules of procedure a sitting adopts govern it (WZ-5.5-a/b/c, WZ-5.6-b), without I/O.

A drafted pass share decides every item vote and the outcome; a drafted limit of speeches refuses
the next speech; a drafted speech time marks a longer speech over time. A draft voted down is
redrafted and voted again, or the sitting closes without a result.
"""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.deliberation.debate import explain, request_floor, sign_in, speak
from domain.deliberation.outcome import Outcome
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.profiles import WENZHOU
from domain.deliberation.settling import settle_sitting
from domain.deliberation.sitting_rules import close_without_result, redraft_rules
from domain.deliberation.sittings import ParticipantCategory as C
from domain.deliberation.sittings import Sitting
from domain.deliberation.thresholds import at_least, more_than, parse
from domain.deliberation.voting import RULES, close_vote, open_vote, record_counts
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.levels import Role

VOTERS = [f"s{i}" for i in range(1, 11)]  # ten eligible voters
HOST = Actor("host", Role.COMMUNITY_STAFF, "CX0101")
RECORDER = Actor("rec", Role.COMMUNITY_STAFF, "CX0101")
STRICT = ProcedureRules.drafted(
    WENZHOU, speech_minutes=2, speeches_per_person=1, passing=at_least(3, 4)
)


def opened(rules: ProcedureRules | None = STRICT, form: str = "seminar") -> Sitting:
    sitting = Sitting.open(
        HOST,
        "topic-1",
        WENZHOU,
        "on_site",
        form,
        {v: C.STAKEHOLDER for v in VOTERS},
        proposer_id="s1",
        host="host",
        recorder="rec",
        rules=rules,
    )
    for voter in VOTERS:
        sign_in(sitting, RECORDER, voter)
    return sitting


def counted(sitting: Sitting, item: str, yes: int, no: int) -> bool:
    open_vote(sitting, HOST, item, item)
    record_counts(sitting, RECORDER, item, yes, no, 0)
    return close_vote(sitting, HOST, item)


def debating(rules: ProcedureRules | None = STRICT) -> Sitting:
    sitting = opened(rules)
    assert counted(sitting, RULES, 7, 3)
    explain(sitting, Actor("s1", Role.RESIDENT, "CX010101"), "说明")
    return sitting


def speeches(sitting: Sitting) -> list[tuple[int, bool]]:
    return [
        (e.seconds, e.over_time)
        for e in sitting.collect_events()
        if isinstance(e, Sitting.SpeechRecorded)
    ]


def test_an_adopted_three_quarter_share_refuses_7_of_10_and_settles_no_consensus_WZ_5_5_c():
    sitting = debating()
    assert counted(sitting, "item-1", 7, 3) is False, "7 of 10 is below ≥ 3/4"
    assert settle_sitting(sitting, HOST, "方案") is Outcome.REDELIBERATE
    closed = [e for e in sitting.collect_events() if isinstance(e, Sitting.VoteClosed)]
    assert closed[-1].threshold == "≥ 3/4 of eligible", "the rule actually applied"


def test_the_same_7_of_10_passes_under_the_profile_share_when_no_rules_were_drafted_WZ_5_5_c():
    sitting = debating(rules=None)
    assert sitting.applied_rules == ProcedureRules.of_profile(WENZHOU)
    assert counted(sitting, "item-1", 7, 3) is True
    assert settle_sitting(sitting, HOST, "方案") is Outcome.CONSENSUS


def test_an_adopted_share_passes_at_8_of_10_WZ_5_5_c():
    sitting = debating()
    assert counted(sitting, "item-1", 8, 2) is True
    assert settle_sitting(sitting, HOST, "方案") is Outcome.CONSENSUS


def test_an_adopted_limit_of_one_speech_refuses_the_second_WZ_5_5_b():
    sitting = debating()
    request_floor(sitting, HOST, "s2", "for")
    speak(sitting, HOST, "s2", 60, "支持")
    with pytest.raises(TransitionNotAllowed) as refused:
        request_floor(sitting, HOST, "s2", "for")
    assert refused.value.rule_id == "WZ-5.5-b"
    assert sitting.spoken == {"s2": 1}


def test_an_adopted_two_minute_limit_marks_150_and_170_seconds_over_time_WZ_5_5_b():
    sitting = debating()
    for voter, seconds in (("s2", 120), ("s3", 150), ("s4", 170)):
        request_floor(sitting, HOST, voter, "for")
        speak(sitting, HOST, voter, seconds, "…")
    assert speeches(sitting) == [(120, False), (150, True), (170, True)]


def test_rules_drafted_but_not_adopted_do_not_apply_WZ_5_6_b():
    sitting = opened()
    assert sitting.applied_rules == ProcedureRules.of_profile(WENZHOU)
    assert counted(sitting, RULES, 6, 4) is False, "6 of 10 is below 2/3"
    assert sitting.adopted_rules is None


def test_a_draft_below_the_profile_share_is_refused_WZ_5_5_c():
    with pytest.raises(InvalidValue) as refused:
        ProcedureRules.drafted(WENZHOU, passing=at_least(1, 2))
    assert refused.value.rule_id == "WZ-5.5-c"
    assert ProcedureRules.drafted(WENZHOU).passing == more_than(1, 2)


def test_a_pass_share_reads_back_from_its_recorded_text_WZ_5_5_c():
    assert parse("≥ 3/4") == at_least(3, 4) and parse("> 1/2") == more_than(1, 2)
    with pytest.raises(InvalidValue):
        parse("three quarters")


def test_a_rejected_draft_is_redrafted_and_adopted_on_a_second_vote_WZ_5_5_a():
    sitting = opened()
    assert counted(sitting, RULES, 6, 4) is False
    assert sitting.allowed_actions() == [
        "attach_media",
        "close_without_result",
        "redraft_rules",
        "sign_in",
    ]
    with pytest.raises(TransitionNotAllowed) as sealed:
        open_vote(sitting, HOST, RULES, "again")
    assert sealed.value.rule_id == "WZ-6" and "redraft_rules" in sealed.value.allowed
    gentler = ProcedureRules.drafted(WENZHOU, speech_minutes=3, passing=at_least(2, 3))
    redraft_rules(sitting, HOST, gentler)
    assert sitting.allowed_actions() == ["attach_media", "open_vote", "sign_in"]
    assert counted(sitting, RULES, 7, 3) is True
    assert sitting.adopted_rules == gentler
    assert sitting.allowed_actions() == ["attach_media", "explain", "sign_in"]


def test_redrafting_is_refused_unless_the_draft_was_voted_down_WZ_5_5_a():
    sitting = opened()
    with pytest.raises(TransitionNotAllowed) as refused:
        redraft_rules(sitting, HOST, STRICT)
    assert refused.value.rule_id == "WZ-5.5-a"
    assert counted(sitting, RULES, 7, 3)
    with pytest.raises(TransitionNotAllowed):
        redraft_rules(sitting, HOST, STRICT)


def test_a_sitting_whose_draft_is_voted_down_closes_without_a_result_WZ_5_6_b():
    sitting = opened()
    with pytest.raises(TransitionNotAllowed) as early:
        close_without_result(sitting, HOST)
    assert early.value.rule_id == "WZ-5.6-b"
    assert counted(sitting, RULES, 5, 5) is False
    close_without_result(sitting, HOST)
    assert sitting.allowed_actions() == ["attach_media"] and sitting.outcome is None
    for refused in (
        lambda: redraft_rules(sitting, HOST, STRICT),
        lambda: close_without_result(sitting, HOST),
        lambda: open_vote(sitting, HOST, RULES, "x"),
    ):
        with pytest.raises(TransitionNotAllowed):
            refused()


def test_every_offered_action_of_a_rejected_sitting_is_accepted_WZ_5_6_b():
    """`allowed_actions` never offers what the state would refuse."""
    for action in ("redraft_rules", "close_without_result"):
        sitting = opened()
        counted(sitting, RULES, 6, 4)
        assert action in sitting.allowed_actions()
        if action == "redraft_rules":
            redraft_rules(sitting, HOST, STRICT)
            open_vote(sitting, HOST, RULES, "议事规则（修订）")
        else:
            close_without_result(sitting, HOST)


def test_door_to_door_sittings_put_no_rules_to_the_vote_WZ_5_5_a():
    sitting = opened(form="door_to_door")
    assert sitting.draft_rules is None and sitting.rules_adopted
