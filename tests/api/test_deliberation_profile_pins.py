"""A new profile version changes nothing already open (section P), through the API on both backends:
the topic approved under `wenzhou-2021@1` is sat and settled under version 1 after version 2
(pass share > 2/3) comes in; a topic approved afterwards pins version 2."""

from __future__ import annotations

from dataclasses import replace

from domain.deliberation.profiles import PROFILES, VERSIONS, WENZHOU, Base, Rule
from domain.deliberation.thresholds import more_than
from tests.api.deliberation_helpers import PROPOSER, STAFF, Deliberation

WENZHOU_2 = replace(WENZHOU, version="2", passing=Rule(more_than(2, 3), Base.ELIGIBLE))


def test_an_open_topic_keeps_version_1_when_version_2_comes_in_P(
    client, auth, monkeypatch
):
    d = Deliberation(client, auth)
    d.propose()
    assert d.approve()["profile"] == "wenzhou-2021@1"
    monkeypatch.setitem(VERSIONS, (WENZHOU.key, "2"), WENZHOU_2)
    monkeypatch.setitem(PROFILES, WENZHOU.key, WENZHOU_2)
    d.prepare()
    d.sit_and_vote(6, 3)  # 6 of 9: > 1/2 (version 1), not > 2/3 (version 2)
    state = d.get(STAFF, f"/sittings/{d.sitting_id}")
    assert state["profile"] == "wenzhou-2021@1" and state["votes"]["item-1"]["passed"]
    settled = d.sitting(PROPOSER, "settle", implementation_plan="按方案实施")
    assert settled["outcome"] == "consensus"
    later = Deliberation(client, auth)
    later.propose()
    assert later.approve()["profile"] == "wenzhou-2021@2"
