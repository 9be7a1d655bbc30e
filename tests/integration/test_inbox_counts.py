"""The inbox counts the projection keeps equal a `COUNT(*)` of the view's rows, after every kind of move."""

from __future__ import annotations

from application.requests.commands import ResolveRequest, WithdrawRequest
from tests.conftest import demo_container
from tests.integration.audit_helpers import handled_request, principal, raise_one

GROUPED = (
    "SELECT holding_unit AS unit, status, COUNT(*) AS n FROM gov_requests "
    "GROUP BY holding_unit, status"
)


def counted_by_scan(view) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for row in view.fetch(GROUPED, {}):
        counts.setdefault(row["unit"], {})[row["status"]] = row["n"]
    return counts


def test_kept_counts_equal_a_scan_after_raise_accept_escalate_resolve_withdraw(
    settings,
):
    container = demo_container(settings, start=False)
    try:
        handled_request(container)  # raised, accepted, escalated, accepted above
        resolved = raise_one(container)["request_id"]
        container.requests.handle(
            principal(container, "P0037"),
            ResolveRequest(request_id=resolved, resolution="已修"),
        )
        withdrawn = raise_one(container, "P0038")["request_id"]
        container.requests.handle(
            principal(container, "P0038"),
            WithdrawRequest(request_id=withdrawn, reason="不需要了"),
        )
        raise_one(container)
        container.runner.catch_up()
        view, scanned = container.view, counted_by_scan(container.view)
        assert sum(sum(c.values()) for c in scanned.values()) == 4
        assert {u: view.inbox_counts(u) for u in scanned} == scanned
        held = {row["code"]: view.inbox_counts(row["code"]) for row in view.units()}
        assert {u: c for u, c in held.items() if c} == scanned  # no stray counts
    finally:
        container.close()
