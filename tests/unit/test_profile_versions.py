"""Profile pins are real (section P): a topic and its sittings read the pinned `key@version`,
so a new version of a profile changes nothing already open. Without I/O."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.actors import Actor
from domain.deliberation.debate import explain, sign_in
from domain.deliberation.major_decision import MajorDecision
from domain.deliberation.profiles import (
    PROFILES,
    VERSIONS,
    WENZHOU,
    Base,
    Rule,
    profile,
)
from domain.deliberation.sittings import ParticipantCategory as C
from domain.deliberation.sittings import Sitting
from domain.deliberation.thresholds import more_than
from domain.deliberation.voting import RULES, close_vote, open_vote, record_counts
from domain.errors import InvalidValue
from domain.levels import Role

HOST = Actor("host", Role.COMMUNITY_STAFF, "CX0101")
VOTERS = [f"s{i}" for i in range(1, 10)]
WENZHOU_2 = replace(
    WENZHOU,
    version="2",
    passing=Rule(more_than(2, 3), Base.ELIGIBLE),
    major_decision=WENZHOU.major_decision[:3],
)


@pytest.fixture
def version_2(monkeypatch):
    monkeypatch.setitem(VERSIONS, (WENZHOU.key, "2"), WENZHOU_2)
    monkeypatch.setitem(PROFILES, WENZHOU.key, WENZHOU_2)


def counted(sitting: Sitting, item: str, yes: int) -> bool:
    open_vote(sitting, HOST, item, item)
    record_counts(sitting, HOST, item, yes, 9 - yes, 0)
    return close_vote(sitting, HOST, item)


def test_a_pin_resolves_its_own_version_and_a_bare_key_the_latest_P(version_2):
    assert profile("wenzhou-2021@1") is WENZHOU
    assert profile("wenzhou-2021@2") is WENZHOU_2
    assert profile("wenzhou-2021") is WENZHOU_2
    with pytest.raises(InvalidValue) as unknown:
        profile("wenzhou-2021@9")
    assert unknown.value.rule_id == "P"


def test_an_open_sitting_keeps_version_1_when_version_2_comes_in_P(monkeypatch):
    sitting = Sitting.open(
        HOST,
        "topic-1",
        WENZHOU,
        "on_site",
        "seminar",
        {v: C.STAKEHOLDER for v in VOTERS},
        proposer_id="s1",
        host="host",
        recorder="host",
    )
    for voter in VOTERS:
        sign_in(sitting, HOST, voter)
    assert counted(sitting, RULES, 6)
    explain(sitting, HOST, "说明")
    monkeypatch.setitem(VERSIONS, (WENZHOU.key, "2"), WENZHOU_2)
    monkeypatch.setitem(PROFILES, WENZHOU.key, WENZHOU_2)
    assert sitting.rule_profile is WENZHOU and sitting.profile_key == "wenzhou-2021@1"
    assert counted(sitting, "item-1", 6) is True, (
        "6 of 9 passes > 1/2 (v1), not > 2/3 (v2)"
    )


def test_a_major_decision_keeps_the_stages_of_its_pinned_version_P(version_2):
    procedure = MajorDecision.start(HOST, "topic-1", WENZHOU)
    assert procedure.stages == WENZHOU.major_decision
    assert MajorDecision.start(HOST, "topic-2", WENZHOU_2).stages == (
        WENZHOU_2.major_decision
    )
