"""What the Sitting's mixins (debate, rules, votes, record, settling) read of the Sitting, declared
once for the type checker. Nothing here exists at run time beyond the annotations: the Sitting
itself holds the state and defines the methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from domain.deliberation.ballots import Ballots
    from domain.deliberation.outcome import Outcome, Tally
    from domain.deliberation.participants import ParticipantCategory
    from domain.deliberation.procedure import ProcedureRules
    from domain.deliberation.profiles import Rule, RuleProfile
    from domain.deliberation.speaking import Hand


class SittingState:
    mode: str
    recorder: str
    participants: dict[str, ParticipantCategory]
    present: frozenset[str]
    hands: list[Hand]
    spoken: dict[str, int]
    last_position: str | None
    ballots: Ballots
    rules_adopted: bool
    explained: bool
    draft_rules: ProcedureRules | None
    adopted_rules: ProcedureRules | None
    closed_without_result: bool
    outcome: Outcome | None

    if TYPE_CHECKING:

        @property
        def rule_profile(self) -> RuleProfile: ...

        @property
        def eligible(self) -> frozenset[str]: ...

        @property
        def applied_rules(self) -> ProcedureRules: ...

        def passing_rule(self) -> Rule: ...

        def tally(self, yes: int, no: int, abstain: int) -> Tally: ...

        def check_quorum(self) -> None: ...

        def trigger_event(self, event_class: type, **kwargs: Any) -> None: ...

        def _refuse(
            self,
            message: str,
            rule_id: str,
            allowed: list[str] | None = None,
            *,
            zh: str,
        ) -> NoReturn: ...

        def _require_debate(self) -> None: ...

        def _present(self, person: str) -> None: ...

        def _participant(self, person: str) -> ParticipantCategory: ...

        def _check_not_on_paper(self, voter: str) -> None: ...

        def vote_split(self) -> dict[str, int]: ...
