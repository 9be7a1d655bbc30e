"""The dispute dossier of a deliberation topic: its state and sittings, votes with the threshold and
profile applied, the stages of its major-decision procedure (五议两公开) with theirs, linked requests,
and every event of the topic, its sittings and that procedure from the sealed log, with actors, roles
and the inclusion proof of each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from eventsourcing.domain import DomainEvent

from application.audit.dossier import inclusion_or_pending
from application.audit.scopes import leaves_of_aggregates
from application.audit.service import AuditService, AuditStore
from application.ledger import Ledger
from domain.deliberation.major_decision import major_decision_id_for
from domain.deliberation.profiles import Stage, profile

META = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "actor_id",
    "actor_role",
    "actor_unit",
}


class TopicDossiers:
    def __init__(
        self,
        ledger: Ledger,
        store: AuditStore,
        audit: AuditService,
        read_topic: Callable[[str], dict[str, Any]],
    ):
        self.ledger, self.store, self.audit, self.read_topic = (
            ledger,
            store,
            audit,
            read_topic,
        )

    def topic(self, topic_id: str) -> dict[str, Any]:
        """Who may read it is the access matrix's (row `audit.dossier_topic`), checked by the caller."""
        state = self.read_topic(topic_id)
        sittings = [s["sitting_id"] for s in state.get("sittings", [])]
        procedure = str(major_decision_id_for(topic_id))
        leaves = leaves_of_aggregates(self.store, [topic_id, *sittings, procedure])
        timeline = [
            {**row, "proof": inclusion_or_pending(self.audit, row["position"])}
            for row in self._events([leaf["position"] for leaf in leaves])
        ]
        return {
            "kind": "topic",
            "topic_id": topic_id,
            "status": state.get("status"),
            "community": state.get("community"),
            "title": state.get("title"),
            "profile": state.get("profile"),
            "outcome": state.get("outcome"),
            "version": state.get("version"),
            "linked_items": {"requests": state.get("linked_requests", [])},
            "sittings": state.get("sittings", []),
            "votes": votes(timeline),
            "major_decision": stages(timeline, state.get("profile")),
            "timeline": timeline,
            "sealed_events": len(leaves),
            "log_key": self.audit.log_key.text(),
        }

    def _events(self, positions: list[int]) -> list[dict[str, Any]]:
        """The sealed events at `positions`, decoded through the ledger's mapper (personal fields as the
        reader is entitled to see them in the topic itself)."""
        rows = []
        for position in positions:
            for note in self.ledger.recorder.select_notifications(
                start=position, limit=1, stop=position
            ):
                # The mapper's return type (DomainEventProtocol) omits the `timestamp`
                # every event of this log has.
                event = cast(DomainEvent, self.ledger.mapper.to_domain_event(note))
                fields = {k: v for k, v in vars(event).items() if k not in META}
                rows.append(
                    {
                        "position": note.id,
                        "aggregate_id": str(event.originator_id),
                        "version": event.originator_version,
                        "event_type": type(event).__name__,
                        "at": event.timestamp.isoformat(),
                        "actor_id": getattr(event, "actor_id", None),
                        "actor_role": getattr(event, "actor_role", None),
                        "actor_unit": getattr(event, "actor_unit", None),
                        "details": {k: _plain(v) for k, v in fields.items()},
                    }
                )
        return rows


def votes(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each closed vote: the item, the counts, the threshold that applied and whether it passed."""
    return [
        {
            "at": e["at"],
            "sitting_id": e["aggregate_id"],
            **{
                k: e["details"].get(k)
                for k in (
                    "item",
                    "eligible",
                    "present",
                    "yes",
                    "no",
                    "abstain",
                    "threshold",
                    "passed",
                )
            },
        }
        for e in timeline
        if e["event_type"] == "VoteClosed"
    ]


def stages(
    timeline: list[dict[str, Any]], pinned_profile: str | None
) -> list[dict[str, Any]]:
    """Each recorded stage of the major-decision procedure, with the quorum and pass share its profile sets."""
    known = (
        {s.key: s for s in profile(pinned_profile).major_decision}
        if pinned_profile
        else {}
    )
    return [
        {
            "at": e["at"],
            **_stage_rules(known.get(e["details"]["stage"])),
            **{
                k: e["details"].get(k)
                for k in (
                    "stage",
                    "meeting",
                    "members",
                    "present",
                    "yes",
                    "no",
                    "abstain",
                    "passed",
                    "skipped",
                )
            },
        }
        for e in timeline
        if e["event_type"] in ("StageRecorded", "StagePublished")  # LS-2.4.12
    ]


def _stage_rules(stage: Stage | None) -> dict[str, str | None]:
    return {
        "name": stage.name if stage else None,
        "quorum": stage.quorum.describe() if stage and stage.quorum else None,
        "passing": stage.passing.describe() if stage and stage.passing else None,
    }


def _plain(value: Any) -> Any:
    return (
        value
        if isinstance(value, (str, int, float, bool, type(None), list, dict))
        else str(value)
    )
