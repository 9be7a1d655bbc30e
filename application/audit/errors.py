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
