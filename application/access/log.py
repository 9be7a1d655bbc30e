"""Who read whose personal data, when: recorded on every such read by anyone but its subject.

The API records a read after the matrix granted it (rows marked `personal`); the
supervision committee of a community, and district staff or the administrator for
their subtree, page through the entries about people of their units.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from application.access.batch_writer import BatchWriter
from application.access.grants import Grant
from application.ledger import Ledger


class AccessLogStore(Protocol):
    def append_many(self, entries: list[dict[str, Any]]) -> None: ...
    def page(self, unit: str, after: int, limit: int) -> list[dict[str, Any]]: ...


class AccessLog:
    """Entries go through a background writer (`BatchWriter`): a read queues its entry and goes
    on; reading the log first waits for everything queued before it."""

    def __init__(
        self,
        store: AccessLogStore,
        ledger: Ledger,
        clock: Callable[[], datetime],
        queue_size: int = 10_000,
        flush_timeout_seconds: float = 30.0,
    ):
        self.store, self.ledger, self.clock = store, ledger, clock
        self.writer = BatchWriter(store.append_many, queue_size)
        self.flush_timeout = flush_timeout_seconds

    def record(
        self, grant: Grant, resource: str, subjects: dict[str, str | None]
    ) -> bool:
        """One entry for the read; `subjects` maps each person read about to their group.
        Nothing is recorded when the reader read only about themselves."""
        others = {
            person: group
            for person, group in subjects.items()
            if person != grant.person_id
        }
        if not others:
            return False
        self.writer.put(
            {
                "at": self.clock().isoformat(),
                "reader_id": grant.person_id,
                "reader_role": grant.role.value if grant.role else "",
                "reader_unit": grant.unit,
                "operation": grant.rule.operation,
                "resource": resource,
                "subjects": json.dumps(sorted(others)),
                "places": self._places(set(others.values())),
            }
        )
        return True

    def page(self, unit: str, after: int, limit: int) -> dict[str, Any]:
        """Entries about people of the unit's subtree, oldest first, up to the last read queued."""
        self.writer.flush(self.flush_timeout)
        rows = self.store.page(unit, after, limit + 1)
        page = [
            {**row, "subjects": json.loads(row["subjects"])} for row in rows[:limit]
        ]
        return {
            "unit": unit,
            "items": page,
            "next_cursor": page[-1]["id"] if len(rows) > limit else None,
        }

    def close(self) -> None:
        """Write what is still queued and stop the writer."""
        self.writer.close(self.flush_timeout)

    def _places(self, groups: set[str | None]) -> str:
        registry = self.ledger.registry()
        paths = [
            [*reversed(registry.ancestors(g)), g]
            for g in sorted(filter(None, groups))
            if g in registry.units
        ]
        return " ".join("/" + "/".join(path) + "/" for path in paths) or "/"
