"""Access log: reads of personal data by staff and supervision are recorded; residents' own reads are not."""

from __future__ import annotations

import pytest

from tests.api.deliberation_helpers import SUPERVISOR, VOTERS, settled_deliberation
from tests.api.problem_helpers import (
    API,
    act,
    assert_problem,
    done,
    person,
    raise_request,
    read,
)
from tests.integration.audit_helpers import sealed_and_signed


def entries(client, auth, unit: str = "CX", ref: str = "P0001", **params) -> dict:
    response = client.get(
        f"{API}/units/{unit}/access-log", headers=auth(ref), params=params
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_staff_read_records_exactly_who_read_whose_request(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    assert entries(client, auth)["items"] == []
    assert read(client, auth, "P0010", request_id, container).status_code == 200
    [entry] = entries(client, auth)["items"]
    assert entry["reader_id"] == person("P0010")
    assert (entry["reader_role"], entry["reader_unit"]) == ("community_staff", "CX0101")
    assert (entry["operation"], entry["resource"]) == (
        "requests.read",
        f"request:{request_id}",
    )
    assert entry["subjects"] == [person("P0038")] and entry["at"]


def test_a_residents_own_reads_record_nothing(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    assert read(client, auth, "P0038", request_id, container).status_code == 200
    assert client.get(f"{API}/me/requests", headers=auth("P0038")).status_code == 200
    assert client.get(f"{API}/me/notices", headers=auth("P0038")).status_code == 200
    assert entries(client, auth)["items"] == []


def test_an_inbox_read_names_the_residents_on_the_page(client, container, auth):
    first = raise_request(client, auth)["request_id"]
    raise_request(client, auth, "P0039")
    done(act(client, auth, "P0037", first, "escalate", reason="需社区协调"))
    inbox = client.get(
        f"{API}/units/CX010101/inbox",
        headers=auth("P0037"),
        params={"min_position": container.ledger.position()},
    )
    assert [r["resident_id"] for r in inbox.json()["items"]] == [person("P0039")]
    [entry] = entries(client, auth)["items"]
    assert (entry["operation"], entry["resource"]) == ("units.inbox", "inbox:CX010101")
    assert (
        entry["subjects"] == [person("P0039")]
        and entry["reader_role"] == "group_leader"
    )


def test_supervision_sees_its_community_and_is_refused_another(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    read(
        client, auth, "P0004", request_id, container
    )  # street staff reads a CX0101 resident's request
    [entry] = entries(client, auth, "CX0101", "P0028")["items"]
    assert entry["reader_id"] == person("P0004") and entry["subjects"] == [
        person("P0038")
    ]
    assert entries(client, auth, "CX010101", "P0028")["items"] == [
        entry
    ]  # a group of its community
    assert (
        entries(client, auth, "CX0102", "P0002")["items"] == []
    )  # nothing about CX0102 people
    refused = client.get(f"{API}/units/CX0102/access-log", headers=auth("P0028"))
    assert_problem(refused, 403, "ACCESS-LOG")
    for outsider in (
        "P0010",
        "P0004",
        "P0037",
        "P0038",
    ):  # staff below the district, a leader, a resident
        assert_problem(
            client.get(f"{API}/units/CX0101/access-log", headers=auth(outsider)),
            403,
            "ACCESS-LOG",
        )


def test_the_access_log_pages_oldest_first(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    for reader in ("P0010", "P0004", "P0002"):
        read(client, auth, reader, request_id, container)
    first = entries(client, auth, limit=2)
    second = entries(client, auth, cursor=first["next_cursor"], limit=2)
    readers = [e["reader_id"] for e in first["items"] + second["items"]]
    assert readers == [person("P0010"), person("P0004"), person("P0002")]
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE gov_access_log SET reader_id = 'someone else'",
        "DELETE FROM gov_access_log",
    ],
)
def test_the_table_refuses_rewriting(client, container, auth, statement):
    read(client, auth, "P0010", raise_request(client, auth)["request_id"], container)
    # the entry is written (reading the log waits for the writer), so the DELETE has a row to refuse
    assert len(entries(client, auth)["items"]) == 1
    with pytest.raises(Exception, match="append-only"):
        container.access_log.store.execute(statement, None)
    assert len(entries(client, auth)["items"]) == 1


def test_a_rollup_naming_residents_is_recorded(client, container, auth):
    issued = client.post(
        f"{API}/tasks",
        headers=auth("P0010"),
        json={
            "issuer_unit": "CX0101",
            "targets": ["CX010101"],
            "title": "入户宣传",
            "instructions": "发放指南",
            "working_days": 5,
        },
    ).json()
    [assignment] = issued["assignments"]
    for action, body in (
        ("acknowledge", {}),
        ("delegate", {"to": [f"resident:{person('P0038')}"]}),
    ):
        done(
            client.post(
                f"{API}/assignments/{assignment}/{action}",
                headers=auth("P0037"),
                json=body,
            )
        )
    rollup = client.get(
        f"{API}/tasks/{issued['task_id']}/rollup",
        headers=auth("P0010"),
        params={"min_position": container.ledger.position()},
    )
    assert rollup.status_code == 200 and rollup.json()["leaves"] == 1
    [entry] = entries(client, auth, "CX010101", "P0028")["items"]
    assert (entry["operation"], entry["resource"]) == (
        "tasks.rollup",
        f"rollup:{issued['task_id']}",
    )
    assert entry["subjects"] == [person("P0038")] and entry["reader_id"] == person(
        "P0010"
    )


def test_reads_of_a_deliberation_name_the_people_it_speaks_of_WZ_5_6_e(
    client, container, auth
):
    """A topic's dossier, its trace records and its bundle carry the proposer's words, speeches and votes:
    each read by staff or supervision is recorded with the residents holding a role on the topic."""
    topic_id = settled_deliberation(client, auth)["topic"].topic_id
    sealed_and_signed(container)
    for path in (
        f"audit/dossiers/topics/{topic_id}",
        f"topics/{topic_id}/records/4?format=json",
        f"audit/bundles?topic_id={topic_id}",
    ):
        assert (
            client.get(f"{API}/{path}", headers=auth(SUPERVISOR)).status_code == 200
        ), path
    logged = entries(client, auth, "CX0101", SUPERVISOR)["items"]
    assert [e["resource"] for e in logged] == [
        f"dossier:topic:{topic_id}",
        f"record:4:topic:{topic_id}",
        f"bundle:topic:{topic_id}",
    ]
    assert all(
        e["reader_id"] == person(SUPERVISOR) and set(VOTERS) <= set(e["subjects"])
        for e in logged
    )
    assert "expert:1" not in logged[0]["subjects"]
