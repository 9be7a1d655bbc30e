"""The rules of procedure (议事规则) a sitting votes on and, once adopted, follows (WZ-5.5-a/b/c).

The convenor drafts them from the profile's defaults; the pass share may be raised for the
matter at hand, never below the profile's (WZ-5.5-c: yes must be more than 1/2 at the least).
Once the sitting adopts them (WZ-5.6-b), its speeches and item votes follow them (WZ-5.6-a d, f);
where a sitting adopted none (door-to-door, written, or a sitting recorded before rules were put
to the vote), the profile's defaults apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.deliberation.profiles import Rule, RuleProfile
from domain.deliberation.thresholds import Threshold, parse
from domain.errors import InvalidValue


@dataclass(frozen=True)
class ProcedureRules:
    speech_minutes: int
    speeches_per_person: int
    passing: Threshold

    @classmethod
    def of_profile(cls, profile: RuleProfile) -> ProcedureRules:
        return cls(
            profile.speech_minutes,
            profile.speeches_per_person,
            profile.passing.threshold,
        )

    @classmethod
    def drafted(
        cls,
        profile: RuleProfile,
        speech_minutes: int | None = None,
        speeches_per_person: int | None = None,
        passing: Threshold | None = None,
    ) -> ProcedureRules:
        """A draft: the profile's defaults where nothing is given; refused below the profile's floor."""
        chosen = passing or profile.passing.threshold
        floor = profile.passing.threshold
        if _laxer(chosen, floor):
            raise InvalidValue(
                f"the pass share cannot be below the profile's {floor.describe()}",
                rule_id="WZ-5.5-c",
                zh=f"通过比例不能低于规则配置的 {floor.describe()}",
            )
        if (speech_minutes or 1) < 0 or (speeches_per_person or 1) < 0:
            raise InvalidValue(
                "speech limits are positive numbers",
                rule_id="WZ-5.5-b",
                zh="发言限制须为正数",
            )
        return cls(
            speech_minutes or profile.speech_minutes,
            speeches_per_person or profile.speeches_per_person,
            chosen,
        )

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> ProcedureRules:
        return cls(
            int(fields["speech_minutes"]),
            int(fields["speeches_per_person"]),
            parse(str(fields["passing"])),
        )

    def fields(self) -> dict[str, Any]:
        """As recorded on the events (the pass share as its text, e.g. "≥ 3/4")."""
        return {
            "speech_minutes": self.speech_minutes,
            "speeches_per_person": self.speeches_per_person,
            "passing": self.passing.describe(),
        }

    def passing_rule(self, profile: RuleProfile) -> Rule:
        """The adopted share, of the base the profile counts it on (eligible voters under WZ)."""
        return Rule(self.passing, profile.passing.base)

    def over_time(self, seconds: int) -> bool:
        return seconds > 60 * self.speech_minutes


def _laxer(chosen: Threshold, floor: Threshold) -> bool:
    """A smaller share, or the same share taken "at least" where the floor says "more than"."""
    left, right = (
        chosen.numerator * floor.denominator,
        floor.numerator * chosen.denominator,
    )
    return left < right or (left == right and floor.strict and not chosen.strict)
