"""A combined online and offline sitting (线上线下相结合, WZ-5.3-d): those online cast their own
ballots, those present in the room vote on paper and the recorder enters the paper count with
the people it counts. The tally is both together, each person counted once: a person in the
paper count cannot cast online, and a person who cast online cannot be in the paper count.
Plain functions over the Sitting, each checking before it records its event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.deliberation.sitting_checks import refuse, require_present, require_voter
from domain.errors import InvalidValue, OutsideJurisdiction

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting

MIXED = "online_offline"
RULE = "WZ-5.3-d"
PAPER_FIELDS = ("paper_yes", "paper_no", "paper_abstain")
ONLINE_FIELDS = ("online_yes", "online_no", "online_abstain")
SPLIT_FIELDS = PAPER_FIELDS + ONLINE_FIELDS  # VoteClosed version 2


def record_paper_counts(
    sitting: Sitting,
    actor: Actor,
    item: str,
    voters: list[str],
    counts: tuple[int, int, int],
) -> None:
    """WZ-5.3-d: the recorder enters the room's count with the eligible people present it
    counts; none of them has cast online, and the count is at most one vote each."""
    _check_paper_open(sitting, actor, item)
    _check_paper_voters(sitting, voters)
    yes, no, abstain = counts
    if min(counts) < 0 or yes + no + abstain > len(voters):
        raise InvalidValue(
            f"{yes + no + abstain} paper votes from {len(voters)} people in the room "
            "do not add up",
            rule_id=RULE,
            zh=f"现场 {len(voters)} 人的纸质票共 {yes + no + abstain} 张，数目对不上：请核对后重新录入",
        )
    sitting.trigger_event(
        sitting.PaperCounted,
        item=item,
        voters=sorted(voters),
        yes=yes,
        no=no,
        abstain=abstain,
        **actor.event_fields(),
    )


def vote_split(sitting: Sitting) -> dict[str, int]:
    """WZ-5.3-d: closing a combined sitting's vote, the room's paper count and the online
    ballots apart (together they are the tally); nothing for a sitting of one kind."""
    if sitting.mode != MIXED:
        return {}
    paper = sitting.ballots.paper or (0, 0, 0)
    return dict(zip(SPLIT_FIELDS, (*paper, *sitting.ballots.online()), strict=True))


def _check_paper_open(sitting: Sitting, actor: Actor, item: str) -> None:
    b = sitting.ballots
    if sitting.mode != MIXED or b.open_item != item:
        refuse(
            sitting,
            f"no paper count is open on {item} in this sitting",
            RULE,
            [],
            zh=f"本次会议没有正在进行的 {item} 纸质计票",
        )
    if actor.person_id != sitting.recorder:
        raise OutsideJurisdiction(
            "only the sitting's recorder enters the paper count",
            rule_id="WZ-5.2-b",
            zh="只有本次会议的记录人可以录入纸质计票",
        )
    if b.paper is not None:
        refuse(
            sitting,
            f"the paper count of {item} is entered already",
            RULE,
            [],
            zh=f"{item} 的纸质计票已录入",
        )


def _check_paper_voters(sitting: Sitting, voters: list[str]) -> None:
    if not voters or len(set(voters)) != len(voters):
        raise InvalidValue(
            "list each person counted on paper once",
            rule_id=RULE,
            zh="纸质计票中每人只列一次",
        )
    for voter in voters:
        require_present(sitting, voter)
        require_voter(sitting, voter)
        if voter in sitting.ballots.cast:
            refuse(
                sitting,
                f"{voter} has voted online already: each person is counted once",
                RULE,
                [],
                zh=f"{voter} 已在线投票：每人只计一次",
            )


def check_not_on_paper(sitting: Sitting, voter: str) -> None:
    if voter in sitting.ballots.paper_voters:
        refuse(
            sitting,
            f"{voter} is counted on paper already: each person is counted once",
            RULE,
            [],
            zh=f"{voter} 已计入纸质票：每人只计一次",
        )
