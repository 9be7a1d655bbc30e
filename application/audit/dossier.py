"""The dispute dossier of a request: timeline with actors and roles, time at each level against its
deadlines, urging, and the inclusion proof of every event, as plain values (rendered elsewhere)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.audit.errors import NoCheckpoint, NotSealed
from application.audit.service import AuditService
from application.requests.queries import QueryService

ARRIVING = {
    "RequestRaised",
    "RequestEscalated",
    "RequestDelegated",
    "ResolutionDisputed",
}


class Dossiers:
    def __init__(self, queries: QueryService, audit: AuditService):
        self.queries, self.audit = queries, audit

    def request(self, request_id: str) -> dict[str, Any]:
        """Who may read it is the access matrix's row `audit.dossier_request` (as for reading the request)."""
        found = self.queries.request(request_id)
        timeline = [
            {**event, "proof": self._proof(event["position"])}
            for event in found["timeline"]
        ]
        return {
            "kind": "request",
            "request_id": request_id,
            "status": found["status"],
            "category": found["category"],
            "title": found["title"],
            "raised_at": found["raised_at"],
            "holding_unit": found["holding_unit"],
            "version": found["version"],
            "levels": stays_against_deadlines(found["levels"], found["timeline"]),
            "urging": urging(found["timeline"]),
            "timeline": timeline,
            "log_key": self.audit.log_key.text(),
            "deliberations": [],
            "linked_items": [],
        }

    def _proof(self, position: int) -> dict[str, Any] | None:
        return inclusion_or_pending(self.audit, position)


def inclusion_or_pending(audit: AuditService, position: int) -> dict[str, Any] | None:
    """The event's inclusion proof in the newest checkpoint, or None while it is not sealed and signed yet."""
    try:
        proof = audit.inclusion(position)
    except (NotSealed, NoCheckpoint):
        return None  # sealed and signed within seconds; the dossier says "pending"
    return {
        k: proof[k]
        for k in ("leaf_index", "tree_size", "root", "leaf_hash", "envelope", "proof")
    }


def stays_against_deadlines(
    levels: list[dict[str, Any]], timeline: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each stay at a unit with the deadlines set when the request arrived there, and whether they were met."""
    arrivals = [e for e in timeline if e["event_type"] in ARRIVING]
    stays = []
    for stay, arrival in zip(levels, arrivals, strict=False):
        due = arrival["details"].get("resolve_due")
        ended = stay["left_at"]
        met = (
            None
            if due is None or ended is None
            else datetime.fromisoformat(ended) <= datetime.fromisoformat(due)
        )
        stays.append(
            {
                **stay,
                "accept_due": arrival["details"].get("accept_due"),
                "resolve_due": due,
                "met_deadline": met,
            }
        )
    return stays


def urging(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who urged whom (督办), and the answer."""
    holder, urges = None, []
    for event in timeline:
        if event["event_type"] in ARRIVING:
            holder = event["details"].get("to_unit") or event["unit"]
        if event["event_type"] == "RequestUrged":
            urges.append(
                {
                    "at": event["at"],
                    "by": event["actor_id"],
                    "by_role": event["actor_role"],
                    "by_unit": event["details"].get("by_unit"),
                    "urged_unit": holder,
                    "note": event["details"].get("note"),
                }
            )
        if event["event_type"] == "UrgeAnswered" and urges:
            urges[-1]["answered_at"] = event["at"]
    return urges
