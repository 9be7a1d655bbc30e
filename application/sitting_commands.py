"""Typed commands on a sitting, one frozen dataclass per use case (WZ-5.3-d)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class RecordPaperCounts:
    """A combined sitting's room count for the open item: the people counted (by reference or
    id) and their yes, no and abstain (WZ-5.3-d)."""

    sitting_id: UUID
    item: str
    voters: tuple[str, ...]
    yes: int
    no: int
    abstain: int
    expected_version: int | None = None
