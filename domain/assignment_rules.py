"""The refusals of an assignment (BZ-D2): an action its state does not allow, a bad delegation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.errors import InvalidValue, TransitionNotAllowed
from domain.vocabulary import label


def action_refused(
    action: str, status: str, allowed: list[str]
) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        f"cannot {action} an assignment that is {status}",
        zh=f"处于“{label('assignment', status)}”的任务不能{label('task_action', action)}",
        rule_id="BZ-D2",
        allowed=allowed,
    )


def check_delegation(
    keys: list[str],
    candidates: Mapping[str, Any],
    deadline: datetime,
    own_deadline: datetime,
) -> None:
    """To one or more holders directly below, by a deadline no later than the assignment's own."""
    if not keys or not set(keys) <= set(candidates):
        raise InvalidValue(
            "delegate to one or more units (or residents) directly below",
            zh="只能下派给直属下级单位（或居民）",
            rule_id="BZ-D2",
            allowed=sorted(candidates)[:50],
        )
    if deadline > own_deadline:
        raise InvalidValue(
            "a sub-deadline cannot be later than the assignment's own",
            zh="下派的期限不能晚于本级任务的期限",
            rule_id="BZ-D2",
        )
