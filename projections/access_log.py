"""The access log table on each backend: append-only, enforced by the database.

Not a projection of the event log: reads are not governance facts. Each read of
personal data is one row, written by the access log's background writer in batches
(application/access/batch_writer.py): one transaction, one executemany, per batch. Triggers refuse UPDATE and
DELETE (and TRUNCATE on PostgreSQL), so not even the service can rewrite it.
`places` holds the tree path of every data subject's group, `/CX/CX01/CX0101/CX010101/`,
separated by spaces, so a unit's subtree is one LIKE.
"""

from __future__ import annotations

from typing import Any

from projections.schema import subtree_pattern

COLUMNS = (
    "at TEXT NOT NULL, reader_id TEXT NOT NULL, reader_role TEXT NOT NULL, reader_unit TEXT, "
    "operation TEXT NOT NULL, resource TEXT NOT NULL, subjects TEXT NOT NULL, places TEXT NOT NULL"
)
REFUSAL = "the access log is append-only"
SQLITE_DDL = [
    f"CREATE TABLE IF NOT EXISTS gov_access_log (id INTEGER PRIMARY KEY AUTOINCREMENT, {COLUMNS})",
    *(
        f"CREATE TRIGGER IF NOT EXISTS access_log_no_{verb.lower()} BEFORE {verb} ON gov_access_log "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for verb in ("UPDATE", "DELETE")
    ),
]
POSTGRES_DDL = [
    f"CREATE TABLE IF NOT EXISTS gov_access_log (id BIGSERIAL PRIMARY KEY, {COLUMNS})",
    "CREATE OR REPLACE FUNCTION gov_access_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
    "CREATE OR REPLACE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON gov_access_log "
    "FOR EACH ROW EXECUTE FUNCTION gov_access_log_refuse()",
    "CREATE OR REPLACE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON gov_access_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION gov_access_log_refuse()",
]
INSERT = (
    "INSERT INTO gov_access_log (at, reader_id, reader_role, reader_unit, operation, resource, subjects, "
    "places) VALUES (:at, :reader_id, :reader_role, :reader_unit, :operation, :resource, :subjects, :places)"
)
PAGE = (
    "SELECT id, at, reader_id, reader_role, reader_unit, operation, resource, subjects FROM gov_access_log "
    "WHERE places LIKE :pattern ESCAPE '!' AND id > :after ORDER BY id LIMIT :limit"
)


class AccessLogTable:
    """Over a read model's datastore: `view` is the backend's GovView (its connections and dialect)."""

    def __init__(self, view: Any, ddl: list[str], dialect: Any = lambda sql: sql):
        self.view, self.ddl, self.dialect = view, ddl, dialect

    def create(self) -> None:
        for statement in self.ddl:
            self.execute(statement, None)

    def execute(self, sql: str, params: dict[str, Any] | None) -> None:
        with self.view.datastore.transaction(commit=True) as cursor:
            if params is None:
                cursor.execute(self.dialect(sql))
            else:
                cursor.execute(self.dialect(sql), params)

    def append_many(self, entries: list[dict[str, Any]]) -> None:
        """The entries in one transaction: one commit (one fsync) for the whole batch."""
        with self.view.datastore.transaction(commit=True) as cursor:
            cursor.executemany(self.dialect(INSERT), entries)

    def page(self, unit: str, after: int, limit: int) -> list[dict[str, Any]]:
        return self.view.fetch(
            PAGE, {"pattern": subtree_pattern(unit), "after": after, "limit": limit}
        )


def access_log_table(view: Any, backend: str) -> AccessLogTable:
    if backend == "sqlite":
        table = AccessLogTable(view, SQLITE_DDL)
    else:
        table = AccessLogTable(view, POSTGRES_DDL, view._sql)
    table.create()
    return table
