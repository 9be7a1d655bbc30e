"""Who proposes, who takes part and votes, and in which form, without I/O (LS-2.4.1, LS-2.1, WZ-5.3-d)."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.deliberation.debate import sign_in
from domain.deliberation.participants import ParticipantCategory as C
from domain.deliberation.planning import FORMS, announce_topic, plan_topic
from domain.deliberation.profiles import WENZHOU
from domain.deliberation.sittings import Sitting
from domain.deliberation.vocabulary import ENTITLED, ProposerKind, TopicCategory
from domain.deliberation.voting import RULES, cast, close_vote, open_vote, tally
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.levels import Role
from tests.unit.test_topics import NOW, RESIDENT, STAFF, approved, plan, proposed

HOST = Actor("host", Role.COMMUNITY_STAFF, "CX0101")
# LS-2.1's four groups, one person each, entered under the category ParticipantCategory's docstring gives.
LS_GROUPS = {
    "resident-rep": C.STAKEHOLDER,
    "property-co": C.STAKEHOLDER,  # group representatives
    "enforcement-dept": C.DEPARTMENT,  # unit representatives
    "social-worker": C.EXPERT,  # professionals
    "volunteer": C.NON_STAKEHOLDER,
}  # volunteers


def test_the_committees_may_propose_any_topic_and_others_are_filed_with_the_committee_LS_2_4_1():
    """LS-2.4.1: party organisation / residents' committee members propose in every category; a resident's
    topic is filed with (registered by) the residents' committee before anything else can happen to it."""
    assert all(ProposerKind.COMMITTEE_MEMBER in kinds for kinds in ENTITLED.values())
    for category in TopicCategory:
        proposed(category, ProposerKind.COMMITTEE_MEMBER)
    topic = proposed()
    assert topic.allowed_actions() == ["register"]
    with pytest.raises(TransitionNotAllowed) as unfiled:
        plan_topic(
            topic,
            STAFF,
            NOW,
            "x",
            "seminar",
            "h",
            {"resident-1": C.STAKEHOLDER},
            now=NOW,
        )
    assert unfiled.value.allowed == ["register"]


def test_of_the_four_participant_groups_only_group_representatives_vote_LS_2_1_WZ_5_5_d():
    """LS-2.1 mapped onto the categories: group representatives → stakeholder (they vote); unit
    representatives → department, professionals → expert, volunteers → non_stakeholder (they take part,
    sign in and may be heard, but do not vote)."""
    sitting = Sitting.open(
        HOST,
        "topic-1",
        WENZHOU,
        "online",
        "seminar",
        LS_GROUPS,
        proposer_id="resident-rep",
        host="host",
        recorder="host",
    )
    for person in LS_GROUPS:
        sign_in(sitting, HOST, person)
    assert sitting.eligible == {"resident-rep", "property-co"}
    open_vote(sitting, HOST, RULES, "议事规则")
    for outsider in ("enforcement-dept", "social-worker", "volunteer"):
        with pytest.raises(OutsideJurisdiction) as no_vote:
            cast(sitting, Actor(outsider, Role.RESIDENT), RULES, "yes")
        assert no_vote.value.rule_id == "WZ-5.5-d"
    for voter in ("resident-rep", "property-co"):
        cast(sitting, Actor(voter, Role.RESIDENT), RULES, "yes")
    assert close_vote(sitting, HOST, RULES) and tally(sitting, 2, 0, 0).eligible == 2
    with pytest.raises(InvalidValue):
        Sitting.open(
            HOST,
            "topic-1",
            WENZHOU,
            "online",
            "seminar",
            {"volunteer": C.NON_STAKEHOLDER},
            proposer_id="v",
            host="host",
            recorder="host",
        )


def test_an_unknown_form_is_refused_with_the_allowed_forms_WZ_5_3_d_LS_2_4_4():
    topic = approved()
    with pytest.raises(InvalidValue) as unknown:
        plan(topic, form="karaoke")
    assert unknown.value.rule_id == "WZ-5.3-d" and unknown.value.allowed == sorted(
        FORMS
    )
    assert {
        "online",
        "seminar",
        "argumentation",
        "hearing",
        "online_offline",
        "door_to_door",
        "written",
    } <= set(FORMS)
    assert {
        "proposal",
        "meeting",
        "publicity",
        "evaluation",
        "consultation",
        "survey",
    } <= set(FORMS), "LS adds"
    for form in FORMS:
        plan(approved(), form=form)


@pytest.mark.parametrize("form", ["door_to_door", "written"])
def test_door_to_door_and_written_forms_need_no_rules_of_procedure_WZ_5_3_d_LS_2_4_4_WZ_5_5_a(
    form,
):
    topic = approved()
    plan(topic, form=form)
    announce_topic(topic, STAFF, ["sms"])
    sitting = Sitting.open(
        HOST,
        str(topic.id),
        WENZHOU,
        "on_site",
        form,
        {"resident-1": C.STAKEHOLDER},
        proposer_id="resident-1",
        host="host",
        recorder="host",
    )
    assert sitting.rules_adopted and sitting.allowed_actions() == [
        "attach_media",
        "explain",
        "sign_in",
    ]
    seminar = approved()
    plan(seminar, form="seminar")
    with pytest.raises(InvalidValue):
        announce_topic(seminar, RESIDENT, ["sms"])
