"""The rules of procedure within a sitting (WZ-5.5-a/b/c, WZ-5.6-b): the host puts the drafted rules
to the vote; once adopted they govern the sitting's speeches and item votes. A rejected draft is
not a dead end: the convenor redrafts it and it is voted again, or the sitting closes without a
result and the topic is planned again. Plain functions over the Sitting, each checking before it
records its event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.deliberation.ballots import RULES
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.profiles import Rule
from domain.deliberation.sitting_checks import refuse

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting


def passing_rule(sitting: Sitting) -> Rule:
    """What an item needs to pass: the adopted share, within the pinned profile (WZ-5.5-c)."""
    return sitting.applied_rules.passing_rule(sitting.rule_profile)


def rules_rejected(sitting: Sitting) -> bool:
    """The draft was voted down and nothing has followed yet (WZ-5.6-b)."""
    return (
        not sitting.rules_adopted
        and sitting.ballots.passed.get(RULES) is False
        and not sitting.closed_without_result
    )


def table_rules(sitting: Sitting, actor: Actor, rules: ProcedureRules) -> None:
    sitting.trigger_event(sitting.RulesTabled, **rules.fields(), **actor.event_fields())


def redraft_rules(sitting: Sitting, actor: Actor, rules: ProcedureRules) -> None:
    """WZ-5.5-a: after a rejected draft, the convenor redrafts and the sitting votes again."""
    if not rules_rejected(sitting):
        refuse(
            sitting,
            "rules are redrafted only after the sitting voted the draft down",
            "WZ-5.5-a",
            zh="只有会议表决否决了议事规则草案后，才能重新拟定",
        )
    table_rules(sitting, actor, rules)


def close_without_result(sitting: Sitting, actor: Actor) -> None:
    """WZ-5.6-b: no deliberation without adopted rules; the sitting ends and the topic is planned
    again."""
    if not rules_rejected(sitting):
        refuse(
            sitting,
            "a sitting closes without a result only once its draft rules are voted down",
            "WZ-5.6-b",
            zh="只有议事规则草案被表决否决后，会议才能无结果结束",
        )
    sitting.trigger_event(sitting.ClosedWithoutResult, **actor.event_fields())
