"""Tables of the read model, in SQL both SQLite and PostgreSQL accept.

Statements name parameters as `:name`; a backend rewrites that to its own style.
Tables are written `gov_*` and qualified with a schema by the backend that has one.
Times are UTC ISO-8601 text, which sorts in time order on both backends.
"""

from __future__ import annotations

import re

from projections.assessment_schema import ASSESSMENT_DDL
from projections.inbox_counts import COUNTS_DDL
from projections.topic_schema import NOTICE_DDL, TOPIC_DDL

Statement = tuple[str, dict]

DDL = [
    "CREATE TABLE IF NOT EXISTS gov_units (code TEXT PRIMARY KEY, level TEXT NOT NULL, "
    "name TEXT NOT NULL, parent TEXT, retired INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS gov_people (person_id TEXT PRIMARY KEY, ref TEXT NOT NULL, "
    "name TEXT NOT NULL, home_group TEXT, publish_consent INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS gov_requests (request_id TEXT PRIMARY KEY, resident_id TEXT NOT NULL, "
    "origin_group TEXT NOT NULL, holding_unit TEXT NOT NULL, status TEXT NOT NULL, "
    "category TEXT NOT NULL, channel TEXT NOT NULL, title TEXT NOT NULL, version INTEGER NOT NULL, "
    "raised_at TEXT NOT NULL, raised_position BIGINT NOT NULL, arrived_at TEXT NOT NULL, "
    "arrived_position BIGINT NOT NULL, arrived_by TEXT NOT NULL, updated_at TEXT NOT NULL, "
    "resolved_by TEXT, resolved_at TEXT, rating INTEGER, accept_due TEXT, resolve_due TEXT, overall_due TEXT, "
    "provisional INTEGER NOT NULL DEFAULT 0, accept_passed TEXT, resolve_passed TEXT, overall_passed TEXT, "
    "open_urges INTEGER NOT NULL DEFAULT 0, close_due TEXT, close_passed TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_gov_requests_inbox ON gov_requests (holding_unit, arrived_position)",
    "CREATE INDEX IF NOT EXISTS ix_gov_requests_resident ON gov_requests (resident_id, raised_position)",
    "CREATE INDEX IF NOT EXISTS ix_gov_requests_resolved ON gov_requests (resolved_by)",
    "CREATE INDEX IF NOT EXISTS ix_gov_requests_unit_status ON gov_requests (holding_unit, status)",
    "CREATE TABLE IF NOT EXISTS gov_request_events (position BIGINT PRIMARY KEY, request_id TEXT NOT NULL, "
    "version INTEGER NOT NULL, event_type TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, "
    "actor_unit TEXT, unit TEXT, at TEXT NOT NULL, details TEXT NOT NULL, subject_id TEXT, personal TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_gov_request_events_subject ON gov_request_events (subject_id)",
    "CREATE INDEX IF NOT EXISTS ix_gov_request_events ON gov_request_events (request_id, position)",
    "CREATE TABLE IF NOT EXISTS gov_visits (request_id TEXT NOT NULL, seq INTEGER NOT NULL, "
    "unit TEXT NOT NULL, arrived_at TEXT NOT NULL, arrived_by TEXT NOT NULL, left_at TEXT, left_by TEXT, "
    "PRIMARY KEY (request_id, seq))",
    "CREATE INDEX IF NOT EXISTS ix_gov_visits_unit ON gov_visits (unit, left_by)",
    "CREATE TABLE IF NOT EXISTS gov_tasks (task_id TEXT PRIMARY KEY, issuer_unit TEXT NOT NULL, title TEXT NOT NULL, "
    "instructions TEXT NOT NULL, deadline TEXT NOT NULL, provisional INTEGER NOT NULL, status TEXT NOT NULL, "
    "acknowledge_required INTEGER NOT NULL, issued_at TEXT NOT NULL, version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gov_assignments (assignment_id TEXT PRIMARY KEY, task_id TEXT NOT NULL, "
    "holder TEXT NOT NULL, level TEXT NOT NULL, unit TEXT, resident_id TEXT, assigned_by TEXT NOT NULL, "
    "path TEXT NOT NULL, status TEXT NOT NULL, deadline TEXT NOT NULL, provisional INTEGER NOT NULL, "
    "acknowledge_required INTEGER NOT NULL, received_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
    "version INTEGER NOT NULL, note TEXT, note_subject TEXT, passed TEXT, open_urges INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS ix_gov_assignments_note_subject ON gov_assignments (note_subject)",
    "CREATE INDEX IF NOT EXISTS ix_gov_assignments_task ON gov_assignments (task_id, path)",
    "CREATE INDEX IF NOT EXISTS ix_gov_assignments_unit ON gov_assignments (unit, status)",
    "CREATE INDEX IF NOT EXISTS ix_gov_assignments_resident ON gov_assignments (resident_id)",
    "CREATE INDEX IF NOT EXISTS ix_gov_people_group ON gov_people (home_group)",
    # witnesses and their cosignatures (projections/audit_handlers.py)
    "CREATE TABLE IF NOT EXISTS gov_witnesses (witness_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, "
    "unit TEXT, verifier_key TEXT NOT NULL, registered_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gov_cosignatures (size BIGINT NOT NULL, witness_id TEXT NOT NULL, root TEXT NOT NULL, "
    "cosignature TEXT NOT NULL, at TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (size, witness_id))",
]

DDL += TOPIC_DDL + NOTICE_DDL + COUNTS_DDL + ASSESSMENT_DDL

_PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
_TABLE = re.compile(r"\bgov_")


def to_pyformat(sql: str) -> str:
    """`:name` → `%(name)s` for psycopg."""
    return _PARAM.sub(r"%(\1)s", sql)


def qualify(sql: str, schema: str) -> str:
    return _TABLE.sub(f'"{schema}".gov_', sql)


def subtree_pattern(code: str) -> str:
    """A LIKE pattern (with `ESCAPE '!'`) for paths through `code`; `_` and `%` in codes are literal."""
    escaped = code.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%/{escaped}/%"


def in_list(name: str, values: list[str]) -> tuple[str, dict]:
    """An `IN (...)` clause with one named parameter per value (empty list matches nothing)."""
    if not values:
        return "(NULL)", {}
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params
