"""Where a request may move (BZ-D1): one level up, down to a unit below its holder, or across
to a sibling of its holder when it was routed to the wrong unit."""

from __future__ import annotations

from typing import Any

from domain.errors import InvalidValue, TransitionNotAllowed
from domain.registry import Registry, Unit
from domain.supervision import DueFor


def escalation_target(
    registry: Registry,
    holding_unit: str,
    to_unit: str | None,
    allow_skip: bool,
    allowed: list[str],
) -> tuple[Unit, list[str]]:
    """The unit above `holding_unit` to escalate to, and the units the move skips."""
    chain = registry.ancestors(holding_unit)
    target = to_unit or chain[0]
    if target not in chain:
        raise InvalidValue(
            f"{target} is not above {holding_unit}",
            zh=f"{target} 不是 {holding_unit} 的上级",
            rule_id="BZ-D1",
        )
    skipped = chain[: chain.index(target)]
    if skipped and not allow_skip:
        raise TransitionNotAllowed(
            f"escalating to {target} would skip {', '.join(skipped)}; "
            "the rule profile allows no skip",
            zh=f"上报到 {target} 会越过 {'、'.join(skipped)}；当前规则不允许越级",
            rule_id="BZ-D1",
            allowed=allowed,
        )
    return registry.unit(target), skipped


def delegation_target(registry: Registry, holding_unit: str, to_unit: str) -> Unit:
    """The active unit strictly below `holding_unit` that a request is handed down to."""
    target = registry.active_unit(to_unit)
    if to_unit == holding_unit or not registry.is_within(to_unit, holding_unit):
        raise InvalidValue(
            f"{to_unit} is not below {holding_unit}",
            zh=f"{to_unit} 不是 {holding_unit} 的下级",
            rule_id="BZ-D1",
        )
    return target


def reassignment_target(
    registry: Registry, holding_unit: str, to_unit: str, reason: str, allowed: list[str]
) -> Unit:
    """改派: the active unit of the holder's level under the holder's parent that a request
    routed to the wrong unit is handed to. RULES.md has no rule on moving a request across;
    BZ-D1 is the closest (a request enters at the level that can take it)."""
    if not reason.strip():
        raise InvalidValue(
            "a reassignment gives its reason", rule_id="BZ-D1", zh="改派须说明理由"
        )
    holder, target = registry.unit(holding_unit), registry.active_unit(to_unit)
    sibling = (
        to_unit != holding_unit
        and holder.parent is not None
        and target.parent == holder.parent
        and target.level is holder.level
    )
    if not sibling:
        raise TransitionNotAllowed(
            f"{to_unit} is not a unit beside {holding_unit} under the same parent",
            rule_id="BZ-D1",
            allowed=allowed,
            zh=f"{to_unit} 不是与 {holding_unit} 同属一个上级的平级单位：可改派的单位见 allowed_actions",
        )
    return target


def arrival(holding_unit: str, target: Unit, due_for: DueFor) -> dict[str, Any]:
    """The fields of a move from `holding_unit` to `target`, with that stay's deadlines."""
    return {
        "from_unit": holding_unit,
        "to_unit": target.code,
        "to_level": target.level.value,
        **due_for(target.level).event_fields(),
    }
