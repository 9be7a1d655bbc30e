"""The five trace records of WZ-6, rebuilt from a topic's and its sittings' events alone (no I/O)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

from application.records.trace import build_records
from application.records.words import when
from domain.actors import Actor
from domain.deliberation.aftermath import record_step, start_sitting
from domain.deliberation.debate import sign_in
from domain.deliberation.planning import announce_topic, plan_topic
from domain.deliberation.profiles import JINHUA
from domain.deliberation.review import review_topic
from domain.deliberation.sittings import ParticipantCategory, Sitting
from domain.deliberation.topics import Review
from domain.deliberation.vocabulary import MustNotDeliberate, ReviewCheck
from domain.deliberation.voting import cast, close_vote, open_vote, record_counts
from domain.levels import Role
from domain.personal import ERASED
from tests.unit.deliberation_history import (
    DUE,
    GUIDE,
    NAMES,
    NOW,
    PASSING,
    STAFF,
    announced,
    consensus_sitting,
    failed_sitting,
    full_wz_history,
    proposed,
    reviewed,
    sitting_opened,
)

STAKEHOLDER = ParticipantCategory.STAKEHOLDER


def fields(record: dict, key: str) -> dict:
    return next(s for s in record["sections"] if s["key"] == key)["fields"]


def full() -> dict[int, dict]:
    return build_records(*full_wz_history(), names=NAMES)


def test_every_record_of_a_full_wz_history_is_complete_and_plain_json_WZ_6():
    records = full()
    assert [(n, r["key"], r["status"]) for n, r in records.items()] == [
        (1, "proposal_review_form", "complete"),
        (2, "plan_record", "complete"),
        (3, "announcement", "complete"),
        (4, "activity_record", "complete"),
        (5, "implementation_report", "complete"),
    ]
    assert (
        records[4]["title"] == "城乡社区协商活动记录表"
        and records[1]["title"] == "协商议题建议和审核表"
    )
    assert json.loads(json.dumps(records, ensure_ascii=False)) == {
        str(n): r for n, r in records.items()
    }


def test_form_1_gives_the_proposal_and_the_review_with_its_three_checks_WZ_6_WZ_5_1_c_WZ_5_2_a_b_c():
    record = full()[1]
    proposal, review = fields(record, "proposal"), fields(record, "review")
    assert (
        proposal["number"],
        proposal["topic"],
        proposal["channel"],
        proposal["proposer"],
    ) == ("2026-017", "3栋加装电梯", "微信", "张三（P0038）")
    assert proposal["category"] == "社区与居民之间的协商事项" and proposal[
        "linked_requests"
    ] == ["req-1"]
    assert [c["result"] for c in review["checks"]] == ["符合"] * 3 and review[
        "decision"
    ] == "审核通过"
    assert (review["convenor"], review["recorder"], review["guide"]) == (
        "张三（P0038）",
        "李四（P0010）",
        GUIDE,
    )
    assert review["profile"] == "wenzhou-2021@1" and fields(record, "notification")[
        "notified"
    ].endswith("电话")


def test_form_1_of_a_rejected_topic_gives_the_reasons_and_later_records_do_not_apply_WZ_6_WZ_5_2_c():
    story = reviewed(
        proposed(), checks={**PASSING, ReviewCheck.SCOPE: (False, "只涉及两户")}
    )
    records = build_records(*story.events())
    review = fields(records[1], "review")
    assert review["decision"] == "审核不通过" and review["convenor"] == "（尚无）"
    assert review["refusal"] == "涉及范围（是否影响本社区绝大部分居民）：只涉及两户"
    assert [records[n]["status"] for n in (2, 3, 4)] == ["not_applicable"] * 3
    assert records[4]["note"] == "议题审核未通过，不开展协商"


def test_form_1_names_each_five_must_not_item_with_its_reason_under_jinhua_WZ_6_JH_4_2():
    story = proposed()
    review = Review(
        "联席会议",
        (STAFF.person_id,),
        PASSING,
        (),
        {MustNotDeliberate.TWO_PARTY_DISPUTE: "两户漏水纠纷"},
    )
    review_topic(story.topic, STAFF, review, JINHUA, None)
    record = build_records(*story.events())[1]
    assert fields(record, "review")["must_not"] == [
        {"item": "属于个体矛盾、双方纠纷（转调解）", "reason": "两户漏水纠纷"}
    ]
    assert (
        fields(record, "review")["refusal"]
        == "五不议·属于个体矛盾、双方纠纷（转调解）：两户漏水纠纷"
    )
    assert fields(record, "notification")["notified"] == "尚未告知（WZ-5.2-c）"


def test_form_2_gives_time_place_form_host_participants_and_rules_WZ_6_WZ_5_3_WZ_5_5():
    plan = fields(full()[2], "plan_1")
    assert (plan["time"], plan["place"], plan["form"], plan["host"], plan["late"]) == (
        "2026-11-30 09:00",
        "社区议事厅",
        "座谈式协商",
        "张三（P0038）",
        "否",
    )
    roles = {p["person"]: p["role"] for p in plan["participants"]}
    assert (
        roles["赵工（E01）"] == "专业技术人员"
        and roles["D01"] == "政府部门"
        and roles["R01"] == "利益相关方"
    )
    assert plan["rules"] == {
        "speech_minutes": 3,
        "speeches_per_person": 2,
        "passing": "赞成超过1/2",
    }


def test_form_3_announces_the_plan_through_its_channels_with_the_review_form_attached_WZ_6_WZ_5_4():
    notice = fields(full()[3], "announcement_1")
    assert notice["channels"] == ["公告栏", "微信"] and notice["attachments"] == [
        "协商议题建议和审核表（记录1）"
    ]
    assert (notice["convenor"], notice["host"], notice["recorder"]) == (
        "张三（P0038）",
        "张三（P0038）",
        "李四（P0010）",
    )
    assert (notice["time"], notice["place"], notice["form"]) == (
        "2026-11-30 09:00",
        "社区议事厅",
        "座谈式协商",
    )
    assert (
        "赵工（E01）（专业技术人员）" in notice["participants"]
        and notice["rules"]["speech_minutes"] == 3
    )


def test_form_4_has_the_fields_of_the_jinhua_record_form_WZ_6_JH_5_3():
    sitting = fields(full()[4], "sitting_1")
    assert list(sitting)[1:] == [
        "topic",
        "participants",
        "time",
        "place",
        "form",
        "host",
        "recorder",
        "supervisor",
        "sign_in",
        "process",
        "votes",
        "media",
        "result",
        "follow_up",
        "signature",
    ]
    assert (
        sitting["place"],
        sitting["form"],
        sitting["supervisor"],
        sitting["signature"],
    ) == ("社区议事厅", "座谈式协商（现场）", "王五（P0028）", "李四（P0010）")
    assert sitting["sign_in"].startswith("实到12人（应到12人）")
    assert sitting["result"] == {
        "outcome": "达成一致意见",
        "implementation_plan": "12月底前完成报建，费用按楼层分摊",
    }
    assert sitting["follow_up"]["filing"].endswith("完成") and sitting["follow_up"][
        "communication"
    ].endswith("通过微信、短信（逾期）")


def test_form_4_process_gives_speeches_experts_items_consensus_and_dissent_WZ_6_WZ_5_6_a_JH_5_3():
    process = fields(full()[4], "sitting_1")["process"]
    assert process["explanation"] == "3栋有12户老人，提议加装电梯"
    assert [
        (s["speaker"], s["position"], s["duration"], s["over_time"])
        for s in process["speeches"]
    ] == [("R01", "赞成", "2分30秒", "否"), ("R02", "反对", "3分20秒", "是")]
    assert process["experts"] == [
        {"speaker": "赵工（E01）", "summary": "结构可行，采光影响小"}
    ]
    assert process["items"] == [
        {"item": "item-1", "text": "同意加装电梯", "result": "通过"},
        {"item": "item-2", "text": "费用按楼层分摊", "result": "通过"},
    ]
    assert process["consensus"] == [
        "item-1：同意加装电梯",
        "item-2：费用按楼层分摊",
        "落实意见：12月底前完成报建，费用按楼层分摊",
    ]
    assert process["dissent"] == ["R02（反对）：一楼住户担心采光"]


def test_form_4_votes_give_voters_yes_no_abstain_and_exact_percentages_JH_5_3():
    votes = fields(full()[4], "sitting_1")["votes"]
    figures = [
        (
            v["item"],
            v["voters"],
            v["yes"],
            v["no"],
            v["abstain"],
            v["yes_share"],
            v["no_share"],
            v["abstain_share"],
            v["passed"],
        )
        for v in votes
    ]
    assert figures == [
        ("议事规则（草案）", 9, 7, 2, 0, "77.8%", "22.2%", "0.0%", "通过"),
        ("item-1", 9, 6, 2, 1, "66.7%", "22.2%", "11.1%", "通过"),
        ("item-2", 9, 5, 3, 1, "55.6%", "33.3%", "11.1%", "通过"),
    ]
    assert votes[0]["threshold"] == "赞成达到应参加表决人数的2/3", "WZ-5.6-b"
    assert votes[1]["threshold"] == "赞成超过应参加表决人数的1/2", "WZ-5.5-c"


def test_form_4_figures_come_from_the_sealed_closed_votes_alone_WZ_6():
    topic_events, sittings = full_wz_history()
    closed_only = {
        k: [
            e
            for e in v
            if not isinstance(e, (Sitting.CountsRecorded, Sitting.BallotCast))
        ]
        for k, v in sittings.items()
    }
    assert (
        build_records(topic_events, closed_only)[4]["sections"][0]["fields"]["votes"]
        == build_records(topic_events, sittings)[4]["sections"][0]["fields"]["votes"]
    )
    story = announced(reviewed(proposed()))
    sitting = sitting_opened(story)
    open_vote(sitting, STAFF, "rules", "议事规则")
    record_counts(sitting, STAFF, "rules", 5, 0, 0)
    record = build_records(*story.events())[4]
    assert (
        record["status"] == "in_progress" and fields(record, "sitting_1")["votes"] == []
    ), "no figures until sealed"


def test_an_online_vote_shows_who_did_not_vote_and_shares_of_the_voters_present_JH_5_3():
    story = announced(reviewed(proposed()))
    sitting = Sitting.open(
        STAFF,
        str(story.topic.id),
        JINHUA,
        "online",
        "online",
        dict.fromkeys("abc", STAKEHOLDER),
        proposer_id="a",
        host="a",
        recorder=STAFF.person_id,
    )
    start_sitting(story.topic, STAFF, str(sitting.id))
    story.sittings.append(sitting)
    for person in "abc":
        sign_in(sitting, STAFF, person)
    open_vote(sitting, STAFF, "rules", "议事规则")
    for person, choice in (("a", "yes"), ("b", "yes")):
        cast(sitting, Actor(person, Role.RESIDENT, "CX010101"), "rules", choice)
    close_vote(sitting, STAFF, "rules")
    vote = fields(build_records(*story.events())[4], "sitting_1")["votes"][0]
    assert (
        vote["voters"],
        vote["yes"],
        vote["not_cast"],
        vote["yes_share"],
        vote["passed"],
    ) == (3, 2, 1, "66.7%", "通过")


def test_form_5_reports_implementation_explanations_and_the_supervision_report_WZ_6_WZ_5_8():
    record = full()[5]
    assert (
        fields(record, "result")["implementation_plan"]
        == "12月底前完成报建，费用按楼层分摊"
    )
    done = fields(record, "implementation")["rows"][0]
    assert (
        done["details"]
        == "落实方式：社区组织实施；事项难易：涉及面小、简单；办结期限：2027-01-06 00:00"
        and done["content"] == "已委托施工单位报建"
    )
    assert (
        fields(record, "explanations")["rows"][0]["content"] == "向R02说明采光补偿办法"
    )
    report = fields(record, "reports")["rows"][0]
    assert report["by"] == "王五（P0028）" and report["content"] == "报建完成，进度过半"
    assert (
        report["details"]
        == "落实进度：过半；落实中的问题：一楼采光；产生的影响：老人出行便利；"
        "筹资筹劳：3万元；是否办结：否"
    )


def test_records_of_stages_not_yet_happened_say_so_WZ_6():
    records = build_records(*proposed().events())
    assert [r["status"] for r in records.values()] == [
        "in_progress",
        "not_yet",
        "not_yet",
        "not_yet",
        "not_yet",
    ]
    assert all(r["sections"] == [] for n, r in records.items() if n > 1) and records[1][
        "note"
    ].startswith("待两委")
    story = announced(reviewed(proposed()))
    consensus_sitting(story)
    records = build_records(*story.events())
    assert records[4]["status"] == "complete" and records[5]["status"] == "in_progress"
    assert fields(records[4], "sitting_1")["follow_up"]["filing"].startswith(
        "尚未完成（应于"
    )
    assert (
        fields(records[5], "reports")["rows"] == [] and "WZ-5.8-d" in records[5]["note"]
    )


def test_terminated_and_redeliberated_topics_WZ_6_WZ_5_6_c():
    story = announced(reviewed(proposed()))
    failed_sitting(story, yes=2)
    records = build_records(*story.events())
    assert fields(records[4], "sitting_1")["result"] == {
        "outcome": "终止协商",
        "decisive_item": "item-1",
    }
    assert records[5]["status"] == "not_applicable"
    story = announced(reviewed(proposed()))
    failed_sitting(story, yes=3)
    first = build_records(*story.events())
    assert fields(first[4], "sitting_1")["result"]["next_sitting"].startswith(
        "待时机成熟"
    )
    assert first[5]["status"] == "not_yet"
    plan_topic(
        story.topic,
        STAFF,
        story.topic_log[0].timestamp,
        "社区议事厅",
        "seminar",
        STAFF.person_id,
        {STAFF.person_id: STAKEHOLDER},
        now=story.topic_log[0].timestamp,
        settle_due=story.topic_log[0].timestamp,
        sit_due=story.topic_log[0].timestamp,
    )
    announce_topic(story.topic, STAFF, ["wechat"])
    sitting_opened(story)
    records = build_records(*story.events())
    assert (
        fields(records[4], "sitting_1")["result"]["next_sitting"]
        == "见第2次协商活动记录"
    )
    assert [s["key"] for s in records[2]["sections"]] == [
        "plan_1",
        "plan_2",
    ] and records[4]["status"] == "in_progress"


def test_erased_personal_fields_read_as_erased_in_every_record_WZ_6():
    topic_events, sittings = full_wz_history()
    personal = {
        "title",
        "description",
        "reasons",
        "summary",
        "note",
        "implementation_plan",
    }
    erase = [_erased(e, personal) for e in topic_events]
    erased_sittings = {
        k: [_erased(e, personal) for e in v] for k, v in sittings.items()
    }
    records = build_records(
        erase, erased_sittings, names={STAFF.person_id: f"{ERASED}（P0010）"}
    )
    assert fields(records[1], "proposal")["topic"] == ERASED
    assert {c["reason"] for c in fields(records[1], "review")["checks"]} == {ERASED}
    sitting = fields(records[4], "sitting_1")
    assert (
        sitting["recorder"] == f"{ERASED}（P0010）"
        and sitting["process"]["explanation"] == ERASED
    )
    assert (
        sitting["result"]["implementation_plan"] == ERASED
        and sitting["votes"][1]["yes"] == 6
    )
    assert fields(records[5], "reports")["rows"][0]["content"] == ERASED


def _erased(event, personal: set[str]):
    """The event as the mapper returns it once its subject's key is destroyed."""
    found = [f for f in getattr(type(event), "personal_fields", ()) if f in personal]
    if not found:
        return event
    erased = copy.copy(event)
    for name in found:
        object.__setattr__(erased, name, ERASED)
    return erased


def test_a_record_says_as_of_which_moment_of_the_log_it_is_true_WZ_6():
    topic_events, sittings = full_wz_history()
    latest = max(e.timestamp for e in [*topic_events, *sittings[next(iter(sittings))]])
    assert {r["as_of"] for r in build_records(topic_events, sittings).values()} == {
        latest.isoformat()
    }
    earlier = build_records(topic_events[:3])
    assert {r["as_of"] for r in earlier.values()} == {
        topic_events[2].timestamp.isoformat()
    }
    assert earlier[1]["status"] == "complete" and earlier[2]["status"] == "not_yet", (
        "the record as of that moment"
    )


def test_times_read_in_beijing_time_and_a_bare_time_is_taken_as_utc_WZ_6():
    assert (
        when("2026-11-23T01:00:00+00:00")
        == when("2026-11-23T01:00:00")
        == "2026-11-23 09:00"
    )
    assert when(None) == "（尚无）"


def test_deadlines_the_scheduler_found_passed_read_as_overdue_WZ_6_WZ_5_7_a_WZ_5_8_c():
    story = announced(reviewed(proposed()))
    consensus_sitting(story)
    record_step(
        story.topic,
        STAFF,
        "implement",
        now=NOW,
        details={"route": "community", "due": DUE},
    )
    assert (
        fields(build_records(*story.events())[5], "result")["deadline"]
        == "2027-01-06 00:00前"
    )
    story.topic.record_deadline_passed("file", now=NOW + timedelta(days=30))
    story.topic.record_deadline_passed(
        "implement", now=datetime(2027, 2, 1, tzinfo=UTC)
    )
    records = build_records(*story.events())
    assert fields(records[4], "sitting_1")["follow_up"]["filing"].endswith("，已逾期）")
    assert fields(records[4], "sitting_1")["follow_up"]["communication"].endswith(
        "前）"
    ), "not found passed"
    assert fields(records[5], "result")["deadline"] == "2027-01-06 00:00前（已逾期）"
