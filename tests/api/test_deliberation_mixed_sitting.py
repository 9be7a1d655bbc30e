"""A combined online and offline sitting (线上线下相结合, WZ-5.3-d) through the API on both
backends: paper counts for those in the room and ballots from those online, each person
counted once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.api.deliberation_helpers import (
    API,
    PROPOSER,
    STAFF,
    VOTER_REFS,
    Deliberation,
    pid,
)
from tests.api.problem_helpers import log_unchanged

ONLINE, ROOM = VOTER_REFS[:4], VOTER_REFS[4:]  # 4 online, 5 in the room


def mixed_sitting(client, auth) -> Deliberation:
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    d.topic(
        PROPOSER,
        "plan",
        when=(datetime.now(UTC) + timedelta(days=3)).isoformat(),
        place="社区议事厅及线上",
        form="online_offline",
        host=PROPOSER,
        participants=dict.fromkeys(VOTER_REFS, "stakeholder"),
    )
    d.topic(PROPOSER, "draft_rules")
    d.topic(STAFF, "announce", channels=["wechat"])
    opened = d.post(
        PROPOSER, f"/topics/{d.topic_id}/sittings", {"mode": "online_offline"}, 201
    )
    d.sitting_id = opened["sitting_id"]
    d.sitting(STAFF, "sign_in", participants=VOTER_REFS)
    return d


def vote(d: Deliberation, item: str, online: dict[str, str], paper: dict) -> dict:
    d.sitting(PROPOSER, "open_vote", item=item, text=item)
    for ref, choice in online.items():
        d.sitting(ref, "cast", item=item, choice=choice)
    d.sitting(STAFF, "record_paper_counts", item=item, **paper)
    return d.sitting(PROPOSER, "close_vote", item=item)


def test_a_mixed_sitting_counts_paper_and_online_votes_once_each_WZ_5_3_d(
    client, auth, container
):
    d = mixed_sitting(client, auth)
    opened = d.get(STAFF, f"/sittings/{d.sitting_id}")
    assert opened["mode"] == "online_offline"
    vote(
        d,
        "rules",
        dict.fromkeys(ONLINE, "yes"),
        {"voters": ROOM, "yes": 4, "no": 1, "abstain": 0},
    )
    d.sitting(PROPOSER, "explain", summary="说明")
    d.sitting(PROPOSER, "open_vote", item="item-1", text="方案")
    assert {"cast", "record_paper_counts"} <= set(
        d.get(STAFF, f"/sittings/{d.sitting_id}")["allowed_actions"]
    )
    d.sitting("P0038", "cast", item="item-1", choice="yes")
    d.sitting("P0039", "cast", item="item-1", choice="no")
    path = f"{API}/sittings/{d.sitting_id}/record_paper_counts"
    with log_unchanged(container):
        twice = client.post(
            path,
            headers=auth(STAFF),
            json={"item": "item-1", "voters": ["P0039", *ROOM], "yes": 3, "no": 3},
        )
    assert twice.status_code == 409, twice.text
    assert twice.json()["rule_id"] == "WZ-5.3-d"
    d.sitting(STAFF, "record_paper_counts", item="item-1", voters=ROOM, yes=3, no=2)
    with log_unchanged(container):
        late = client.post(
            f"{API}/sittings/{d.sitting_id}/cast",
            headers=auth(ROOM[0]),
            json={"item": "item-1", "choice": "yes"},
        )
    assert late.status_code == 409 and late.json()["rule_id"] == "WZ-5.3-d"
    d.sitting("P0040", "cast", item="item-1", choice="abstain")
    d.sitting(PROPOSER, "close_vote", item="item-1")
    votes = d.get(STAFF, f"/sittings/{d.sitting_id}")["votes"]
    assert (votes["rules"]["yes"], votes["rules"]["no"]) == (8, 1)
    item = votes["item-1"]
    assert (item["yes"], item["no"], item["abstain"]) == (4, 3, 1)
    assert item["present"] == 9 and item["passed"] is False  # 4 of 9 is not > 1/2


def test_a_paper_count_of_more_votes_than_people_changes_nothing_WZ_5_3_d(
    client, auth, container
):
    d = mixed_sitting(client, auth)
    d.sitting(PROPOSER, "open_vote", item="rules", text="rules")
    with log_unchanged(container):
        over = client.post(
            f"{API}/sittings/{d.sitting_id}/record_paper_counts",
            headers=auth(STAFF),
            json={"item": "rules", "voters": [pid(ROOM[0])], "yes": 2, "no": 0},
        )
    assert over.status_code == 422 and over.json()["rule_id"] == "WZ-5.3-d"
