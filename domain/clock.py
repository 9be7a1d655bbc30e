"""The training clock (培训时钟): in development only, an administrator moves the service's "now".

The service's clock is the wall clock plus the offset recorded here, so overdue
deadlines, urges and automatic escalation can be shown in a demo or a training
session. Each move is an event naming who made it; the clock never goes back.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.errors import InvalidValue, TransitionNotAllowed

TRAINING_CLOCK_ID = uuid5(NAMESPACE_URL, "gov:training-clock")
RULE_ID = "TRAINING-CLOCK"  # this service's own rule: development mode only
MAX_STEP = timedelta(days=366)


class TrainingClock(Aggregate):
    class Started(Aggregate.Created):
        pass

    class ClockAdvanced(ActedEvent):
        seconds: int
        reason: str

        def apply(self, aggregate: TrainingClock) -> None:
            aggregate.offset_seconds += self.seconds

    @event(Started)
    def __init__(self) -> None:
        self.offset_seconds = 0

    @classmethod
    def create_id(cls) -> UUID:
        return TRAINING_CLOCK_ID

    @property
    def offset(self) -> timedelta:
        return timedelta(seconds=self.offset_seconds)

    def advance(
        self, actor: Actor, by: timedelta, reason: str, development: bool
    ) -> None:
        """Forward only, at most a year a step, and never outside development mode."""
        if not development:
            raise TransitionNotAllowed(
                "the training clock is for development mode only: the service time cannot be moved in production",
                rule_id=RULE_ID,
                zh="培训时钟仅在开发模式下可用，正式运行时不能调整服务时间",
            )
        seconds = int(by.total_seconds())
        if seconds <= 0 or by > MAX_STEP:
            raise InvalidValue(
                "the clock only moves forward, by at least 1 second and at most 366 days",
                rule_id=RULE_ID,
                zh="时钟只能向前拨，每次至少 1 秒、至多 366 天",
            )
        self.trigger_event(
            self.ClockAdvanced, seconds=seconds, reason=reason, **actor.event_fields()
        )


_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_span(text: str) -> timedelta:
    """`3d`, `12h`, `1w2d`, `90m`: weeks, days, hours, minutes, seconds."""
    rest, seconds = text.strip().lower(), 0
    if not rest:
        raise InvalidValue(
            "say how far to move the clock forward, e.g. 3d, 12h",
            rule_id=RULE_ID,
            zh="请写明拨快多久，如 3d、12h",
        )
    while rest:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        unit = rest[digits : digits + 1]
        if digits == 0 or unit not in _UNITS:
            raise InvalidValue(
                f"unknown duration {text!r}: write 3d, 12h, 1w2d and so on",
                rule_id=RULE_ID,
                zh=f"无法识别的时长 {text!r}：请写成 3d、12h、1w2d 等",
            )
        seconds += int(rest[:digits]) * _UNITS[unit]
        if (
            seconds > MAX_STEP.total_seconds()
        ):  # refused here, before timedelta overflows
            raise InvalidValue(
                f"at most {MAX_STEP.days} days at a time: {text!r} is too long",
                rule_id=RULE_ID,
                zh=f"一次最多拨快 {MAX_STEP.days} 天：{text!r} 太长",
            )
        rest = rest[digits + 1 :]
    return timedelta(seconds=seconds)
