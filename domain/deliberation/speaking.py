"""The speaking queue of a sitting (WZ-5.5-b), as a pure function of who asked and who spoke.

Order, in this priority: someone who has not yet spoken goes before someone who has; then the
host alternates for and against (the position opposite the last speech goes first); then earlier
hands first. A person who used up their speeches cannot ask again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hand:
    participant: str
    position: str  # "for" | "against"
    raised: int  # order in which hands went up


def next_speaker(
    waiting: list[Hand], spoken: dict[str, int], last_position: str | None
) -> Hand | None:
    if not waiting:
        return None
    return min(
        waiting,
        key=lambda hand: (
            spoken.get(hand.participant, 0) > 0,
            last_position is not None and hand.position == last_position,
            hand.raised,
        ),
    )
