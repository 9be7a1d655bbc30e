"""Choosing the sealed leaves of an export scope, with the reader's jurisdiction checked first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from application.audit import access
from application.audit.export import BundleWriter
from application.audit.service import AuditStore
from application.ledger import Ledger
from application.principals import Principal
from domain.errors import InvalidValue

IN_CHUNK = 500


class AuditExports:
    def __init__(self, ledger: Ledger, store: AuditStore, writer: BundleWriter,
                 visits: Callable[[str], list[dict]], aggregates_in_units: Callable[[list[str]], list[str]]):
        self.ledger, self.store, self.writer = ledger, store, writer
        self.visits, self.aggregates_in_units = visits, aggregates_in_units

    def request(self, principal: Principal | None, request_id: str) -> dict[str, Any]:
        self.ledger.request(request_id)  # unknown ids are 404 whatever the views show
        visited = [v["unit"] for v in self.visits(request_id)]
        if principal is not None:
            access.may_export_request(principal, visited, self.ledger.registry())
        return self._bundle({"kind": "request", "request_id": request_id}, [request_id])

    def unit(self, principal: Principal | None, unit: str) -> dict[str, Any]:
        registry = self.ledger.registry()
        if principal is not None:
            access.may_export_unit(principal, unit, registry)
        registry.unit(unit)
        return self._bundle({"kind": "unit", "unit": unit}, self.aggregates_in_units(registry.subtree(unit)))

    def window(self, principal: Principal | None, since: datetime, until: datetime) -> dict[str, Any]:
        if principal is not None:
            access.may_export_window(principal)
        since_text, until_text = _utc(since), _utc(until)
        if since_text >= until_text:
            raise InvalidValue("since must be before until", rule_id="WZ-6")
        # every leaf from the first to the last event of the window: a contiguous, complete range
        span = self.store.leaf_span(since_text, until_text)
        leaves = self.store.leaves("leaf_index BETWEEN :a AND :b", {"a": span[0], "b": span[1]}) if span else []
        scope = {"kind": "window", "since": since_text, "until": until_text}
        return self.writer.bundle(scope, leaves)

    def _bundle(self, scope: dict[str, Any], aggregate_ids: list[str]) -> dict[str, Any]:
        return self.writer.bundle(scope, leaves_of_aggregates(self.store, aggregate_ids))


def leaves_of_aggregates(store: AuditStore, aggregate_ids: list[str]) -> list[dict[str, Any]]:
    """Every sealed leaf of the aggregates, in leaf order."""
    leaves: list[dict[str, Any]] = []
    for i in range(0, len(aggregate_ids), IN_CHUNK):
        params = {f"a{n}": a for n, a in enumerate(aggregate_ids[i:i + IN_CHUNK])}
        leaves += store.leaves(f"aggregate_id IN ({', '.join(':' + k for k in params)})", params)
    return sorted(leaves, key=lambda leaf: leaf["leaf_index"])


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()
