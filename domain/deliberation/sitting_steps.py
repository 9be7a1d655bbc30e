"""What a sitting offers next, from its state (WZ-5.5-c, WZ-5.6-a/b/c), and what opening one needs
(SX-T1, WZ-5.5-d). `allowed_actions` offers only what the state accepts: a rejected draft offers
its redraft or closing without a result, never a vote that is sealed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.deliberation.participants import VOTING, ParticipantCategory
from domain.deliberation.sitting_rules import rules_rejected
from domain.errors import InvalidValue

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting

MODES = ("on_site", "online", "online_offline")  # WZ-5.3-d: combined

COUNTING = {
    "on_site": ["record_counts"],
    "online": ["cast"],
    "online_offline": ["cast", "record_paper_counts"],
}


def check_opening(mode: str, participants: dict[str, ParticipantCategory]) -> None:
    if mode not in MODES:
        raise InvalidValue(
            "a sitting is on site, online, or both",
            rule_id="SX-T1",
            allowed=list(MODES),
            zh="会议须为现场、线上或两者结合",
        )
    if not any(c in VOTING for c in participants.values()):
        raise InvalidValue(
            "a sitting needs stakeholders who can vote",
            rule_id="WZ-5.5-d",
            zh="会议须有可以表决的利益相关方",
        )


def next_steps(sitting: Sitting) -> list[str]:
    if sitting.outcome is not None or sitting.closed_without_result:
        return []
    if rules_rejected(sitting):
        return ["sign_in", "redraft_rules", "close_without_result"]
    if sitting.ballots.open_item is not None:
        return [*COUNTING[sitting.mode], "close_vote"]
    if not sitting.rules_adopted:
        return ["sign_in", "open_vote"]
    if not sitting.explained:
        return ["sign_in", "explain"]
    actions = [
        "sign_in",
        "request_floor",
        "expert_statement",
        "note_discussion",
        "settle" if sitting.ballots.voted_items() else None,
    ]
    actions.append("speak" if sitting.hands else "open_vote")
    return [a for a in actions if a]
