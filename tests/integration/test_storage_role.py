"""PostgreSQL: a non-owner service role appends to the log but cannot rewrite it (docs/audit.md §8)."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from tests.conftest import PG
from tests.integration.audit_helpers import log_table


@pytest.fixture
def service_role(container):
    if container.settings.backend != "postgres":
        pytest.skip("SQLite has no roles; file permissions are its only equivalent")
    role, schema = f"gov_svc_{uuid.uuid4().hex[:8]}", container.settings.postgres_schema
    log = log_table(container)
    grants = [
        f"CREATE ROLE {role} LOGIN",
        f'GRANT USAGE ON SCHEMA "{schema}" TO {role}',
        f'GRANT SELECT, INSERT, UPDATE ON "{schema}".{log} TO {role}',
        f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {role}',
    ]
    with psycopg.connect(**PG, autocommit=True) as conn:
        for sql in grants:
            conn.execute(sql)
    try:
        with psycopg.connect(**{**PG, "user": role}, autocommit=True) as conn:
            conn.execute(f'SET search_path TO "{schema}"')
            yield conn, log
    finally:
        with psycopg.connect(**PG, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_the_service_role_appends_but_cannot_update_delete_truncate_or_disable_the_trigger(
    service_role,
):
    conn, log = service_role
    with conn.transaction():
        conn.execute(
            f"LOCK TABLE {log} IN EXCLUSIVE MODE"
        )  # what the library does to append in order
        conn.execute(
            f"INSERT INTO {log} (originator_id, originator_version, topic, state) "  # a decodable copy
            f"SELECT %s, 1, topic, state FROM {log} WHERE notification_id = 1",
            (uuid.uuid4(),),
        )
    refusals = {
        f"UPDATE {log} SET topic = 'x'": "append-only",
        f"DELETE FROM {log}": "permission denied",
        f"TRUNCATE {log}": "permission denied",
        f"ALTER TABLE {log} DISABLE TRIGGER gov_log_no_update_delete": "must be owner",
    }
    for sql, why in refusals.items():
        with pytest.raises(psycopg.Error, match=why):
            conn.execute(sql)
