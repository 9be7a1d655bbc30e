"""Settling a sitting (WZ-5.6-c): exactly one outcome, computed from its closed votes under the rules
it adopted, or declared a major decision (五议两公开). A command of the Sitting, which nests a
subclass of the event.
"""

from __future__ import annotations

from typing import Any

from domain.actors import ActedEvent, Actor
from domain.deliberation.outcome import Outcome, settle
from domain.deliberation.sitting_state import SittingState
from domain.errors import InvalidValue


class OutcomeSettledBase(ActedEvent):
    personal_fields = ("implementation_plan",)
    subject_id: str
    outcome: str
    decisive_item: str | None
    implementation_plan: str

    def apply(self, aggregate: Any) -> None:
        aggregate.outcome = Outcome(self.outcome)


class Settling(SittingState):
    OutcomeSettled: type

    def settle(
        self, actor: Actor, implementation_plan: str = "", major_decision: bool = False
    ) -> Outcome:
        """WZ-5.6-c: exactly one outcome, computed from the votes by the pinned profile."""
        if (
            self.outcome is not None
            or not self.ballots.voted_items()
            or self.ballots.open_item is not None
        ):
            self._refuse(
                "settle once, after at least one item was voted and every vote is closed",
                "WZ-5.6-c",
                zh="至少表决过一项且全部表决结束后，才能确定结果，且只能确定一次",
            )
        decisive = self.ballots.first_failed()
        outcome = Outcome.MAJOR_DECISION if major_decision else self._counted(decisive)
        if outcome is Outcome.CONSENSUS and not implementation_plan.strip():
            raise InvalidValue(
                "a consensus records an executable implementation plan",
                rule_id="WZ-5.6-c",
                zh="达成共识须记录可执行的落实方案",
            )
        self.trigger_event(
            self.OutcomeSettled,
            outcome=outcome.value,
            decisive_item=decisive,
            implementation_plan=implementation_plan,
            **actor.event_fields(),
        )
        return outcome

    def _counted(self, decisive: str | None) -> Outcome:
        """Consensus when every item passed; else the first failed item decides, at the adopted
        pass share (WZ-5.5-c) and the profile's termination share."""
        if decisive is None:
            return Outcome.CONSENSUS
        tally = self.ballots.closed[decisive]
        return settle(self.rule_profile, tally, self.passing_rule())
