"""Settling a sitting (WZ-5.6-c): exactly one outcome, computed from its closed votes under the rules
it adopted, or declared a major decision (五议两公开). A plain function over the Sitting, which
checks before it records the event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.deliberation.outcome import Outcome, settle
from domain.deliberation.sitting_checks import refuse
from domain.deliberation.sitting_rules import passing_rule
from domain.errors import InvalidValue

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting


def settle_sitting(
    sitting: Sitting,
    actor: Actor,
    implementation_plan: str = "",
    major_decision: bool = False,
) -> Outcome:
    """WZ-5.6-c: exactly one outcome, computed from the votes by the pinned profile."""
    b = sitting.ballots
    if sitting.outcome is not None or not b.voted_items() or b.open_item is not None:
        refuse(
            sitting,
            "settle once, after at least one item was voted and every vote is closed",
            "WZ-5.6-c",
            zh="至少表决过一项且全部表决结束后，才能确定结果，且只能确定一次",
        )
    decisive = b.first_failed()
    outcome = Outcome.MAJOR_DECISION if major_decision else _counted(sitting, decisive)
    if outcome is Outcome.CONSENSUS and not implementation_plan.strip():
        raise InvalidValue(
            "a consensus records an executable implementation plan",
            rule_id="WZ-5.6-c",
            zh="达成共识须记录可执行的落实方案",
        )
    sitting.trigger_event(
        sitting.OutcomeSettled,
        outcome=outcome.value,
        decisive_item=decisive,
        implementation_plan=implementation_plan,
        **actor.event_fields(),
    )
    return outcome


def _counted(sitting: Sitting, decisive: str | None) -> Outcome:
    """Consensus when every item passed; else the first failed item decides, at the adopted
    pass share (WZ-5.5-c) and the profile's termination share."""
    if decisive is None:
        return Outcome.CONSENSUS
    tally = sitting.ballots.closed[decisive]
    return settle(sitting.rule_profile, tally, passing_rule(sitting))
