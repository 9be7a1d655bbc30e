"""Choosing the sealed leaves of an export scope (who may export which scope is the access matrix's row
`audit.bundles`, checked by the API before this runs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from application.audit.errors import EventNotInLog
from application.audit.export import BundleWriter
from application.audit.service import AuditStore
from application.ledger import Ledger
from domain.deliberation.major_decision import major_decision_id_for
from domain.errors import DomainError, InvalidValue, UnknownRequest, UnknownTopic

IN_CHUNK = 500


class AuditExports:
    def __init__(
        self,
        ledger: Ledger,
        store: AuditStore,
        writer: BundleWriter,
        aggregates_in_units: Callable[[list[str]], list[str]],
        topics_in_units: Callable[[list[str]], list[str]],
    ):
        self.ledger, self.store, self.writer = ledger, store, writer
        self.aggregates_in_units, self.topics_in_units = (
            aggregates_in_units,
            topics_in_units,
        )

    def request(self, request_id: str) -> dict[str, Any]:
        # unknown ids are 404
        loaded(
            lambda: self.ledger.request(request_id),
            self.store,
            request_id,
            UnknownRequest,
        )
        return self._bundle({"kind": "request", "request_id": request_id}, [request_id])

    def topic(self, topic_id: str) -> dict[str, Any]:
        """A deliberation: the topic, each of its sittings and its major-decision procedure (if any)."""
        return self._bundle(
            {"kind": "topic", "topic_id": topic_id},
            self.deliberation_aggregates(topic_id),
        )

    def unit(self, unit: str) -> dict[str, Any]:
        registry = self.ledger.registry()
        registry.unit(unit)
        units = registry.subtree(unit)
        topics = [
            a
            for t in self.topics_in_units(units)
            for a in self.deliberation_aggregates(t)
        ]
        return self._bundle(
            {"kind": "unit", "unit": unit},
            sorted({*self.aggregates_in_units(units), *topics}),
        )

    def deliberation_aggregates(self, topic_id: str) -> list[str]:
        """Sittings and the major-decision procedure are aggregates of their own, found through the topic
        (unknown topics are 404 whatever the views show)."""
        topic = loaded(
            lambda: self.ledger.topic(topic_id), self.store, topic_id, UnknownTopic
        )
        # unknown when its history is damaged
        sittings = topic.sittings if topic is not None else []
        return [str(topic_id), *sittings, str(major_decision_id_for(str(topic_id)))]

    def window(self, since: datetime, until: datetime) -> dict[str, Any]:
        since_text, until_text = _utc(since), _utc(until)
        if since_text >= until_text:
            raise InvalidValue(
                "since must be before until",
                rule_id="WZ-6",
                zh="since 须早于 until：请调整起止时间",
            )
        # every leaf from the first to the last event of the window: a contiguous, complete range
        span = self.store.leaf_span(since_text, until_text)
        leaves = (
            self.store.leaves(
                "leaf_index BETWEEN :a AND :b", {"a": span[0], "b": span[1]}
            )
            if span
            else []
        )
        scope = {"kind": "window", "since": since_text, "until": until_text}
        return self.writer.bundle(scope, leaves)

    def _bundle(
        self, scope: dict[str, Any], aggregate_ids: list[str]
    ) -> dict[str, Any]:
        leaves = leaves_of_aggregates(self.store, aggregate_ids)
        return self.writer.bundle(
            scope, leaves, self.writer.uncovered(aggregate_ids, leaves)
        )


def loaded(
    load: Callable[[], Any],
    store: AuditStore,
    aggregate_id: str,
    unknown: type[DomainError],
) -> Any:
    """The aggregate, or None when its stored history no longer loads (an event deleted, inserted or
    changed by hand) but the sealed log knows it: its bundle is what shows the damage."""
    try:
        return load()
    except DomainError as error:
        if not isinstance(error, EventNotInLog):
            raise
    except Exception:  # e.g. OriginatorVersionError: a version missing from the history
        pass
    if not leaves_of_aggregates(store, [str(aggregate_id)]):
        raise unknown(
            f"unknown id {aggregate_id}", zh=f"找不到编号 {aggregate_id}：请核对编号"
        ) from None
    return None


def leaves_of_aggregates(
    store: AuditStore, aggregate_ids: list[str]
) -> list[dict[str, Any]]:
    """Every sealed leaf of the aggregates, in leaf order."""
    leaves: list[dict[str, Any]] = []
    for i in range(0, len(aggregate_ids), IN_CHUNK):
        params = {f"a{n}": a for n, a in enumerate(aggregate_ids[i : i + IN_CHUNK])}
        leaves += store.leaves(
            f"aggregate_id IN ({', '.join(':' + k for k in params)})", params
        )
    return sorted(leaves, key=lambda leaf: leaf["leaf_index"])


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()
