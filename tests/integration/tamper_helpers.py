"""What a database owner can do to the log with raw SQL: copy a row to another position, delete rows."""

from __future__ import annotations

from tests.integration.audit_helpers import raw_sql

POSITION = {"sqlite": "rowid", "postgres": "notification_id"}
UNGUARD = {  # the defence-in-depth triggers an owner drops first (infra/storage_hardening.py)
    "sqlite": [
        "DROP TRIGGER IF EXISTS {log}_no_DELETE",
        "DROP TRIGGER IF EXISTS {log}_no_UPDATE",
    ],
    "postgres": ["ALTER TABLE {log} DISABLE TRIGGER gov_log_no_update_delete"],
}


def forge_copy(container, source: int, position: int, version: int) -> None:
    """Insert, at log `position`, a copy of the row at `source` as its aggregate's `version`."""
    column = POSITION[container.settings.backend]
    raw_sql(
        container,
        f"INSERT INTO {{log}} ({column}, originator_id, originator_version, topic, state) "
        f"SELECT {position}, originator_id, {version}, topic, state FROM {{log}} "
        f"WHERE {column} = {source}",
    )


def delete_rows(container, where: str) -> None:
    """Delete rows of the log (`where` may use `{pos}` for the position column)."""
    for statement in UNGUARD[container.settings.backend]:
        raw_sql(container, statement)
    column = POSITION[container.settings.backend]
    raw_sql(container, "DELETE FROM {log} WHERE " + where.replace("{pos}", column))
