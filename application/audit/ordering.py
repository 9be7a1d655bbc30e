"""Is each stored event of an aggregate in order in the log? The check the ledger runs on every load.

The sealer reads the log in position order from 1 and seals each row once, so a
row the service may act on is either sealed exactly as stored, or newer than
the sealer's position (recent and not sealed yet, and it will be sealed in
order). Anything else was put into the log behind the sealer's back: a
position of 0 or below (the library never gives one), a row inside the sealed
range that is not a leaf (a gap filled later), or a row that differs from its
sealed envelope. Pure: the caller supplies what was sealed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from application.audit.envelope import canonical_entry
from application.audit.errors import EventNotInLog


class PositionedEvent(Protocol):
    position: int
    originator_id: Any
    originator_version: int
    topic: str
    state: bytes


class SealedLookup(Protocol):
    def sealed_envelopes(self, positions: list[int]) -> dict[int, str]: ...

    def sealed_position(self) -> int: ...


@dataclass
class ReadOnly:
    """A read in progress (the API: every GET). An event out of order is then served as
    stored and the answer marked, not refused: the supervision committee must be able to
    look at what was tampered with. Commands are still refused (`EventNotInLog`)."""

    damaged: list[str] = field(
        default_factory=list
    )  # the aggregates read despite damage


_READING: ContextVar[ReadOnly | None] = ContextVar("gov_reading", default=None)


@contextmanager
def reading() -> Iterator[ReadOnly]:
    scope = ReadOnly()
    token = _READING.set(scope)
    try:
        yield scope
    finally:
        _READING.reset(token)


def tolerated_in_a_read(aggregate_id: str) -> bool:
    """True (and the damage noted for the answer's mark) when a read is in progress."""
    scope = _READING.get()
    if scope is None:
        return False
    scope.damaged.append(aggregate_id)
    return True


def refuse(event: PositionedEvent, why: str, why_en: str) -> EventNotInLog:
    return EventNotInLog(
        event.position, str(event.originator_id), event.originator_version, why, why_en
    )


def check_positions(events: Sequence[PositionedEvent]) -> None:
    """Positions the library gives are above 0 and grow with the aggregate's version."""
    by_version = sorted(events, key=lambda e: e.originator_version)
    for before, event in zip([None, *by_version], by_version, strict=False):
        if event.position < 1:
            raise refuse(
                event,
                "位于日志位置 0 或负数位置（日志从 1 开始编号）",
                "is at log position 0 or below (the log starts at 1)",
            )
        if before is not None and event.position <= before.position:
            raise refuse(
                event,
                f"排在上一个版本（位置 {before.position}）之前",
                f"comes before the previous version (position {before.position})",
            )


def envelope_text(event: PositionedEvent) -> str:
    entry = canonical_entry(
        event.position,
        str(event.originator_id),
        event.originator_version,
        event.topic,
        bytes(event.state),
    )
    return entry.decode()


def check_sealed(
    events: Sequence[PositionedEvent],
    lookup: SealedLookup,
    first_look: dict[int, str | None] | None = None,
) -> None:
    """Each event at or below the sealer's position must be the leaf sealed there.

    The sealed envelopes are read first (or given: read with the events); only if some
    event has none is the sealer's position read, then the envelopes again (the sealer
    may have sealed it meanwhile: it writes leaves and its position in one
    transaction)."""
    if not events:
        return
    if first_look is None:
        sealed = lookup.sealed_envelopes([e.position for e in events])
    else:  # read with the events (one joined query)
        sealed = {p: text for p, text in first_look.items() if text is not None}
    unsealed = [e for e in events if e.position not in sealed]
    _compare(events, sealed)
    if not unsealed:
        return
    sealed_position = lookup.sealed_position()
    sealed = lookup.sealed_envelopes([e.position for e in unsealed])
    for event in unsealed:
        if event.position <= sealed_position and event.position not in sealed:
            raise refuse(
                event,
                f"在已封存的范围（至位置 {sealed_position}）内却未被封存",
                f"is inside the sealed range (up to position {sealed_position}) but not sealed",
            )
    _compare(unsealed, sealed)


def _compare(events: Sequence[PositionedEvent], sealed: dict[int, str]) -> None:
    for event in events:
        if event.position in sealed and sealed[event.position] != envelope_text(event):
            raise refuse(event, "与封存时的内容不一致", "differs from what was sealed")
