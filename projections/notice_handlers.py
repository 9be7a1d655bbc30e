"""The public board's notices (公示): the supervision committee's implementation reports
(WZ-5.8-d) and the publications of 五议两公开 (LS-2.4.12), one row per event.

The published text is sealed with its author's key like every personal value of the views; the
author's name is looked up when read, shown only with the author's consent (application/publication.py).
"""

from __future__ import annotations

import json
from typing import Any

from application.privacy.view_values import Personal
from domain.deliberation.major_decision import MajorDecision
from projections.handler_table import HandlerTable, at
from projections.schema import Statement

HANDLERS = HandlerTable()
REPORT_PARTS = ("progress", "problems", "effects", "funds_labour")


def _notice(
    e: Any, position: int, topic_id: str, kind: str, **columns: Any
) -> Statement:
    """A row for the topic's community (read off the topic's row, as a posting is)."""
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    return (
        "INSERT INTO gov_public_notices (position, topic_id, community, kind, at, author_id"
        f"{', ' if columns else ''}{names}) SELECT :position, topic_id, community, :kind, :at, "
        f":author{', ' if columns else ''}{values} FROM gov_topics WHERE topic_id = :topic "
        "ON CONFLICT (position) DO NOTHING",
        {
            **columns,
            "position": position,
            "topic": topic_id,
            "kind": kind,
            "at": at(e),
            "author": e.actor_id,
        },
    )


def report_notice(e: Any, position: int) -> Statement:
    """WZ-5.8-d: the report's four parts, published (向社会公布)."""
    parts = {p: getattr(e, p) for p in REPORT_PARTS}
    parts["involves_funds_labour"] = (
        "1" if e.details.get("involves_funds_labour") else ""
    )
    return _notice(
        e,
        position,
        str(e.originator_id),
        "implementation_report",
        complete=int(bool(e.details.get("complete"))),
        parts=Personal(e.actor_id, json.dumps(parts, ensure_ascii=False)),
    )


@HANDLERS.handles(MajorDecision.StagePublished)
def _published(e: Any, position: int) -> list[Statement]:
    """LS-2.4.12: the resolution (with its vote) or the implementation result made public."""
    return [
        _notice(
            e,
            position,
            e.topic_id,
            "major_decision",
            stage=e.stage,
            parts=Personal(
                e.actor_id,
                json.dumps(
                    {"content": e.content, "where": e.meeting}, ensure_ascii=False
                ),
            ),
            vote=json.dumps(e.vote) if e.vote else None,
        )
    ]
