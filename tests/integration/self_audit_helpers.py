"""Helpers of the self-audit tests: a service whose self-audit runs fast, and owner-level tampering."""

from __future__ import annotations

import time
from collections.abc import Callable

from infra.settings import Settings

FAST = {
    "self_audit_enabled": True,  # off in the other tests (tests/conftest.py)
    "self_audit_interval_seconds": 0.05,
    "self_audit_period_seconds": 0.3,
    "sealing_interval_seconds": 0.05,
    "integrity_cache_seconds": 0.0,
}
# What a database owner can do once the defence-in-depth triggers are out of the way.
ALTER = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS {log}_no_UPDATE",
        "UPDATE {log} SET state = CAST(replace(CAST(state AS TEXT), 'CX01', 'CX02') AS BLOB) "
        "WHERE rowid = 3",
    ],
    "postgres": [
        "ALTER TABLE {log} DISABLE TRIGGER gov_log_no_update_delete",
        "UPDATE {log} SET state = convert_to(replace(convert_from(state, 'UTF8'), 'CX01', "
        "'CX02'), 'UTF8') WHERE notification_id = 3",
    ],
}
# Still decodes the same (JSON allows trailing blanks), but no longer hashes the same.
APPEND_A_SPACE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS {log}_no_UPDATE",
        "UPDATE {log} SET state = CAST(CAST(state AS TEXT) || ' ' AS BLOB) WHERE rowid = {p}",
    ],
    "postgres": [
        "ALTER TABLE {log} DISABLE TRIGGER gov_log_no_update_delete",
        "UPDATE {log} SET state = state || '\\x20'::bytea WHERE notification_id = {p}",
    ],
}
RESTORE = {
    "sqlite": "UPDATE {log} SET state = CAST(replace(CAST(state AS TEXT), 'CX02', 'CX01') AS BLOB) "
    "WHERE rowid = 3",
    "postgres": "UPDATE {log} SET state = convert_to(replace(convert_from(state, 'UTF8'), 'CX02', "
    "'CX01'), 'UTF8') WHERE notification_id = 3",
}
DELETE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS {log}_no_DELETE",
        "DELETE FROM {log} WHERE rowid = {p}",
    ],
    "postgres": [
        "ALTER TABLE {log} DISABLE TRIGGER gov_log_no_update_delete",
        "DELETE FROM {log} WHERE notification_id = {p}",
    ],
}


def fast_self_audit(settings: Settings, **overrides) -> Settings:
    return settings.model_copy(update={**FAST, **overrides})


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
