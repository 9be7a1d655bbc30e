"""Raising a request (BZ-D1): the factory `Request.raise_`, from typed values to the
fields of its first event."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.supervision import StayDue
from domain.vocabulary import Category, Channel

if TYPE_CHECKING:
    from domain.requests import Request


def raise_request(
    cls: type[Request],
    actor: Actor,
    resident_id: str,
    group: str,
    category: Category,
    channel: Channel,
    title: str,
    description: str,
    location: str = "",
    due: StayDue = StayDue(),
    overall_due: datetime | None = None,
) -> Request:
    """A resident's request raised at their group (`Request.raise_`)."""
    return cls(
        resident_id=resident_id,
        group=group,
        category=category.value,
        channel=channel.value,
        title=title,
        description=description,
        location=location,
        **due.event_fields(),
        overall_due=overall_due.isoformat() if overall_due else None,
        **actor.event_fields(),
    )
