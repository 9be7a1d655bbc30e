"""Rule profiles (section P): each city's standard as a named, versioned set of thresholds,
deadlines and required steps. A topic pins the profile version in force when it is approved
(`wenzhou-2021@1`), so a later version never changes an open topic or an old outcome: a changed
profile is added as a new version beside the old one, never edited in place.

Where a city's document is silent, its profile takes the Wenzhou default and says so in `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from domain.deliberation.thresholds import Threshold, at_least, more_than
from domain.errors import InvalidValue


class Base(str, Enum):
    """What a threshold is a fraction of."""

    ELIGIBLE = "eligible"  # eligible voters: participants minus non-stakeholders, departments, experts (WZ-5.5-d)
    PRESENT = "present"  # participants present at the sitting
    CAST = "cast"  # valid votes: yes + no + abstain
    MEMBERS = "members"  # all members of the body that votes (major-decision stages)


@dataclass(frozen=True)
class Rule:
    threshold: Threshold
    base: Base

    def describe(self) -> str:
        return f"{self.threshold.describe()} of {self.base.value}"


@dataclass(frozen=True)
class Stage:
    """One stage of the major-decision procedure (五议两公开, LS-2.4.12)."""

    key: str
    name: str
    quorum: Rule | None = None
    passing: Rule | None = None
    optional: bool = False
    # a publication (两公开): the key of the stage whose vote it makes public, or
    # "implementation" for the implementation result; None for a meeting's stage
    publishes: str | None = None


MONTH_DAYS = 30  # "at least monthly" (WZ-5.2-a), counted as 30 calendar days


@dataclass(frozen=True)
class Deadlines:
    settle_plan_working_days: int = 10  # WZ-5.3-a
    sit_within_working_days: int = 15  # WZ-5.3-b
    file_by_next_day: bool = True  # WZ-5.7-a
    communicate_within_days: int = 2  # WZ-5.7-c (calendar days, CAL-2)
    simple_done_within_working_days: int = 30  # WZ-5.8-c
    immediate_response_hours: int | None = None  # SX-T1 immediate (即时议)
    in_depth_start_working_days: int | None = None  # SX-T1 in-depth (深入议)
    # WZ-5.2-a: the two-committee review meets at least monthly; None keeps a month
    review_within_days: int | None = None

    def review_interval(self) -> timedelta:
        """How long a topic may wait for its review before it is flagged (WZ-5.2-a)."""
        return timedelta(days=self.review_within_days or MONTH_DAYS)


@dataclass(frozen=True)
class RuleProfile:
    key: str
    version: str
    source: str
    rules_adoption: Rule
    passing: Rule
    terminate_below: Rule | None
    quorum: Rule | None = None
    item_by_item: bool = False
    review_screen: bool = (
        False  # JH-4.1/4.2 six-must / five-must-not screen required at review
    )
    topic_classes: bool = False  # SX-T1 immediate / in-depth
    speech_minutes: int = 3
    speeches_per_person: int = 2
    deadlines: Deadlines = Deadlines()
    major_decision: tuple[Stage, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def pinned(self) -> str:
        return f"{self.key}@{self.version}"


MAJOR_DECISION_DEFAULT = (
    Stage("proposal", "党组织提议"),
    Stage("committees", "两委会商议", passing=Rule(more_than(1, 2), Base.MEMBERS)),
    Stage("supervision_check", "监委会核议", optional=True),
    Stage(
        "party_assembly",
        "党员大会审议",
        quorum=Rule(at_least(2, 3), Base.MEMBERS),
        passing=Rule(more_than(1, 2), Base.MEMBERS),
    ),
    Stage(
        "resolution",
        "居民（代表）会议决议",
        passing=Rule(more_than(1, 2), Base.PRESENT),
    ),
    Stage("publish_resolution", "决议公开", publishes="resolution"),
    Stage("publish_result", "实施结果公开", publishes="implementation"),
)

WENZHOU = RuleProfile(
    key="wenzhou-2021",
    version="1",
    source="WZ: 温州《城乡社区协商操作规程》(2021)",
    rules_adoption=Rule(at_least(2, 3), Base.ELIGIBLE),  # WZ-5.6-b
    passing=Rule(more_than(1, 2), Base.ELIGIBLE),  # WZ-5.5-c
    terminate_below=Rule(
        at_least(1, 3), Base.ELIGIBLE
    ),  # WZ-5.6-c(b): terminated when yes < 1/3
    major_decision=MAJOR_DECISION_DEFAULT,
)
LISHUI = RuleProfile(
    key="lishui-2017",
    version="1",
    source="LS: 丽水《关于推进城乡社区协商的实施办法》(2017)",
    rules_adoption=WENZHOU.rules_adoption,
    passing=Rule(more_than(1, 2), Base.CAST),  # LS-2.4.6
    terminate_below=None,
    quorum=Rule(at_least(2, 3), Base.PRESENT),
    item_by_item=True,
    major_decision=MAJOR_DECISION_DEFAULT,
    notes=(
        "rules adoption: LS is silent, the Wenzhou 2/3 applies",
        "a failed vote is re-deliberated or, if it stays disputed, goes to the assembly (LS-2.4.9)",
        "valid votes are the ballots cast: yes, no and abstain",
    ),
)
JINHUA = RuleProfile(
    key="jinhua-2023",
    version="1",
    source="JH: 金华《关于坚持和践行“后陈经验”推进城乡社区议事协商工作的指导意见》(2023)",
    rules_adoption=WENZHOU.rules_adoption,
    passing=Rule(more_than(2, 3), Base.PRESENT),  # JH-5.3
    terminate_below=WENZHOU.terminate_below,
    review_screen=True,
    major_decision=MAJOR_DECISION_DEFAULT,
    notes=(
        "rules adoption and termination: JH is silent, the Wenzhou thresholds apply",
    ),
)
SHAOXING = RuleProfile(
    key="shaoxing-2024",
    version="1",
    source="SX: 绍兴《城市社区议事运行规范》(2024); deadlines from DB3306/T 075-2025",
    rules_adoption=WENZHOU.rules_adoption,
    passing=WENZHOU.passing,
    terminate_below=WENZHOU.terminate_below,
    topic_classes=True,
    major_decision=MAJOR_DECISION_DEFAULT,
    deadlines=Deadlines(immediate_response_hours=48, in_depth_start_working_days=5),
    notes=("voting thresholds: SX is silent, the Wenzhou thresholds apply",),
)
VERSIONS: dict[tuple[str, str], RuleProfile] = {
    (p.key, p.version): p for p in (WENZHOU, LISHUI, JINHUA, SHAOXING)
}  # every version ever in force: a pinned topic reads its own, whatever came later
PROFILES = {
    p.key: p for p in sorted(VERSIONS.values(), key=lambda p: int(p.version))
}  # the latest version of each key: what a community adopts and a new topic pins
DEFAULT_PROFILE = WENZHOU.key


def profile(key: str) -> RuleProfile:
    """`key@version` is that version exactly (a pin); a bare key is its latest version."""
    name, _, version = key.partition("@")
    try:
        return VERSIONS[(name, version)] if version else PROFILES[name]
    except KeyError:
        raise InvalidValue(
            f"unknown rule profile {key!r}",
            rule_id="P",
            allowed=sorted(PROFILES),
            zh=f"未知的规则配置 {key!r}：可选配置见 allowed_actions",
        ) from None
