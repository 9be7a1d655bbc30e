"""The handlers of every view, put together once: what each event changes."""

from __future__ import annotations

from typing import Any

from projections import (
    assessment_handlers,
    audit_handlers,
    notice_handlers,
    registry_handlers,
    request_handlers,
    task_handlers,
    topic_handlers,
)
from projections.handler_table import HandlerTable
from projections.schema import Statement

HANDLERS = HandlerTable.stacked(
    HandlerTable.joined(
        registry_handlers.HANDLERS,
        request_handlers.HANDLERS,
        task_handlers.HANDLERS,
        topic_handlers.HANDLERS,
        notice_handlers.HANDLERS,
        audit_handlers.HANDLERS,
    ),
    # the assessment's marks: from events other views read too (its own tables only)
    assessment_handlers.HANDLERS,
)


def changes_for(event: Any, position: int) -> list[Statement]:
    """The statements for one event; events no view cares about change nothing."""
    return HANDLERS.changes_for(event, position)


def handles_topic(topic: str) -> bool:
    """Whether some view handles events stored under `topic` (before decoding one)."""
    return HANDLERS.handles_topic(topic)


def personal_fields_of(event_type: str) -> tuple[str, ...]:
    """The personal fields of a handled event, by its class name (as the timeline stores it)."""
    return HANDLERS.personal_fields_of(event_type)
