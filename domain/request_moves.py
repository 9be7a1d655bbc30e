"""Where a request may move (BZ-D1): one level up, or down to a unit below its holder."""

from __future__ import annotations

from domain.errors import InvalidValue, TransitionNotAllowed
from domain.registry import Registry, Unit


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
