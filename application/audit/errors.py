"""Refusals of the audit reads, as named domain errors (mapped to problem+json in one place)."""

from __future__ import annotations

from domain.errors import InvalidValue, NotFound, TransitionNotAllowed


class NotSealed(NotFound):
    """No sealed event at that log position (unknown, or not sealed yet)."""

    default_rule = "WZ-6"


class NoCheckpoint(TransitionNotAllowed):
    """No signed checkpoint covers the event yet."""

    default_rule = "WZ-6"


class BadTreeSize(InvalidValue):
    default_rule = "WZ-6"


class EventNotInLog(TransitionNotAllowed):
    """An aggregate's stored event is not in order in the log (a position the log never gives, inside the
    sealed range but not sealed, or changed since it was sealed): the service does not act on it."""

    default_rule = "WZ-6"

    def __init__(
        self, position: int, aggregate_id: str, version: int, why: str, why_en: str
    ):
        super().__init__(
            f"event {version} of {aggregate_id} (log position {position}) {why_en}: it is not in "
            "the sealed log order and the service refuses to act on it. Operators and the "
            "supervision committee check it with gov audit verify-log.",
            zh=f"事项 {aggregate_id} 的第 {version} 个事件（日志位置 {position}）{why}，"
            "不在已封存的日志顺序中：服务拒绝据此办理。请运维与监督委员会用 gov audit verify-log 核查。",
            allowed=["gov audit verify-log"],
        )
        self.position, self.aggregate_id, self.version = position, aggregate_id, version
