"""The order of a sitting's proceedings (WZ-5.6-a/b, WZ-5.5-c) and who takes part (WZ-5.3-c):
rules adopted before deliberating, the proposer explaining before the speeches, no speech while
a vote is open; a person acting in the sitting is one of its participants, signed in. Checks
the sitting's commands make before they record anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from domain.deliberation.participants import ParticipantCategory
from domain.errors import OutsideJurisdiction, TransitionNotAllowed

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting


def refuse(
    sitting: Sitting,
    message: str,
    rule_id: str,
    allowed: list[str] | None = None,
    *,
    zh: str,
) -> NoReturn:
    """Refused in this state: what the sitting allows instead, unless `allowed` says."""
    raise TransitionNotAllowed(
        message, zh=zh, rule_id=rule_id, allowed=allowed or sitting.allowed_actions()
    )


def participant(sitting: Sitting, person: str) -> ParticipantCategory:
    if person not in sitting.participants:
        raise OutsideJurisdiction(
            f"{person} is not a participant of this sitting",
            rule_id="WZ-5.3-c",
            zh=f"{person} 不是本次会议的参与人员",
        )
    return sitting.participants[person]


def require_present(sitting: Sitting, person: str) -> None:
    participant(sitting, person)
    if person not in sitting.present:
        refuse(
            sitting,
            f"{person} has not signed in",
            "WZ-5.6-a",
            ["sign_in"],
            zh=f"{person} 尚未签到：请先签到",
        )


def require_voter(sitting: Sitting, voter: str) -> None:
    """WZ-5.5-d: only stakeholders vote; experts, departments and others take part."""
    if voter not in sitting.eligible:
        raise OutsideJurisdiction(
            f"{voter} takes part but does not vote",
            rule_id="WZ-5.5-d",
            zh=f"{voter} 参与协商但没有表决权",
        )


def require_rules(sitting: Sitting) -> None:
    if not sitting.rules_adopted:
        refuse(
            sitting,
            "deliberation starts only once the rules of procedure are adopted",
            "WZ-5.6-b",
            zh="议事规则通过后才能开始协商",
        )


def require_debate(sitting: Sitting) -> None:
    require_rules(sitting)
    if not sitting.explained:
        refuse(
            sitting,
            "the proposer explains the topic first",
            "WZ-5.6-a",
            zh="请提议人先说明议题",
        )
    if sitting.ballots.open_item is not None or sitting.outcome is not None:
        refuse(
            sitting,
            "no speeches while a vote is open or after the outcome",
            "WZ-5.5-c",
            zh="表决进行中或已有结果时不能发言",
        )
