"""The assessment's rows from the request timeline view (gov_request_events), in log order.

Only the fields assessment reads are taken out of each event's details, by the database
(its JSON function), and the rows stream in chunks: a year of a district's activity is a
million rows, read once per assessment (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

COUNTED_TYPES = (
    "'RequestRaised', 'RequestAccepted', 'RequestEscalated', 'RequestDelegated', "
    "'RequestResolved', 'RequestClosed', 'RequestWithdrawn', 'ResolutionConfirmed', "
    "'ResolutionDisputed', 'SatisfactionRated', 'DeadlinePassed'"
)
# The details fields application/assessment/facts.py reads.
FIELDS = (
    "group",
    "unit",
    "from_unit",
    "to_unit",
    "accept_due",
    "resolve_due",
    "score",
    "kind",
)


def _select(view: Any, upto: int | None) -> str:
    fields, joined = view.json_texts("details", FIELDS)
    below = "" if upto is None else "AND position <= :upto "
    return (
        f"SELECT request_id, position, event_type, at, actor_role, {fields} "
        f"FROM gov_request_events{joined} WHERE event_type IN ({COUNTED_TYPES}) "
        f"AND position > :after {below}ORDER BY position"
    )


def timeline_rows(
    view: Any, after: int = 0, upto: int | None = None
) -> Iterator[tuple]:
    """The counted rows after position `after` (up to `upto`, inclusive, if given)."""
    from_iso = datetime.fromisoformat
    params = {"after": after, "upto": upto}
    select = _select(view, upto)
    for request_id, position, kind, at, role, *values in view.stream(select, params):
        fields = {k: v for k, v in zip(FIELDS, values, strict=True) if v is not None}
        if "score" in fields:
            fields["score"] = int(fields["score"])
        yield (request_id, position, kind, from_iso(at), role, fields)
