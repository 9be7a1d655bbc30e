"""The service does not act on an event that is not in order in the log (docs/audit.md §6), WZ-6.

A database owner inserts, with raw SQL, a copy of a request's `RequestAccepted` as
its next version at a position the sealer never reads: the closed, rated request
must not become resolvable again, and the API answers a clear refusal, not a 500.
"""

from __future__ import annotations

from uuid import UUID

from tests.api.problem_helpers import (
    act,
    assert_problem,
    done,
    log_unchanged,
    raise_request,
)
from tests.integration.audit_helpers import make_gap, raise_one, sealed_and_signed
from tests.integration.tamper_helpers import delete_rows, forge_copy


def closed_and_rated(client, auth) -> str:
    request_id = raise_request(client, auth)["request_id"]
    done(act(client, auth, "P0037", request_id, "accept"))
    done(act(client, auth, "P0037", request_id, "resolve", resolution="已修复"))
    done(act(client, auth, "P0038", request_id, "confirm"))
    assert (
        done(act(client, auth, "P0038", request_id, "rate", score=5))["status"]
        == "closed"
    )
    return request_id


def forged_acceptance(container, request_id: str, position: int) -> None:
    events = container.ledger.recorder.select_events(UUID(request_id))
    accepted = next(e for e in events if e.topic.endswith("RequestAccepted"))
    forge_copy(
        container, accepted.position, position, events[-1].originator_version + 1
    )


def test_a_forged_acceptance_at_position_0_is_not_acted_on_WZ_6(
    container, client, auth
):
    request_id = closed_and_rated(client, auth)
    sealed_and_signed(container)
    forged_acceptance(container, request_id, 0)
    with log_unchanged(container):
        refused = act(
            client, auth, "P0037", request_id, "resolve", resolution="再次办结"
        )
    body = assert_problem(refused, 409, "WZ-6")
    assert "位置 0" in body["detail"] and request_id in body["detail"]


def free_sealed_position(container) -> int:
    """A log position inside the sealed range that holds no row: PostgreSQL leaves such gaps when a
    transaction rolls back; on SQLite only a deleted row leaves one (so the owner deletes one)."""
    if container.settings.backend == "postgres":
        make_gap(container)
        position = container.ledger.position() + 1
        raise_one(container)  # the gap is now below a sealed row
        return position
    raise_one(container)
    position = container.ledger.position()
    raise_one(container)
    delete_rows(container, f"{{pos}} = {position}")
    return position


def test_a_forged_event_filling_a_gap_of_the_sealed_range_is_not_acted_on_WZ_6(
    container, client, auth
):
    request_id = closed_and_rated(client, auth)
    position = free_sealed_position(container)
    sealed_and_signed(container)
    forged_acceptance(container, request_id, position)
    with log_unchanged(container):
        refused = act(
            client, auth, "P0037", request_id, "resolve", resolution="再次办结"
        )
    assert f"位置 {position}" in assert_problem(refused, 409, "WZ-6")["detail"]


def test_a_forged_item_is_read_as_stored_and_marked_but_never_acted_on_WZ_6(
    container, client, auth
):
    """Reads keep being served, marked (the supervision committee must see what was
    tampered with); the read must not leave the damaged aggregate cached for a command."""
    request_id = closed_and_rated(client, auth)
    sealed_and_signed(container)
    forged_acceptance(container, request_id, 0)
    container.ledger.forget_cached()
    for reader in ("P0038", "P0028"):  # the resident, the supervision committee
        read = client.get(f"/api/v1/requests/{request_id}", headers=auth(reader))
        assert read.status_code == 200, read.text
        assert read.headers["X-Ledger-Integrity"] == "tampered"
    with log_unchanged(container):
        refused = act(
            client, auth, "P0037", request_id, "resolve", resolution="再次办结"
        )
    assert_problem(refused, 409, "WZ-6")
    untouched = client.get("/api/v1/units/CX0101/inbox", headers=auth("P0010"))
    assert untouched.headers["X-Ledger-Integrity"] == "ok"
