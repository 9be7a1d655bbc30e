"""A batch's statements as runs of one SQL text each, for `executemany`.

Order is kept: only statements that follow one another with the same text are put
together, so a batch applies exactly as its statements one by one would.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventsourcing.persistence import Tracking

from projections.schema import Statement


def runs(
    batch: list[tuple[list[Statement], Tracking]],
) -> Iterator[tuple[str, list[dict]]]:
    """(sql, [params, ...]) for each run of consecutive statements with the same text."""
    sql: str | None = None
    rows: list[dict] = []
    for statements, _ in batch:
        for text, params in statements:
            if text != sql and rows:
                yield sql or "", rows
                rows = []
            sql = text
            rows.append(params)
    if rows:
        yield sql or "", rows
