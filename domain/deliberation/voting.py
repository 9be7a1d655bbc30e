"""Votes of a sitting, the rules vote included (WZ-5.5-c, WZ-5.6-b, LS-2.4.6, JH-5.3).

A vote is opened on an item, counted (online: one ballot per eligible participant present; on
site: the counts the recorder enters), and closed. Closing seals it: the item cannot be voted,
counted or cast again. The rules of procedure are the item `rules`, adopted at the profile's share.

A disputed item is reworked item by item (LS-2.4.5): a failed item may be amended and voted again
as a new item linked to it (`amends`); the amendment's result then stands in for the failed one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NoReturn

from domain.actors import ActedEvent, Actor
from domain.deliberation.ballots import CHOICES as CHOICES
from domain.deliberation.ballots import RULES as RULES
from domain.deliberation.mixed_voting import SPLIT_FIELDS
from domain.deliberation.outcome import Tally
from domain.deliberation.sitting_state import SittingState
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed


class VoteOpenedBase(ActedEvent):
    class_version = 2
    item: str
    text: str
    amends: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["amends"] = None  # votes opened before amendments existed amend nothing

    def apply(self, aggregate: Any) -> None:
        b = aggregate.ballots
        amends = {**b.amends, self.item: self.amends} if self.amends else b.amends
        aggregate.ballots = replace(
            b,
            open_item=self.item,
            cast={},
            counts=None,
            amends=amends,
            paper=None,
            paper_voters=frozenset(),
        )


class BallotCastBase(ActedEvent):
    voter: str
    choice: str

    def apply(self, aggregate: Any) -> None:
        aggregate.ballots = replace(
            aggregate.ballots, cast={**aggregate.ballots.cast, self.voter: self.choice}
        )


class CountsRecordedBase(ActedEvent):
    yes: int
    no: int
    abstain: int

    def apply(self, aggregate: Any) -> None:
        aggregate.ballots = replace(
            aggregate.ballots, counts=(self.yes, self.no, self.abstain)
        )


class VoteClosedBase(ActedEvent):
    """Version 2 (WZ-5.3-d): a combined sitting's paper and online counts apart; None elsewhere,
    and in every vote closed before version 2 (docs/upcasting.md)."""

    class_version = 2
    item: str
    eligible: int
    present: int
    yes: int
    no: int
    abstain: int
    threshold: str
    passed: bool
    paper_yes: int | None = None
    paper_no: int | None = None
    paper_abstain: int | None = None
    online_yes: int | None = None
    online_no: int | None = None
    online_abstain: int | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.update(dict.fromkeys(SPLIT_FIELDS))  # the split was not recorded

    def apply(self, aggregate: Any) -> None:
        tally = Tally(self.eligible, self.present, self.yes, self.no, self.abstain)
        b = aggregate.ballots
        aggregate.ballots = replace(
            b,
            open_item=None,
            cast={},
            counts=None,
            paper=None,
            paper_voters=frozenset(),
            closed={**b.closed, self.item: tally},
            passed={**b.passed, self.item: self.passed},
        )
        if self.item == RULES and self.passed:
            aggregate.rules_adopted = True
            aggregate.adopted_rules = getattr(aggregate, "draft_rules", None)


class VoteEvents(SittingState):
    """Mixin of the Sitting: its vote commands. The Sitting nests subclasses of the events above."""

    VoteOpened: type
    BallotCast: type
    CountsRecorded: type
    VoteClosed: type

    def open_vote(
        self, actor: Actor, item: str, text: str, amends: str | None = None
    ) -> None:
        self._check_amends(item, amends)
        if (
            item == RULES
            and self.rules_adopted
            or item != RULES
            and not self.rules_adopted
        ):
            self._refuse(
                "the rules of procedure are voted first, and once adopted only once",
                "WZ-5.6-b",
                zh="议事规则须最先表决，通过后只表决一次",
            )
        if item != RULES:
            self._require_debate()
            if self.hands:
                self._refuse(
                    "a vote is called only when nobody is waiting to speak",
                    "WZ-5.5-c",
                    ["speak"],
                    zh="只有无人等候发言时才能发起表决",
                )
        self.check_quorum()
        self.trigger_event(
            self.VoteOpened, item=item, text=text, amends=amends, **actor.event_fields()
        )

    def _refuse_sealed(self, item: str) -> NoReturn:
        self._refuse(
            f"the vote on {item} is closed and sealed",
            "WZ-6",
            zh=f"{item} 的表决已结束并封存",
        )

    def _check_amends(self, item: str, amends: str | None) -> None:
        b = self.ballots
        if item in b.closed:
            self._refuse_sealed(item)
        if amends is not None and amends not in b.reworkable():
            self._refuse(
                f"only a failed item not yet reworked can be amended, not {amends}",
                "LS-2.4.5",
                b.reworkable(),
                zh=f"只有未通过且尚未修改的事项可以修改，{amends} 不行：可修改的事项见 allowed_actions",
            )

    def cast(self, actor: Actor, item: str, choice: str) -> None:
        """Online: an eligible participant present votes once, in person (WZ-5.5-d)."""
        self._open(item, "online", "online_offline")
        voter = actor.person_id
        self._participant(voter)
        if voter not in self.eligible:
            raise OutsideJurisdiction(
                f"{voter} takes part but does not vote",
                rule_id="WZ-5.5-d",
                zh=f"{voter} 参与协商但没有表决权",
            )
        self._present(voter)
        if voter in self.ballots.cast:
            self._refuse(
                f"{voter} has already voted on {item}",
                "WZ-5.6-a",
                [],
                zh=f"{voter} 已对 {item} 投过票",
            )
        self._check_not_on_paper(voter)
        if choice not in CHOICES:
            raise InvalidValue(
                "vote yes, no or abstain",
                rule_id="JH-5.3",
                allowed=list(CHOICES),
                zh="请投赞成、反对或弃权",
            )
        self.trigger_event(
            self.BallotCast, voter=voter, choice=choice, **actor.event_fields()
        )

    def record_counts(
        self, actor: Actor, item: str, yes: int, no: int, abstain: int
    ) -> None:
        """On site: the recorder enters the counts the host called (yes, then no; abstention not asked)."""
        self._open(item, "on_site")
        if actor.person_id != self.recorder:
            raise OutsideJurisdiction(
                "only the sitting's recorder enters the counts",
                rule_id="WZ-5.2-b",
                zh="只有本次会议的记录人可以录入票数",
            )
        self.tally(yes, no, abstain)  # refuses counts that do not add up
        self.trigger_event(
            self.CountsRecorded, yes=yes, no=no, abstain=abstain, **actor.event_fields()
        )

    def close_vote(self, actor: Actor, item: str) -> bool:
        b = self.ballots
        self._open(item, self.mode)
        if self.mode == "on_site" and b.counts is None:
            self._refuse(
                "the recorder enters the counts before the vote is closed",
                "JH-5.3",
                ["record_counts"],
                zh="记录人须在表决结束前录入票数",
            )
        tally = self.tally(*b.counted())
        rule = (
            self.rule_profile.rules_adoption if item == RULES else self.passing_rule()
        )
        self.trigger_event(
            self.VoteClosed,
            item=item,
            eligible=tally.eligible,
            present=tally.present,
            yes=tally.yes,
            no=tally.no,
            abstain=tally.abstain,
            threshold=rule.describe(),
            passed=tally.meets(rule),
            **self.vote_split(),
            **actor.event_fields(),
        )
        return tally.meets(rule)

    def _open(self, item: str, *modes: str) -> None:
        b = self.ballots
        if item in b.closed:
            self._refuse_sealed(item)
        if b.open_item != item:
            self._refuse(
                f"no vote is open on {item}",
                "WZ-5.5-c",
                zh=f"{item} 没有正在进行的表决",
            )
        if self.mode not in modes:
            raise TransitionNotAllowed(
                f"this sitting is {self.mode}",
                rule_id="WZ-5.6-a",
                allowed=["cast" if self.mode == "online" else "record_counts"],
                zh="本次会议为线上表决：请在线投票（cast）"
                if self.mode == "online"
                else "本次会议为现场计票：请由记录人录入票数（record_counts）",
            )
