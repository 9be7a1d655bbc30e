"""VoteClosed version 2 carries a combined sitting's paper and online counts apart (WZ-5.3-d), and
record 4 shows them beside the total (WZ-6); a VoteClosed stored in the version 1 shape, without
them, still loads and renders (docs/upcasting.md, "upcasting by defaults"). Without I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    StoredEvent,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic

from api.records_render import html_value, md_fields
from application.privacy.personal_data import PersonalDataMapper
from application.records.votes import votes
from domain.deliberation.mixed_voting import SPLIT_FIELDS, record_paper_counts
from domain.deliberation.sittings import Sitting
from domain.deliberation.voting import cast, close_vote, open_vote
from tests.unit.test_sittings import HOST, RECORDER, VOTERS, debating, person

VERSION_1 = {  # a VoteClosed as code before version 2 stored it: no class_version, no split
    "timestamp": datetime(2026, 11, 23, 2, tzinfo=UTC),
    "actor_id": "host",
    "actor_role": "community_staff",
    "actor_unit": "CX0101",
    "item": "item-1",
    "eligible": 9,
    "present": 9,
    "yes": 6,
    "no": 2,
    "abstain": 1,
    "threshold": "> 1/2 of eligible",
    "passed": True,
}


def mapper() -> PersonalDataMapper:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return PersonalDataMapper(transcoder)


def stored(state: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=uuid4(),
        originator_version=12,
        topic=get_topic(Sitting.VoteClosed),
        state=mapper().transcoder.encode(state),
    )


def test_a_version_1_vote_closed_loads_as_version_2_with_no_split_and_renders_WZ_6():
    old = mapper().to_domain_event(stored(VERSION_1))
    assert isinstance(old, Sitting.VoteClosed)
    assert all(vars(old)[name] is None for name in SPLIT_FIELDS)
    assert (old.yes, old.no, old.abstain, old.passed) == (6, 2, 1, True)
    [row] = votes([old])
    assert (row["voters"], row["yes"], row["no"], row["abstain"]) == (9, 6, 2, 1)
    assert "paper" not in row and "online" not in row
    page = "\n".join(md_fields({"votes": [row]}))
    assert "赞成人数" in page and "纸质计票" not in page
    assert "线上投票" not in html_value([row])


def mixed_vote_closed() -> Sitting.VoteClosed:
    """WZ-5.3-d: 4 online (3 yes, 1 abstain), the room of 5 counted on paper (2 yes, 2 no)."""
    sitting = debating("online_offline")
    open_vote(sitting, HOST, "item-1", "加装电梯")
    for voter, choice in zip(VOTERS[:4], ("yes", "yes", "yes", "abstain"), strict=True):
        cast(sitting, person(voter), "item-1", choice)
    record_paper_counts(sitting, RECORDER, "item-1", VOTERS[4:], (2, 2, 0))
    close_vote(sitting, HOST, "item-1")
    closed = sitting.collect_events()[-1]
    assert isinstance(closed, Sitting.VoteClosed)
    return closed


def test_a_mixed_vote_closed_carries_paper_and_online_apart_summing_to_the_total_WZ_5_3_d():
    closed = mixed_vote_closed()
    paper = (closed.paper_yes, closed.paper_no, closed.paper_abstain)
    online = (closed.online_yes, closed.online_no, closed.online_abstain)
    assert paper == (2, 2, 0) and online == (3, 0, 1)
    assert (closed.yes, closed.no, closed.abstain) == (5, 2, 1)
    again = mapper().to_domain_event(mapper().to_stored_event(closed))
    assert vars(again) == vars(closed), "version 2 keeps the split through the log"
    [row] = votes([closed])
    assert row["paper"] == {"yes": 2, "no": 2, "abstain": 0}
    assert row["online"] == {"yes": 3, "no": 0, "abstain": 1}
    assert "纸质计票" in "\n".join(md_fields({"votes": [row]}))
    assert "线上投票" in html_value([row])


def test_a_sitting_of_one_kind_records_no_split_WZ_5_3_d():
    sitting = debating("online")
    [closed] = [
        e for e in sitting.collect_events() if isinstance(e, Sitting.VoteClosed)
    ]
    assert all(getattr(closed, name) is None for name in SPLIT_FIELDS)
    assert "paper" not in votes([closed])[0]
