"""Counting a vote and settling a sitting's outcome (WZ-5.6-b, WZ-5.6-c, LS-2.4.6, JH-5.3).

All comparisons are exact integer arithmetic on the counts (see thresholds.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from domain.deliberation.profiles import Base, Rule, RuleProfile
from domain.errors import InvalidValue, TransitionNotAllowed


class Outcome(str, Enum):
    CONSENSUS = "consensus"  # (a) passed; an implementation plan is recorded
    TERMINATED = "terminated"  # (b) failed with yes below the termination share
    REDELIBERATE = (
        "redeliberate"  # (c) failed otherwise: a new sitting, linked to this one
    )
    MAJOR_DECISION = "major_decision"  # (d) affects most of the community: 五议两公开


@dataclass(frozen=True)
class Tally:
    """The counts of one vote. `eligible`: the eligible voters (WZ-5.5-d); `present`: those of them present
    (the attendees who vote, JH-5.3); yes + no + abstain: the ballots cast."""

    eligible: int
    present: int
    yes: int
    no: int
    abstain: int

    def __post_init__(self) -> None:
        counts = (self.eligible, self.present, self.yes, self.no, self.abstain)
        if min(counts) < 0:
            raise InvalidValue(
                "counts are never negative", rule_id="JH-5.3", zh="票数不能为负数"
            )
        if self.cast > self.present or self.present > self.eligible:
            raise InvalidValue(
                f"{self.cast} votes from {self.present} present of {self.eligible} eligible "
                "do not add up",
                rule_id="JH-5.3",
                zh=f"应到 {self.eligible} 人、实到 {self.present} 人，投票 {self.cast} 张，数目对不上：请核对票数",
            )

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    def base(self, base: Base) -> int:
        return {
            Base.ELIGIBLE: self.eligible,
            Base.PRESENT: self.present,
            Base.CAST: self.cast,
            Base.MEMBERS: self.eligible,
        }[base]

    def meets(self, rule: Rule) -> bool:
        return rule.threshold.met(self.yes, self.base(rule.base))

    def shares(self) -> dict[str, str]:
        """Each count as a percentage of the voters present (JH-5.3 record), to one decimal, exactly rounded."""
        return {
            k: _percent(getattr(self, k), self.present)
            for k in ("yes", "no", "abstain")
        }


def rules_adopted(profile: RuleProfile, tally: Tally) -> bool:
    """The rules of procedure are adopted before anything else is deliberated (WZ-5.6-b)."""
    return tally.meets(profile.rules_adoption)


def check_quorum(profile: RuleProfile, participants: int, present: int) -> None:
    """LS-2.4.6: no vote without the quorum of participants present."""
    rule = profile.quorum
    if rule is not None and not rule.threshold.met(present, participants):
        raise TransitionNotAllowed(
            f"{present} of {participants} participants present: the quorum is "
            f"{rule.threshold.describe()} ({rule.threshold.minimum(participants)})",
            rule_id="LS-2.4.6",
            allowed=["sign in more participants", "adjourn"],
            zh=f"应到 {participants} 人、实到 {present} 人：法定人数为 {rule.threshold.describe()}（{rule.threshold.minimum(participants)} 人）；请让更多参与人员签到，或休会",
        )


def settle(profile: RuleProfile, tally: Tally, passing: Rule | None = None) -> Outcome:
    """Exactly one outcome from the counts (WZ-5.6-c a–c); (d) is a decision, not a count.
    `passing`: the pass share the sitting adopted (WZ-5.5-c), the profile's by default."""
    if tally.meets(passing or profile.passing):
        return Outcome.CONSENSUS
    if profile.terminate_below is not None and not tally.meets(profile.terminate_below):
        return Outcome.TERMINATED
    return Outcome.REDELIBERATE


def _percent(count: int, total: int) -> str:
    if total == 0:
        return "0.0%"
    tenths = (count * 1000 * 2 + total) // (2 * total)  # round half up, in integers
    return f"{tenths // 10}.{tenths % 10}%"
