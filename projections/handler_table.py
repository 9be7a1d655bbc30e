"""Which handler turns which event into statements: a table each handler module fills.

This module knows no handler module (an import-linter contract keeps it so); the
tables are put together in `projections.dispatch`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.utils import TopicError, resolve_topic

from domain.personal import personal_fields
from projections.schema import Statement

Handler = Callable[[Any, int], list[Statement]]


class HandlerTable:
    """Event class -> handler; a handler module registers into its own table."""

    def __init__(self, by_event: dict[type, Handler] | None = None) -> None:
        self._by_event: dict[type, Handler] = dict(by_event or {})
        self._topics: dict[str, bool] = {}

    def handles(self, *event_classes: type) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            self._by_event.update(dict.fromkeys(event_classes, fn))
            return fn

        return register

    @classmethod
    def joined(cls, *tables: HandlerTable) -> HandlerTable:
        """One table of several; an event handled in two of them is a wiring mistake."""
        joined: dict[type, Handler] = {}
        for table in tables:
            twice = joined.keys() & table._by_event.keys()
            if twice:
                names = sorted(event.__qualname__ for event in twice)
                raise ValueError(f"events handled twice: {names}")
            joined.update(table._by_event)
        return cls(joined)

    @classmethod
    def stacked(cls, base: HandlerTable, extra: HandlerTable) -> HandlerTable:
        """`base` with `extra`'s statements after base's, for events both handle: a
        projection that reads the same events as others keeps its handlers apart."""
        by_event = dict(base._by_event)
        for event, handler in extra._by_event.items():
            first = by_event.get(event)
            by_event[event] = handler if first is None else _then(first, handler)
        return cls(by_event)

    def changes_for(self, event: Any, position: int) -> list[Statement]:
        """The statements for one event; events no view cares about change nothing."""
        handler = self._by_event.get(type(event))
        return handler(event, position) if handler else []

    def handles_topic(self, topic: str) -> bool:
        """Whether events stored under `topic` are handled, resolved once a topic: a
        renamed class's old topic (registered with the library) resolves to the class."""
        if topic not in self._topics:
            try:
                handled = resolve_topic(topic) in self._by_event
            except TopicError:  # code older than its log: decoding fails, the runner
                handled = True  # reports itself stuck there rather than skip a fact
            self._topics[topic] = handled
        return self._topics[topic]

    def personal_fields_of(self, event_type: str) -> tuple[str, ...]:
        """The personal fields of a handled event, by its class name (as the timeline stores it)."""
        return next(
            (
                personal_fields(cls)
                for cls in self._by_event
                if cls.__name__ == event_type
            ),
            (),
        )


def _then(first: Handler, second: Handler) -> Handler:
    def both(event: Any, position: int) -> list[Statement]:
        return [*first(event, position), *second(event, position)]

    return both


def at(event: Any) -> str:
    return event.timestamp.isoformat()
