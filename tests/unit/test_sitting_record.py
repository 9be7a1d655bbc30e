"""The recorder's own record of a sitting, without I/O: media references (WZ-5.6-d) and the discussion
by aspect (LS-2.4.5), and how record 4 shows them."""

from __future__ import annotations

import pytest

from application.records.trace import build_records
from domain.actors import Actor
from domain.deliberation.outcome import Outcome
from domain.deliberation.settling import settle_sitting
from domain.deliberation.sitting_record import (
    DiscussionAspect,
    attach_media,
    note_discussion,
)
from domain.deliberation.voting import close_vote, open_vote, record_counts
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.levels import Role
from tests.unit.deliberation_history import (
    NAMES,
    PROPOSER,
    STAFF,
    announced,
    consensus_sitting,
    counted,
    debated,
    proposed,
    reviewed,
    sitting_opened,
)
from tests.unit.test_sittings import HOST, RECORDER, opened, refused

STRANGER = Actor("someone", Role.RESIDENT, "CX010101")


def sitting_1(story) -> dict:
    records = build_records(*story.events(), names=NAMES)
    return next(s for s in records[4]["sections"] if s["key"] == "sitting_1")["fields"]


def last_sitting_event(story):
    return list(story.events()[1].values())[-1][-1]


def test_the_recorder_keeps_references_to_the_written_record_video_and_stream_WZ_5_6_d():
    sitting = opened()
    attach_media(sitting, RECORDER, "video", "  档案2026-017-V1 ")
    attach_media(sitting, RECORDER, "stream", "https://live.example.cn/cx0101/2026-017")
    attached = sitting.collect_events()[-2:]
    assert [(e.kind, e.reference) for e in attached] == [
        ("video", "档案2026-017-V1"),
        ("stream", "https://live.example.cn/cx0101/2026-017"),
    ]
    assert not hasattr(attached[0], "subject_id"), "a reference is no personal data"


def test_media_of_an_unknown_kind_an_empty_reference_or_from_a_stranger_are_refused_WZ_5_6_d():
    sitting = opened()
    unknown = refused(
        lambda: attach_media(sitting, RECORDER, "hologram", "x"),
        "WZ-5.6-d",
        InvalidValue,
    )
    assert unknown.allowed == ["stream", "video", "written"]
    refused(
        lambda: attach_media(sitting, RECORDER, "written", "  "),
        "WZ-5.6-d",
        InvalidValue,
    )
    refused(
        lambda: attach_media(sitting, STRANGER, "written", "档案1"),
        "WZ-5.6-d",
        OutsideJurisdiction,
    )
    assert sitting.collect_events()[-1].__class__.__name__ == "SignedIn", (
        "nothing written"
    )


def test_media_are_attached_after_the_outcome_too_and_shown_in_record_4_WZ_5_6_d():
    story = announced(reviewed(proposed()))
    sitting = consensus_sitting(story)
    assert sitting.allowed_actions() == ["attach_media"]
    attach_media(sitting, STAFF, "written", "社区档案室 2026-协-017")
    assert sitting_1(story)["media"][0]["kind"] == "书面记录"
    assert sitting_1(story)["media"][0]["reference"] == "社区档案室 2026-协-017"


def test_the_discussion_is_noted_by_aspect_and_shown_grouped_in_the_standards_order_LS_2_4_5():
    story = announced(reviewed(proposed()))
    sitting = sitting_opened(story)
    debated(sitting)
    note_discussion(sitting, STAFF, "solutions", "加装外挂式电梯")
    note_discussion(sitting, STAFF, "problem", "3栋无电梯，老人上下楼难")
    note_discussion(sitting, STAFF, "causes", "建于1995年，未预留电梯井")
    note_discussion(sitting, STAFF, "problem", "送医困难")
    noted = last_sitting_event(story)
    assert noted.subject_id == STAFF.person_id, (
        "the recorder's note is the recorder's own text"
    )
    discussion = sitting_1(story)["process"]["discussion"]
    assert discussion == [
        {
            "aspect": "问题",
            "notes": [
                "李四（P0010）：3栋无电梯，老人上下楼难",
                "李四（P0010）：送医困难",
            ],
        },
        {"aspect": "原因", "notes": ["李四（P0010）：建于1995年，未预留电梯井"]},
        {"aspect": "解决办法", "notes": ["李四（P0010）：加装外挂式电梯"]},
    ]


def test_a_discussion_note_needs_a_known_aspect_content_the_recorder_and_an_open_floor_LS_2_4_5():
    sitting = opened()
    refused(lambda: note_discussion(sitting, RECORDER, "problem", "x"), "WZ-5.6-b")
    story = announced(reviewed(proposed()))
    sitting = sitting_opened(story)
    debated(sitting)
    unknown = refused(
        lambda: note_discussion(sitting, STAFF, "gossip", "x"), "LS-2.4.5", InvalidValue
    )
    assert (
        unknown.allowed == sorted(a.value for a in DiscussionAspect)
        and len(unknown.allowed) == 6
    )
    refused(
        lambda: note_discussion(sitting, STAFF, "effects", " "),
        "LS-2.4.5",
        InvalidValue,
    )
    refused(
        lambda: note_discussion(sitting, PROPOSER, "effects", "影响采光"),
        "LS-2.4.5",
        OutsideJurisdiction,
    )
    assert HOST.role is Role.COMMUNITY_STAFF
    note_discussion(
        sitting, HOST, "effects", "一楼采光受影响"
    )  # the community's staff may note for the recorder
    assert last_sitting_event(story).aspect == "effects"


@pytest.mark.parametrize("aspect", [a.value for a in DiscussionAspect])
def test_each_of_the_six_aspects_can_be_noted_LS_2_4_5(aspect):
    story = announced(reviewed(proposed()))
    sitting = sitting_opened(story)
    debated(sitting)
    note_discussion(sitting, STAFF, aspect, "要点")
    assert len(sitting_1(story)["process"]["discussion"]) == 1


def test_a_failed_item_is_amended_and_voted_again_as_a_new_linked_vote_which_then_decides_LS_2_4_5():
    """Disputed items are reworked item by item: item-2 fails, its amendment item-2b passes, so the sitting
    reaches consensus; the record links the amendment to the item it reworks."""
    story = announced(reviewed(proposed()))
    sitting = sitting_opened(story)
    debated(sitting)
    counted(sitting, "item-1", "同意加装电梯", 6, 3, 0)
    counted(sitting, "item-2", "费用按户均摊", 3, 6, 0)
    early = refused(
        lambda: open_vote(sitting, STAFF, "item-3", "x", amends="item-1"), "LS-2.4.5"
    )
    assert early.allowed == ["item-2"], "only a failed item can be reworked"
    open_vote(sitting, STAFF, "item-2b", "费用按楼层分摊", amends="item-2")
    record_counts(sitting, STAFF, "item-2b", 6, 2, 1)
    close_vote(sitting, STAFF, "item-2b")
    refused(
        lambda: open_vote(sitting, STAFF, "item-2c", "x", amends="item-2"), "LS-2.4.5"
    )
    assert (
        settle_sitting(sitting, STAFF, implementation_plan="按楼层分摊")
        is Outcome.CONSENSUS
    )
    items = sitting_1(story)["process"]["items"]
    assert [(i["item"], i["result"], i.get("amends")) for i in items] == [
        ("item-1", "通过", None),
        ("item-2", "未通过", None),
        ("item-2b", "通过", "item-2"),
    ]


def test_a_failed_amendment_decides_the_outcome_in_place_of_the_item_it_reworks_LS_2_4_5():
    story = announced(reviewed(proposed()))
    sitting = sitting_opened(story)
    debated(sitting)
    counted(sitting, "item-1", "费用按户均摊", 4, 5, 0)
    open_vote(sitting, STAFF, "item-1b", "费用按楼层分摊", amends="item-1")
    record_counts(sitting, STAFF, "item-1b", 2, 7, 0)
    close_vote(sitting, STAFF, "item-1b")
    assert (
        settle_sitting(sitting, STAFF) is Outcome.TERMINATED
        and sitting.collect_events()[-1].decisive_item == "item-1b"
    )
