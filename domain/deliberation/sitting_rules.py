"""The rules of procedure within a sitting (WZ-5.5-a/b/c, WZ-5.6-b): the host puts the drafted rules
to the vote; once adopted they govern the sitting's speeches and item votes. A rejected draft is
not a dead end: the convenor redrafts it and it is voted again, or the sitting closes without a
result and the topic is planned again. Commands of the Sitting, which nests subclasses of these
events.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from domain.actors import ActedEvent, Actor
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.profiles import Rule
from domain.deliberation.sitting_state import SittingState
from domain.deliberation.voting import RULES


class RulesTabledBase(ActedEvent):
    """The draft put to the sitting's rules vote; after a rejection, the redrafted one."""

    speech_minutes: int
    speeches_per_person: int
    passing: str

    def apply(self, aggregate: Any) -> None:
        aggregate.draft_rules = ProcedureRules.from_fields(
            {
                "speech_minutes": self.speech_minutes,
                "speeches_per_person": self.speeches_per_person,
                "passing": self.passing,
            }
        )
        b = aggregate.ballots
        aggregate.ballots = replace(  # the rejected vote stays in the log, sealed
            b,
            closed={k: v for k, v in b.closed.items() if k != RULES},
            passed={k: v for k, v in b.passed.items() if k != RULES},
        )


class ClosedWithoutResultBase(ActedEvent):
    """The sitting ends with no outcome (its rules were voted down); the topic is planned again."""

    def apply(self, aggregate: Any) -> None:
        aggregate.closed_without_result = True


class SittingRules(SittingState):
    """Mixin of the Sitting: which rules apply, and what follows a rejected draft."""

    RulesTabled: type
    ClosedWithoutResult: type

    @property
    def applied_rules(self) -> ProcedureRules:
        """The adopted rules; the profile's defaults where the sitting adopted none."""
        return self.adopted_rules or ProcedureRules.of_profile(self.rule_profile)

    def passing_rule(self) -> Rule:
        return self.applied_rules.passing_rule(self.rule_profile)

    def rules_rejected(self) -> bool:
        """The draft was voted down and nothing has followed yet (WZ-5.6-b)."""
        return (
            not self.rules_adopted
            and self.ballots.passed.get(RULES) is False
            and not self.closed_without_result
        )

    def table_rules(self, actor: Actor, rules: ProcedureRules) -> None:
        self.trigger_event(self.RulesTabled, **rules.fields(), **actor.event_fields())

    def redraft_rules(self, actor: Actor, rules: ProcedureRules) -> None:
        """WZ-5.5-a: after a rejected draft, the convenor redrafts and the sitting votes again."""
        if not self.rules_rejected():
            self._refuse(
                "rules are redrafted only after the sitting voted the draft down",
                "WZ-5.5-a",
                zh="只有会议表决否决了议事规则草案后，才能重新拟定",
            )
        self.table_rules(actor, rules)

    def close_without_result(self, actor: Actor) -> None:
        """WZ-5.6-b: no deliberation without adopted rules; the sitting ends and the topic is planned
        again."""
        if not self.rules_rejected():
            self._refuse(
                "a sitting closes without a result only once its draft rules are voted down",
                "WZ-5.6-b",
                zh="只有议事规则草案被表决否决后，会议才能无结果结束",
            )
        self.trigger_event(self.ClosedWithoutResult, **actor.event_fields())
