"""Votes of a sitting, the rules vote included (WZ-5.5-c, WZ-5.6-b, LS-2.4.6, JH-5.3).

A vote is opened on an item, counted (online: one ballot per eligible participant present; on
site: the counts the recorder enters), and closed. Closing seals it: the item cannot be voted,
counted or cast again. The rules of procedure are the item `rules`, adopted at the profile's share.

A disputed item is reworked item by item (LS-2.4.5): a failed item may be amended and voted again
as a new item linked to it (`amends`); the amendment's result then stands in for the failed one.
Plain functions over the Sitting, each checking before it records its event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from domain.actors import Actor
from domain.deliberation.ballots import CHOICES as CHOICES
from domain.deliberation.ballots import RULES as RULES
from domain.deliberation.mixed_voting import check_not_on_paper, vote_split
from domain.deliberation.outcome import Tally, check_quorum
from domain.deliberation.sitting_checks import (
    participant,
    refuse,
    require_debate,
    require_present,
    require_voter,
)
from domain.deliberation.sitting_rules import passing_rule
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting


def tally(sitting: Sitting, yes: int, no: int, abstain: int) -> Tally:
    """The counts against those eligible and present; refused if they do not add up."""
    return Tally(
        eligible=len(sitting.eligible),
        present=len(sitting.eligible & sitting.present),
        yes=yes,
        no=no,
        abstain=abstain,
    )


def open_vote(
    sitting: Sitting, actor: Actor, item: str, text: str, amends: str | None = None
) -> None:
    _check_amends(sitting, item, amends)
    if (item == RULES) == sitting.rules_adopted:
        refuse(
            sitting,
            "the rules of procedure are voted first, and once adopted only once",
            "WZ-5.6-b",
            zh="议事规则须最先表决，通过后只表决一次",
        )
    if item != RULES:
        require_debate(sitting)
        if sitting.hands:
            refuse(
                sitting,
                "a vote is called only when nobody is waiting to speak",
                "WZ-5.5-c",
                ["speak"],
                zh="只有无人等候发言时才能发起表决",
            )
    profile, present = sitting.rule_profile, len(sitting.present)
    check_quorum(profile, len(sitting.participants), present)
    sitting.trigger_event(
        sitting.VoteOpened, item=item, text=text, amends=amends, **actor.event_fields()
    )


def _refuse_sealed(sitting: Sitting, item: str) -> NoReturn:
    refuse(
        sitting,
        f"the vote on {item} is closed and sealed",
        "WZ-6",
        zh=f"{item} 的表决已结束并封存",
    )


def _check_amends(sitting: Sitting, item: str, amends: str | None) -> None:
    b = sitting.ballots
    if item in b.closed:
        _refuse_sealed(sitting, item)
    if amends is not None and amends not in b.reworkable():
        refuse(
            sitting,
            f"only a failed item not yet reworked can be amended, not {amends}",
            "LS-2.4.5",
            b.reworkable(),
            zh=f"只有未通过且尚未修改的事项可以修改，{amends} 不行：可修改的事项见 allowed_actions",
        )


def cast(sitting: Sitting, actor: Actor, item: str, choice: str) -> None:
    """Online: an eligible participant present votes once, in person (WZ-5.5-d)."""
    _check_open(sitting, item, "online", "online_offline")
    voter = actor.person_id
    participant(sitting, voter)
    require_voter(sitting, voter)
    require_present(sitting, voter)
    if voter in sitting.ballots.cast:
        refuse(
            sitting,
            f"{voter} has already voted on {item}",
            "WZ-5.6-a",
            [],
            zh=f"{voter} 已对 {item} 投过票",
        )
    check_not_on_paper(sitting, voter)
    if choice not in CHOICES:
        raise InvalidValue(
            "vote yes, no or abstain",
            rule_id="JH-5.3",
            allowed=list(CHOICES),
            zh="请投赞成、反对或弃权",
        )
    sitting.trigger_event(
        sitting.BallotCast, voter=voter, choice=choice, **actor.event_fields()
    )


def record_counts(
    sitting: Sitting, actor: Actor, item: str, yes: int, no: int, abstain: int
) -> None:
    """On site: the recorder enters the counts the host called (yes, then no; abstention not asked)."""
    _check_open(sitting, item, "on_site")
    if actor.person_id != sitting.recorder:
        raise OutsideJurisdiction(
            "only the sitting's recorder enters the counts",
            rule_id="WZ-5.2-b",
            zh="只有本次会议的记录人可以录入票数",
        )
    tally(sitting, yes, no, abstain)  # refuses counts that do not add up
    sitting.trigger_event(
        sitting.CountsRecorded, yes=yes, no=no, abstain=abstain, **actor.event_fields()
    )


def close_vote(sitting: Sitting, actor: Actor, item: str) -> bool:
    b = sitting.ballots
    _check_open(sitting, item, sitting.mode)
    if sitting.mode == "on_site" and b.counts is None:
        refuse(
            sitting,
            "the recorder enters the counts before the vote is closed",
            "JH-5.3",
            ["record_counts"],
            zh="记录人须在表决结束前录入票数",
        )
    counted = tally(sitting, *b.counted())
    profile = sitting.rule_profile
    rule = profile.rules_adoption if item == RULES else passing_rule(sitting)
    sitting.trigger_event(
        sitting.VoteClosed,
        item=item,
        eligible=counted.eligible,
        present=counted.present,
        yes=counted.yes,
        no=counted.no,
        abstain=counted.abstain,
        threshold=rule.describe(),
        passed=counted.meets(rule),
        **vote_split(sitting),
        **actor.event_fields(),
    )
    return counted.meets(rule)


def _check_open(sitting: Sitting, item: str, *modes: str) -> None:
    b, mode = sitting.ballots, sitting.mode
    if item in b.closed:
        _refuse_sealed(sitting, item)
    if b.open_item != item:
        refuse(
            sitting,
            f"no vote is open on {item}",
            "WZ-5.5-c",
            zh=f"{item} 没有正在进行的表决",
        )
    if mode not in modes:
        raise TransitionNotAllowed(
            f"this sitting is {mode}",
            rule_id="WZ-5.6-a",
            allowed=["cast" if mode == "online" else "record_counts"],
            zh="本次会议为线上表决：请在线投票（cast）"
            if mode == "online"
            else "本次会议为现场计票：请由记录人录入票数（record_counts）",
        )
