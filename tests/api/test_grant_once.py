"""One jurisdiction decision per call (BZ-D3): the route's access check loads the target and
resolves the caller's grant; the command acts in that grant on the aggregate the check
loaded, without loading it again (application/access/granted.py). A grant gone stale under a
concurrent write is refused (409), not written in a role that no longer reaches the item."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import pytest

from application.access.granted import grant_on, request_reach
from application.principals import Principal
from application.requests.commands import EscalateRequest
from domain.errors import StaleVersion
from domain.people import person_id_for
from tests.api.problem_helpers import API, log_unchanged, raise_request

LEADER, COMMUNITY_STAFF = "P0037", "P0010"


@contextmanager
def counted_loads(container) -> Iterator[Counter[str]]:
    """Every `repository.get` of the ledger while the block runs, by aggregate class: a
    counting wrapper around the real repository (the database is not replaced)."""
    repository, counts = container.ledger.repository, Counter[str]()
    real = repository.get

    def get(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        found = real(aggregate_id, *args, **kwargs)
        counts[type(found).__name__] += 1
        return found

    repository.get = get
    try:
        yield counts
    finally:
        del repository.get


def who(container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def test_an_escalation_loads_its_request_once_BZ_D3(client, auth, container):
    raised = raise_request(client, auth)
    headers = auth(LEADER)
    with counted_loads(container) as loads:
        escalated = client.post(
            f"{API}/requests/{raised['request_id']}/escalate",
            headers=headers,
            json={"reason": "小组无法协调物业"},
        )
    assert escalated.status_code == 200, escalated.text
    assert escalated.json()["holding_unit"] == "CX0101"
    # the caller's person (the token), the request and the registry, once each (before: the
    # request and the registry twice, once for the check and once for the command)
    assert loads == {"Person": 1, "Request": 1, "Registry": 1}, loads


def test_a_grant_gone_stale_is_refused_409_and_writes_nothing_BZ_D3(
    client, auth, container
):
    request_id = UUID(raise_request(client, auth)["request_id"])
    leader = who(container, LEADER)
    request = container.ledger.request(request_id)
    operation = "requests.escalate"
    stale = grant_on(
        container.ledger, leader, operation, request, request_reach(request)
    )
    # meanwhile another write moves the request up, out of the group leader's reach
    moved = container.requests.handle(
        leader, EscalateRequest(request_id=request_id, reason="需社区协调")
    )
    assert moved["holding_unit"] == "CX0101"
    with log_unchanged(container), pytest.raises(StaleVersion) as refused:
        container.requests.handle(
            leader,
            EscalateRequest(request_id=request_id, reason="再上报一次"),
            grant=stale,
        )
    assert refused.value.rule_id == "CONCURRENCY"
