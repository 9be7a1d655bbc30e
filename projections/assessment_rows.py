"""The assessment's rows from the request timeline view (gov_request_events), in log order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

COUNTED_TYPES = (
    "'RequestRaised', 'RequestAccepted', 'RequestEscalated', 'RequestDelegated', "
    "'RequestResolved', 'RequestClosed', 'RequestWithdrawn', 'ResolutionConfirmed', "
    "'ResolutionDisputed', 'SatisfactionRated', 'DeadlinePassed'"
)


def timeline_rows(view: Any) -> Iterator[tuple]:
    rows = view.fetch(
        "SELECT request_id, position, event_type, at, actor_role, details "
        f"FROM gov_request_events WHERE event_type IN ({COUNTED_TYPES}) "
        "ORDER BY position",
        {},
    )
    for row in rows:
        yield (
            row["request_id"],
            row["position"],
            row["event_type"],
            datetime.fromisoformat(row["at"]),
            row["actor_role"],
            json.loads(row["details"]),
        )
