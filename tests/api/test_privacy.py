"""Per-person encryption and erasure by key destruction, through the API, on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import UUID

import pytest

from domain.people import Person, person_id_for
from domain.personal import ERASED
from infra.container import Container, build_container, build_view
from infra.runners import CatchUpRunner
from infra.settings import Settings
from tests.api.erasure_helpers import erase as erase_as
from tests.api.erasure_helpers import in_clear, raw_rows
from tests.api.problem_helpers import assert_problem

RESIDENT, LEADER, COMMUNITY, ADMIN, SUPERVISOR = (
    "P0038",
    "P0037",
    "P0010",
    "P0001",
    "P0028",
)
TITLE, DESCRIPTION, LOCATION = (
    "邻居王某深夜噪音",
    "隔壁302王某每晚放音乐到两点，电话13912345678",
    "3栋302",
)
REASON, RESOLUTION = "王某拒绝沟通，需社区调解", "已与王某面谈，约定十点后静音"


def raw_events(container: Container) -> list[bytes]:
    """The stored bytes of every event, read straight from the table."""
    return [state for *_, state in raw_rows(container)]


def contains(blobs: list[bytes], text: str) -> bool:
    return any(in_clear(blob, text) for blob in blobs)


def raise_and_handle(client, auth) -> str:
    raised = client.post(
        "/api/v1/requests",
        headers=auth(RESIDENT),
        json={
            "title": TITLE,
            "description": DESCRIPTION,
            "location": LOCATION,
            "category": "neighbours",
        },
    )
    assert raised.status_code == 201, raised.text
    rid = raised.json()["request_id"]
    for who, action, body in (
        (LEADER, "escalate", {"reason": REASON}),
        (COMMUNITY, "resolve", {"resolution": RESOLUTION}),
    ):
        answer = client.post(
            f"/api/v1/requests/{rid}/{action}", headers=auth(who), json=body
        )
        assert answer.status_code == 200, answer.text
    return rid


def erase(client, auth, ref: str = RESIDENT, who: str = ADMIN, **body):
    return erase_as(client, auth, ref, who, **body)


def detail(client, auth, rid: str, position: int) -> dict:
    response = client.get(
        f"/api/v1/requests/{rid}",
        headers=auth(COMMUNITY),
        params={"min_position": position},
    )
    assert response.status_code == 200, response.text
    return response.json()


def personal_texts(found: dict) -> set[str]:
    texts = {found["title"], found.get("resident_name")}
    for entry in found["timeline"]:
        texts |= {
            v
            for k, v in entry["details"].items()
            if k in ("title", "description", "location", "reason", "resolution")
        }
    return texts


def test_stored_events_hold_no_personal_field_in_clear(client, auth, container):
    raise_and_handle(client, auth)
    blobs = raw_events(container)
    resident = container.ledger.person(person_id_for(RESIDENT))
    for text in (
        TITLE,
        DESCRIPTION,
        LOCATION,
        REASON,
        RESOLUTION,
        resident.name,
        resident.phone,
        resident.address,
    ):
        assert not contains(blobs, text), f"{text!r} is stored in clear"
    assert contains(blobs, "neighbours"), (
        "the non-personal fields stay readable for audit"
    )


def test_keys_are_kept_apart_from_the_events(container):
    if container.settings.backend == "sqlite":
        with sqlite3.connect(container.settings.sqlite_path) as conn:
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        assert "gov_person_keys" not in tables
        assert Path(
            str(container.settings.sqlite_path).replace(".sqlite", ".keys.sqlite")
        ).exists()
    row = container.ledger.keyring.table.get(str(person_id_for(RESIDENT)))
    assert (
        row is not None and row.wrapped is not None and len(row.wrapped) == 12 + 32 + 16
    )


def test_erasure_blanks_the_person_everywhere_and_keeps_everyone_else_PIPL_47(
    client, auth, container
):
    rid = raise_and_handle(client, auth)
    other = client.post(
        "/api/v1/requests",
        headers=auth("P0039"),
        json={
            "title": "路灯不亮",
            "description": "小区门口路灯坏了",
            "category": "facilities",
        },
    ).json()
    before = detail(client, auth, rid, other["position"])
    assert TITLE in personal_texts(before) and REASON in personal_texts(before)
    stored_before = raw_events(container)

    answer = erase(client, auth)
    assert answer.status_code == 200, answer.text
    after = detail(client, auth, rid, answer.json()["position"])
    assert personal_texts(after) == {ERASED}, (
        "every personal field of the erased reads as erased"
    )
    assert [e["event_type"] for e in after["timeline"]] == [
        e["event_type"] for e in before["timeline"]
    ]
    assert after["status"] == before["status"] == "resolved", (
        "everything else still works"
    )
    assert (
        detail(client, auth, other["request_id"], answer.json()["position"])["title"]
        == "路灯不亮"
    )
    inbox = client.get(
        "/api/v1/units/CX0101/inbox",
        headers=auth(COMMUNITY),
        params={"status": "resolved"},
    ).json()
    assert {i["title"] for i in inbox["items"] if i["request_id"] == rid} == {ERASED}
    assert raw_events(container)[: len(stored_before)] == stored_before, (
        "stored bytes (and audit hashes) unchanged"
    )
    assert client.get("/api/v1/me", headers=auth(RESIDENT)).status_code == 401


def test_after_erasure_a_rebuilt_view_and_a_fresh_load_read_erased(
    client, auth, container, tmp_path
):
    rid = raise_and_handle(client, auth)
    assert erase(client, auth).status_code == 200
    fresh = Settings(sqlite_path=tmp_path / "rebuilt.sqlite")
    view = build_view(fresh, fresh.persistence_env())
    CatchUpRunner(container.ledger, view).catch_up()
    assert view.request(rid)["title"] == ERASED
    assert {
        v for e in view.timeline(rid) for k, v in e["details"].items() if k == "reason"
    } == {ERASED}
    events = container.ledger.events.get(person_id_for(RESIDENT))
    person = None
    for event in events:
        person = event.mutate(person)
    assert isinstance(person, Person) and (
        person.name,
        person.phone,
        person.erased,
    ) == (ERASED, ERASED, True)
    view.datastore.close()


def test_a_person_written_about_after_erasure_is_stored_as_erased(
    client, auth, container
):
    rid = client.post(
        "/api/v1/requests",
        headers=auth(RESIDENT),
        json={"title": TITLE, "description": DESCRIPTION, "category": "neighbours"},
    ).json()["request_id"]
    assert erase(client, auth).status_code == 200
    answer = client.post(
        f"/api/v1/requests/{rid}/escalate",
        headers=auth(LEADER),
        json={"reason": "再次提及王某"},
    )
    assert answer.status_code == 200, answer.text
    assert not contains(raw_events(container), "再次提及王某")
    timeline = detail(client, auth, rid, answer.json()["position"])["timeline"]
    assert timeline[-1]["details"]["reason"] == ERASED


def test_erasure_refusals_change_nothing_PIPL_47(client, auth, container):
    start = container.ledger.position()
    assert_problem(erase(client, auth, who=COMMUNITY), 403, "BZ-L1")
    assert_problem(erase(client, auth, who=SUPERVISOR), 403, "BZ-L1")
    assert_problem(erase(client, auth, ref="P9999"), 404)
    assert erase(client, auth, basis="because").status_code == 422
    assert erase(client, auth, reference="张三的申请").status_code == 422, (
        "no personal data in the reference"
    )
    assert container.ledger.position() == start
    assert erase(client, auth).status_code == 200
    middle = container.ledger.position()
    assert_problem(erase(client, auth), 409, "PIPL-47")
    assert container.ledger.position() == middle


def test_an_erased_person_is_not_brought_back_by_reimporting_the_registry(container):
    from tests.conftest import load_demo

    person_id = person_id_for(RESIDENT)
    admin = _principal(container, ADMIN)
    container.erasure.erase(admin, person_id, _basis(), "case-1")
    load_demo(container)
    person = container.ledger.person(person_id)
    assert person.erased and person.name == ERASED and person.home_group is None
    assert str(person_id) not in container.ledger.group_roll("CX010101").members


def test_other_processes_notice_an_erasure_within_the_refresh_interval(
    client, auth, container
):
    """Another process holding the resident's key drops it at its next refresh (1 s by default)."""
    rid = raise_and_handle(client, auth)
    other = build_container(container.settings, start=False)
    try:
        raised = other.ledger.recorder.select_events(UUID(rid), lte=1)[0]
        assert other.ledger.mapper.to_domain_event(raised).title == TITLE
        assert erase(client, auth).status_code == 200
        other.ledger.keyring.refresh_seconds, other.ledger.keyring._next_check = 0, 0
        assert other.ledger.mapper.to_domain_event(raised).title == ERASED
    finally:
        other.close()


def _principal(container: Container, ref: str):
    from application.principals import Principal

    return Principal.of(container.ledger.person(person_id_for(ref)))


def _basis():
    from domain.people import ErasureBasis

    return ErasureBasis.CONSENT_WITHDRAWN


@pytest.fixture(autouse=True)
def _no_leak(container):
    yield
    assert container.ledger.keyring is not None, (
        "tests run with encryption on, as production does"
    )
