"""The order of a sitting's proceedings (WZ-5.6-a/b, WZ-5.5-c): rules adopted before deliberating,
the proposer explaining before the speeches, no speech while a vote is open. A mixin of the Sitting."""

from __future__ import annotations

from domain.deliberation.sitting_state import SittingState


class SittingChecks(SittingState):
    def _require_rules(self) -> None:
        if not self.rules_adopted:
            self._refuse(
                "deliberation starts only once the rules of procedure are adopted",
                "WZ-5.6-b",
                zh="议事规则通过后才能开始协商",
            )

    def _require_debate(self) -> None:
        self._require_rules()
        if not self.explained:
            self._refuse(
                "the proposer explains the topic first",
                "WZ-5.6-a",
                zh="请提议人先说明议题",
            )
        if self.ballots.open_item is not None or self.outcome is not None:
            self._refuse(
                "no speeches while a vote is open or after the outcome",
                "WZ-5.5-c",
                zh="表决进行中或已有结果时不能发言",
            )
