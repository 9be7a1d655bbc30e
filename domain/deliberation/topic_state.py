"""What the Topic's mixins (review, planning, consultations, aftermath) read of the Topic, declared
once for the type checker. Nothing here exists at run time beyond the annotations: the Topic
itself holds the state and defines the methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from domain.actors import Actor


class TopicState:
    status: str
    topic_class: str | None
    convenor: str | None
    arrangements: dict[str, Any] | None
    rules_drafted: bool
    sittings: list[str]
    due_at: dict[str, str]
    steps: dict[str, int]

    if TYPE_CHECKING:

        def trigger_event(self, event_class: type, **kwargs: Any) -> None: ...

        def _require(self, action: str, rule_id: str) -> None: ...

        def _convenor_or_staff(self, actor: Actor) -> None: ...
