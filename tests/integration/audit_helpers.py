"""Shared helpers of the audit tests: raw access to the log table, gaps in positions, leaf recomputation."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any
from uuid import UUID

import psycopg

from application.audit.envelope import StoredRecord, leaf_of
from application.principals import Principal
from application.requests.commands import AcceptRequest, EscalateRequest
from domain.people import person_id_for
from domain.vocabulary import Category, Channel
from infra.container import Container
from tests.conftest import PG


def principal(container: Container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def raise_one(container: Container, ref: str = "P0038") -> dict:
    return container.requests.raise_request(
        principal(container, ref),
        title="路灯坏了",
        description="三栋门口",
        category=Category.FACILITIES,
        location="",
        channel=Channel.APP,
        on_behalf_of=None,
        idem=None,
    )


def handled_request(container: Container) -> str:
    """A request raised, accepted by the group, escalated and accepted by the community: 4 events."""
    request_id = raise_one(container)["request_id"]
    handle, rid = container.requests.handle, UUID(request_id)
    handle(principal(container, "P0037"), AcceptRequest(request_id=rid))
    handle(
        principal(container, "P0037"),
        EscalateRequest(request_id=rid, reason="需社区协调"),
    )
    handle(principal(container, "P0010"), AcceptRequest(request_id=rid))
    return request_id


def sealed_and_signed(container: Container) -> None:
    """Seal everything and sign a checkpoint of it now."""
    parts = container.audit_parts
    container.runner.wait_for(
        container.ledger.position(), 10
    )  # request scopes read the visits view
    parts.sealing.catch_up()
    parts.sealing.checkpointer.checkpoint(parts.store.size())


def log_table(container: Container) -> str:
    return getattr(container.ledger.recorder, "events_table_name", "stored_events")


def raw_sql(container: Container, sql: str) -> None:
    """Run SQL straight on the log's database, as a database owner could; `{log}` names the log table."""
    settings, sql = container.settings, sql.replace("{log}", log_table(container))
    if settings.backend == "sqlite":
        with closing(sqlite3.connect(settings.sqlite_path)) as conn, conn:
            conn.execute(sql)
        return
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{settings.postgres_schema}"')
        conn.execute(sql)


def make_gap(container: Container, width: int = 3) -> None:
    """Leave `width` unused log positions, as rolled-back PostgreSQL transactions do (PostgreSQL only:
    SQLite's positions are rowids, which have no gaps unless rows are deleted)."""
    raw_sql(
        container,
        f"SELECT setval(pg_get_serial_sequence('{{log}}', 'notification_id'), "
        f"(SELECT MAX(notification_id) FROM {{log}}) + {width})",
    )


def all_records(container: Container) -> list[StoredRecord]:
    notes = container.ledger.recorder.select_notifications(start=1, limit=10**9)
    return [StoredRecord.of(n) for n in notes]


def recomputed_leaves(container: Container) -> list[bytes]:
    return [leaf_of(r)[1] for r in all_records(container)]


def raise_over_http(container: Container, client: Any) -> dict:
    """P0038 raises a request through the API; the 201 answer."""
    headers = {
        "Authorization": f"Bearer {container.tokens.issue(str(person_id_for('P0038')))}"
    }
    response = client.post(
        "/api/v1/requests",
        headers=headers,
        json={"title": "路灯不亮", "description": "3栋门口", "category": "facilities"},
    )
    assert response.status_code == 201, response.text
    return response.json()
