"""Through the API, on each backend: the sitting's media and discussion (WZ-5.6-d, LS-2.4.5), consultations
before and after it (WZ-5.6-f), reopening from implementation (LS-2.4.11), and the result filed, notified,
posted and archived (JH-5.4), each shown in the trace records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.deliberation.sittings import Sitting
from tests.api.deliberation_helpers import (
    API,
    COMMUNITY,
    PROPOSER,
    STAFF,
    SUPERVISOR,
    VOTERS,
    Deliberation,
    pid,
)
from tests.api.test_deliberation_steps import consensus, fields, record, refused
from tests.api.test_deliberation_wz import through_the_vote


def test_the_recorder_attaches_media_and_notes_the_discussion_by_aspect_shown_in_record_4_WZ_5_6_d_LS_2_4_5(
    client, auth, container
):
    d = through_the_vote(client, auth, 7)
    d.sitting(STAFF, "note_discussion", aspect="causes", note="楼龄长，未预留电梯井")
    d.sitting(STAFF, "note_discussion", aspect="problem", note="老人上下楼难")
    path = f"/sittings/{d.sitting_id}/attach_media"
    refused(
        client,
        auth,
        container,
        STAFF,
        path,
        {"kind": "hologram", "reference": "x"},
        422,
        None,
    )
    refused(
        client,
        auth,
        container,
        STAFF,
        path,
        {"kind": "video", "reference": " "},
        422,
        None,
    )
    refused(
        client,
        auth,
        container,
        "P0039",
        path,
        {"kind": "video", "reference": "v"},
        403,
        None,
    )
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    d.sitting(STAFF, "attach_media", kind="video", reference="档案室 2026-协-017-V")
    sitting = fields(record(d, 4), "sitting_1")
    assert sitting["media"] == [
        {
            "kind": "录像",
            "reference": "档案室 2026-协-017-V",
            "at": sitting["media"][0]["at"],
        }
    ]
    assert [
        (g["aspect"], len(g["notes"])) for g in sitting["process"]["discussion"]
    ] == [("问题", 1), ("原因", 1)]


def test_consultations_before_and_after_the_sitting_are_recorded_as_such_and_shown_WZ_5_6_f(
    client, auth, container
):
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    consult = f"/topics/{d.topic_id}/consult"
    problem = refused(
        client,
        auth,
        container,
        PROPOSER,
        consult,
        {"phase": "after", "form": "written", "people": 3, "summary": "x"},
        409,
        "WZ-5.6-f",
    )
    assert problem["allowed_actions"] == ["before"]
    refused(
        client,
        auth,
        container,
        PROPOSER,
        consult,
        {"phase": "before", "form": "written", "summary": "x"},
        422,
        "WZ-5.6-f",
    )
    refused(
        client,
        auth,
        container,
        "P0039",
        consult,
        {"phase": "before", "form": "written", "people": 3, "summary": "x"},
        403,
        None,
    )
    d.topic(
        PROPOSER,
        "consult",
        phase="before",
        form="door_to_door",
        households=12,
        summary="10户支持，2户担心采光",
    )
    d.prepare()
    d.sit_and_vote(7, 2)
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    d.topic(
        STAFF,
        "consult",
        phase="after",
        form="written",
        people=20,
        summary="书面回访20人，均知悉结果",
    )
    assert fields(record(d, 2), "consultations_before")["rows"][0]["reached"] == "12户"
    assert (
        fields(record(d, 5), "return_visits")["rows"][0]["summary"]
        == "书面回访20人，均知悉结果"
    )


def test_a_problem_found_in_implementation_reopens_the_deliberation_and_a_linked_sitting_follows_LS_2_4_11(
    client, auth, container
):
    ended = through_the_vote(client, auth, 2)
    ended.sitting(PROPOSER, "settle")
    refused(
        client,
        auth,
        container,
        STAFF,
        f"/topics/{ended.topic_id}/reopen",
        {"problem": "x"},
        409,
        "LS-2.4.11",
    )
    d = consensus(client, auth)
    first = d.sitting_id
    refused(
        client,
        auth,
        container,
        "P0039",
        f"/topics/{d.topic_id}/reopen",
        {"problem": "x"},
        403,
        None,
    )
    d.topic(STAFF, "implement", details={"route": "community"})
    answer = d.topic(SUPERVISOR, "reopen", problem="施工中发现地下管线，原方案无法实施")
    assert answer["status"] == "redeliberate" and "plan" in answer["allowed_actions"]
    assert d.get(STAFF, f"/topics/{d.topic_id}")["implement_due"] is None, (
        "the implementation clock stops"
    )
    when = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    d.topic(
        PROPOSER,
        "plan",
        when=when,
        place="社区议事厅",
        form="seminar",
        host=pid(PROPOSER),
        participants=dict.fromkeys(VOTERS, "stakeholder"),
    )
    d.topic(STAFF, "announce", channels=["notice_board"])
    d.sit(present=VOTERS)
    again = d.get(STAFF, f"/sittings/{d.sitting_id}")
    assert (again["sequence"], again["previous_sitting"]) == (2, first)
    assert (
        fields(record(d, 5), "feedback")["rows"][0]["problem"]
        == "施工中发现地下管线，原方案无法实施"
    )
    assert "重新协商" in fields(record(d, 4), "sitting_1")["result"]["reopened"]


def test_the_result_is_filed_with_the_party_organisation_notified_posted_publicly_and_archived_JH_5_4(
    client, auth, container
):
    d = consensus(client, auth)
    archive = f"/topics/{d.topic_id}/archive"
    early = refused(
        client,
        auth,
        container,
        STAFF,
        archive,
        {"details": {"archive_number": "A-1"}},
        409,
        "JH-5.4",
    )
    assert early["allowed_actions"] == ["communicate", "file", "post"]
    d.topic(
        STAFF,
        "file",
        details={"filed_with": ["supervision_committee", "party_organisation"]},
    )
    d.topic(STAFF, "communicate", details={"channels": ["wechat"]})
    refused(
        client,
        auth,
        container,
        STAFF,
        f"/topics/{d.topic_id}/post",
        {"details": {}},
        422,
        "JH-5.4",
    )
    d.topic(STAFF, "post", details={"channels": ["notice_board", "wechat"]})
    refused(client, auth, container, STAFF, archive, {"details": {}}, 422, "JH-5.4")
    d.topic(STAFF, "archive", details={"archive_number": "2026-协-017"})
    follow_up = fields(record(d, 4), "sitting_1")["follow_up"]
    assert (
        "社区党组织" in follow_up["filing"] and "通过微信" in follow_up["communication"]
    )
    assert (
        "通过公告栏、微信" in follow_up["posting"]
        and "2026-协-017" in follow_up["archiving"]
    )
    posted = public(client, container)
    assert [(r["topic_id"], r["outcome"], r["title"]) for r in posted] == [
        (d.topic_id, "consensus", None)
    ]
    client.put(
        f"{API}/me/publication-consent", headers=auth(PROPOSER), json={"consent": True}
    )
    assert public(client, container)[0]["title"] == "3栋加装电梯", (
        "the proposer's words once they consent"
    )


def public(client, container) -> list[dict]:
    """The public list, once the read model has caught up with everything written."""
    response = client.get(
        f"{API}/public/units/{COMMUNITY}/deliberations",
        params={"min_position": container.ledger.position()},
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_failed_item_is_amended_and_voted_again_linked_to_it_LS_2_4_5(
    client, auth, container
):
    d = through_the_vote(client, auth, 3)
    open_vote = f"/sittings/{d.sitting_id}/open_vote"
    problem = refused(
        client,
        auth,
        container,
        PROPOSER,
        open_vote,
        {"item": "item-2", "amends": "rules"},
        409,
        "LS-2.4.5",
    )
    assert problem["allowed_actions"] == ["item-1"]
    d.sitting(PROPOSER, "open_vote", item="item-1b", text="分期加装", amends="item-1")
    d.sitting(STAFF, "record_counts", item="item-1b", yes=7, no=2, abstain=0)
    d.sitting(PROPOSER, "close_vote", item="item-1b")
    assert (
        d.sitting(PROPOSER, "settle", implementation_plan="分期加装")["outcome"]
        == "consensus"
    )
    items = fields(record(d, 4), "sitting_1")["process"]["items"]
    assert [(i["item"], i["result"], i.get("amends")) for i in items] == [
        ("item-1", "未通过", None),
        ("item-1b", "通过", "item-1"),
    ]


def test_a_vote_opened_before_amendments_existed_reads_as_amending_nothing_LS_2_4_5(
    container,
):
    """Upcasting: a VoteOpened stored without `amends` (class version 1) loads with amends None."""
    mapper = container.ledger.mapper
    new = Sitting.VoteOpened(
        originator_id=uuid4(),
        originator_version=3,
        timestamp=datetime.now(UTC),
        item="item-1",
        text="t",
        amends="item-0",
        actor_id="a",
        actor_role="community_staff",
        actor_unit=None,
    )
    stored = mapper.to_stored_event(new)
    state = mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2 and state.pop("amends") == "item-0"
    old = replace(stored, state=mapper.transcoder.encode(state))
    assert (
        mapper.to_domain_event(old).amends is None
        and mapper.to_domain_event(stored).amends == "item-0"
    )
