"""Personal data in events: which fields hold it, whom it is about, and how erased data reads.

Each event that carries personal data lists those fields in `personal_fields` and names the
person they are about (the data subject) in the field `subject_field` points to. The
persistence layer encrypts those fields with that person's own key; destroying the key
erases them everywhere at once (crypto-shredding), and they then read as `ERASED`.
"""

from __future__ import annotations

from typing import Any

ERASED = "［已删除］"


def personal_fields(event_class: type) -> tuple[str, ...]:
    return tuple(getattr(event_class, "personal_fields", ()))


def subject_field(event_class: type) -> str:
    return str(getattr(event_class, "subject_field", "subject_id"))


class HoldsPersonalData:
    """Aggregate mixin: stamps `subject_id` on every event it triggers that carries personal fields."""

    def data_subject(self, event_fields: dict[str, Any]) -> str:
        """The person the personal fields of this aggregate's events are about."""
        raise NotImplementedError

    def trigger_event(self, event_class: type, **kwargs: Any) -> None:
        if personal_fields(event_class) and subject_field(event_class) == "subject_id":
            kwargs.setdefault("subject_id", self.data_subject(kwargs))
        # A mixin: the aggregate class after it in the MRO defines trigger_event.
        super().trigger_event(event_class, **kwargs)  # type: ignore[misc]
