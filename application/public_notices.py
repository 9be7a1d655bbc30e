"""The public board's notices from deliberation: the implementation report in its four parts
(WZ-5.8-d) and the publications of 五议两公开 (LS-2.4.12).

The published text is public by the standards' own words (向社会公布, 决议公开, 实施结果公开).
Names are not: the topic's title (its proposer's words) is shown only with the proposer's
consent, and the author's name only with the author's, otherwise masked to its first character.
"""

from __future__ import annotations

import json
from typing import Any

from domain.personal import ERASED

MASK = "＊"


def masked(name: str | None, consented: bool) -> str:
    """A name as the public may read it: whole with consent, else its first character and stars."""
    if not name:
        return "未知"
    if name == ERASED or consented:
        return name
    return name[0] + MASK * max(len(name) - 1, 1)


def _parts(sealed: str) -> dict[str, str]:
    """The published parts; an erased author's text reads as erased, part by part."""
    try:
        parts = json.loads(sealed)
    except ValueError:
        return {"content": ERASED}
    return {k: str(v) for k, v in parts.items() if v != ""}


def public_notice(row: dict[str, Any]) -> dict[str, Any]:
    report = row["kind"] == "implementation_report"
    return {
        "kind": row["kind"],
        "topic_id": row["topic_id"],
        "community": row["community"],
        "number": row["number"],
        "title": row["title"] if row["publish_consent"] else None,
        "at": row["at"],
        "stage": row["stage"],
        "author": masked(row["author_name"], bool(row["author_consent"])),
        "parts": _parts(row["parts"]),
        "vote": json.loads(row["vote"]) if row["vote"] else None,
        "complete": bool(row["complete"]) if report else None,
    }
