"""The suite's warm PostgreSQL schema (tests/demo_postgres.py) gives every test the
demo as the template holds it, whatever the test before it did."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.sql import SQL, Identifier

from tests.conftest import BACKENDS, DEMO, PG, pg_settings
from tests.integration.audit_helpers import raise_one

pytestmark = pytest.mark.skipif(
    "postgres" not in BACKENDS, reason="GOV_TEST_BACKENDS leaves PostgreSQL out"
)


def _demo_position() -> int:
    settings = pg_settings(DEMO.warm_schema())
    container = DEMO.container(settings, start=False)
    try:
        return container.ledger.position()
    finally:
        container.close()


def test_a_second_test_does_not_see_what_the_first_wrote():
    settings = pg_settings(DEMO.warm_schema())
    first = DEMO.container(settings, start=False)
    try:
        demo = first.ledger.position()
        raise_one(first)
        assert first.ledger.position() > demo
    finally:
        first.close()
    assert _demo_position() == demo


def test_a_schema_whose_layout_a_test_changed_is_made_again():
    schema = DEMO.warm_schema()
    demo = _demo_position()
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(SQL("CREATE TABLE {} (x int)").format(Identifier(schema, "stray")))
        conn.execute(
            SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(
                Identifier(schema, "ledger_events")
            )
        )
    assert _demo_position() == demo
    with psycopg.connect(**PG, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (schema,),
        ).fetchall()
        disabled = conn.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND t.tgenabled = 'D'",
            (schema,),
        ).fetchone()
    assert ("stray",) not in tables
    assert disabled == (0,), "the append-only triggers are on again"
