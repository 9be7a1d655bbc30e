"""Record 4 of a combined online and offline sitting (线上线下相结合, WZ-5.3-d) on both backends:
for each item the recorder's paper count (纸质计票) and the online ballots (线上投票) beside the
total, as the closed vote recorded them (WZ-6), each person counted once."""

from __future__ import annotations

import json

from tests.api.deliberation_helpers import PROPOSER, STAFF, Deliberation
from tests.api.test_deliberation_mixed_sitting import ONLINE, ROOM, mixed_sitting, vote
from tests.api.test_deliberation_profiles import record
from tests.api.web_helpers import sign_in_demo

CHOICES = ("yes", "no", "abstain")


def voted_sitting(client, auth) -> Deliberation:
    """The rules: 4 online yes, the room of 5 on paper 4 yes 1 no; item-1: online yes, no,
    abstain, abstain, the room 3 yes 2 no."""
    d = mixed_sitting(client, auth)
    vote(
        d,
        "rules",
        dict.fromkeys(ONLINE, "yes"),
        {"voters": ROOM, "yes": 4, "no": 1, "abstain": 0},
    )
    d.sitting(PROPOSER, "explain", summary="说明")
    online = dict(zip(ONLINE, ("yes", "no", "abstain", "abstain"), strict=True))
    vote(d, "item-1", online, {"voters": ROOM, "yes": 3, "no": 2, "abstain": 0})
    return d


def test_record_4_of_a_mixed_sitting_shows_paper_and_online_counts_summing_to_the_total_WZ_5_3_d_WZ_6(
    client, auth
):
    d = voted_sitting(client, auth)
    document = json.loads(record(d, 4, "json"))
    fields = next(s for s in document["sections"] if s["key"] == "sitting_1")["fields"]
    split = [
        (v["item"], v["paper"], v["online"], (v["yes"], v["no"], v["abstain"]))
        for v in fields["votes"]
    ]
    assert split == [
        (
            "议事规则（草案）",
            {"yes": 4, "no": 1, "abstain": 0},
            {"yes": 4, "no": 0, "abstain": 0},
            (8, 1, 0),
        ),
        (
            "item-1",
            {"yes": 3, "no": 2, "abstain": 0},
            {"yes": 1, "no": 1, "abstain": 2},
            (4, 3, 2),
        ),
    ]
    for _, paper, online, total in split:
        assert tuple(paper[c] + online[c] for c in CHOICES) == total
    for row in fields[
        "votes"
    ]:  # each of the 9 present counted once: 5 on paper, 4 online
        assert sum(row["paper"].values()) == len(ROOM)
        assert sum(row["online"].values()) == len(ONLINE)
        assert row["voters"] == len(ROOM) + len(ONLINE) and row["not_cast"] == 0
    assert (document["labels"]["paper"], document["labels"]["online"]) == (
        "纸质计票",
        "线上投票",
    )
    markdown = record(d, 4, "md")
    assert (
        "纸质计票" in markdown and "赞成人数：3；反对人数：2；弃权人数：0" in markdown
    )
    assert "线上投票" in record(d, 4, "html")


def test_the_console_record_4_page_shows_paper_and_online_counts_of_a_mixed_sitting_WZ_5_3_d_WZ_6(
    client, auth, pages
):
    d = voted_sitting(client, auth)
    staff = pages()
    sign_in_demo(staff, STAFF)
    page = staff.get(f"/topics/{d.topic_id}/records/4")
    assert page.status_code == 200, page.text
    assert "城乡社区协商活动记录表" in page.text
    assert "纸质计票" in page.text and "线上投票" in page.text
