"""Which handler turns which event into statements; handlers register with `@handles`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.personal import personal_fields
from projections.schema import Statement

Handler = Callable[[Any, int], list[Statement]]
HANDLERS: dict[type, Handler] = {}


def handles(*event_classes: type) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS.update(dict.fromkeys(event_classes, fn))
        return fn

    return register


def changes_for(event: Any, position: int) -> list[Statement]:
    """The statements for one event; events no view cares about change nothing."""
    _load_handlers()
    handler = HANDLERS.get(type(event))
    return handler(event, position) if handler else []


def _load_handlers() -> None:
    # Imported on first use, not at import time, so modules can register without cycles.
    from projections import audit_handlers, handlers, task_handlers, topic_handlers  # noqa: F401


def personal_fields_of(event_type: str) -> tuple[str, ...]:
    """The personal fields of a handled event, by its class name (as the timeline stores it)."""
    _load_handlers()
    return next(
        (personal_fields(cls) for cls in HANDLERS if cls.__name__ == event_type), ()
    )


def at(event: Any) -> str:
    return event.timestamp.isoformat()
