"""Requests held per unit and status, kept by the projection (no `COUNT(*)` on a read).

Every statement that sets a request's status or holding unit is wrapped: the count of the
row's (unit, status) before the change goes down by one, the count after it up by one, in
the same transaction. The statements read the row itself, so a handler still reads nothing.
"""

from __future__ import annotations

Statement = tuple[str, dict]  # as projections.schema names it (which imports this)

COUNTS_TABLE = "gov_inbox_counts"
COUNTS_BACKFILL = (
    # a view written before the counts existed: counted once, when the table is still empty
    "INSERT INTO gov_inbox_counts (unit, status, n) SELECT holding_unit, status, COUNT(*) "
    "FROM gov_requests WHERE NOT EXISTS (SELECT 1 FROM gov_inbox_counts) "
    "GROUP BY holding_unit, status ON CONFLICT (unit, status) DO NOTHING"
)
COUNTS_DDL = [
    "CREATE TABLE IF NOT EXISTS gov_inbox_counts (unit TEXT NOT NULL, status TEXT NOT NULL, "
    "n BIGINT NOT NULL, PRIMARY KEY (unit, status))",
    COUNTS_BACKFILL,
]

_LEAVE = (
    "UPDATE gov_inbox_counts SET n = n - 1 "
    "WHERE unit = (SELECT holding_unit FROM gov_requests WHERE request_id = :rid) "
    "AND status = (SELECT status FROM gov_requests WHERE request_id = :rid)"
)
_ENTER = (
    "INSERT INTO gov_inbox_counts AS c (unit, status, n) SELECT holding_unit, status, 1 "
    "FROM gov_requests WHERE request_id = :rid "
    "ON CONFLICT (unit, status) DO UPDATE SET n = c.n + 1"
)
COUNTS_SQL = "SELECT status, n FROM gov_inbox_counts WHERE unit = :unit AND n > 0"


def entered(request_id: str) -> Statement:
    """After the row is inserted or changed: its (unit, status) counts one more."""
    return (_ENTER, {"rid": request_id})


def counted(change: Statement) -> list[Statement]:
    """A change of a request's status or holding unit, with both counts kept."""
    request_id = change[1]["rid"]
    return [(_LEAVE, {"rid": request_id}), change, entered(request_id)]
