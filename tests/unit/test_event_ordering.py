"""The in-order check of an aggregate's events (application/audit/ordering.py), on plain values."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from application.audit.errors import EventNotInLog
from application.audit.ordering import check_positions, check_sealed, envelope_text


@dataclass
class Event:
    position: int
    originator_version: int
    originator_id: str = "8d5f1e1c-0000-4000-8000-000000000001"
    topic: str = "domain.requests:Request.RequestAccepted"
    state: bytes = b"{}"


class Sealed:
    """What the sealed log holds; `sealing` is sealed just after the first look (a racing sealer)."""

    def __init__(self, position: int, events: list[Event], sealing: list[Event] = ()):
        self.position, self.sealing = position, list(sealing)
        self.leaves = {e.position: envelope_text(e) for e in events}
        self.looks = 0

    def sealed_envelopes(self, positions: list[int]) -> dict[int, str]:
        self.looks += 1
        if self.looks == 2:
            self.leaves.update({e.position: envelope_text(e) for e in self.sealing})
        return {p: self.leaves[p] for p in positions if p in self.leaves}

    def sealed_position(self) -> int:
        return self.position + len(self.sealing)


def test_positions_must_be_above_0_and_grow_with_the_version_WZ_6():
    check_positions([Event(3, 1), Event(9, 2)])
    for events in ([Event(0, 1)], [Event(-4, 1)], [Event(5, 1), Event(4, 2)]):
        with pytest.raises(EventNotInLog):
            check_positions(events)


def test_sealed_events_must_be_as_sealed_and_unsealed_ones_newer_than_the_sealer_WZ_6():
    history = [Event(3, 1), Event(9, 2)]
    sealed = Sealed(9, history)
    check_sealed(history, sealed)
    assert sealed.looks == 1  # all sealed: the sealer's position is not even read
    check_sealed([*history, Event(12, 3)], Sealed(9, history))  # newer: not sealed yet
    with pytest.raises(EventNotInLog, match="inside the sealed range") as gap:
        check_sealed(
            [*history, Event(7, 3)], Sealed(9, history)
        )  # a gap filled behind the sealer
    assert "未被封存" in gap.value.detail_zh
    with pytest.raises(EventNotInLog, match="differs from what was sealed") as changed:
        check_sealed([Event(3, 1, state=b'{"x":1}'), history[1]], Sealed(9, history))
    assert "不一致" in changed.value.detail_zh


def test_an_event_sealed_while_it_was_checked_is_accepted():
    newest = Event(10, 3)
    check_sealed([Event(3, 1), newest], Sealed(9, [Event(3, 1)], sealing=[newest]))
