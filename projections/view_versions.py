"""The read model's projections, each a group of tables with a declared version (issue 15).

OPS: versioned views (issue 15). A projection is the set of view tables that its
handlers' statements write; no statement of one projection reads another's table,
so each can be rebuilt from the log by itself. Raising a projection's version in
`VERSIONS` makes `gov rebuild` (and `rebuild_stale`) build it again into new
tables (`gov_x__next`) while the old ones serve reads, then switch in one
transaction (projections/rebuild.py). The version in use is kept in
`gov_view_versions`; a projection without a row there is at version 1 (the views
before versions were declared), so a start never writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from projections.assessment_schema import ASSESSMENT_TABLES
from projections.schema import DDL, Statement

# Raise a projection's number when its tables or its handlers change what they hold.
VERSIONS: dict[str, int] = {
    "registry": 1,
    "requests": 1,
    "tasks": 1,
    "topics": 1,
    "audit": 1,
    # 2: a view older than the assessment's tables has them empty; rebuilt once
    "assessment": 2,
}
TABLES: dict[str, tuple[str, ...]] = {
    "registry": ("gov_units", "gov_people"),
    "requests": (
        "gov_requests",
        "gov_request_events",
        "gov_visits",
        "gov_inbox_counts",
    ),
    "tasks": ("gov_tasks", "gov_assignments"),
    "topics": (
        "gov_topics",
        "gov_topic_people",
        "gov_posted_topics",
        "gov_public_notices",
    ),
    "audit": ("gov_witnesses", "gov_cosignatures"),
    "assessment": ASSESSMENT_TABLES,
}
NEXT = "__next"  # the suffix of the tables a rebuild fills

VERSIONS_DDL = (
    "CREATE TABLE IF NOT EXISTS gov_view_versions (projection TEXT PRIMARY KEY, "
    "version INTEGER NOT NULL, position BIGINT NOT NULL, switched_at TEXT NOT NULL)"
)
VERSIONS_SQL = (
    "SELECT projection, version, position, switched_at FROM gov_view_versions"
)
RECORD_VERSION = (
    "INSERT INTO gov_view_versions (projection, version, position, switched_at) "
    "VALUES (:projection, :version, :position, :at) ON CONFLICT (projection) DO UPDATE "
    "SET version = excluded.version, position = excluded.position, "
    "switched_at = excluded.switched_at"
)

_CREATE_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (gov_\w+)")
_CREATE_INDEX = re.compile(r"CREATE INDEX IF NOT EXISTS (ix_\w+) ON (gov_\w+)")
_TARGET = re.compile(r"^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+(gov_\w+)")
_ANY_TABLE = re.compile(r"\b(gov_\w+)")


@dataclass(frozen=True)
class ViewProjection:
    name: str
    version: int
    tables: tuple[str, ...]

    @property
    def tables_ddl(self) -> list[str]:
        return [d for d in DDL if _table_of(d, _CREATE_TABLE) in self.tables]

    @property
    def indexes(self) -> list[tuple[str, str]]:
        """(index name, its CREATE statement) for each index of the projection's tables."""
        found = [(_CREATE_INDEX.match(d), d) for d in DDL]
        return [(m.group(1), d) for m, d in found if m and m.group(2) in self.tables]

    def next_name(self, sql: str) -> str:
        """`sql` with the projection's tables (and index names) renamed to the rebuild's."""
        for table in self.tables:
            sql = re.sub(rf"\b{table}\b", table + NEXT, sql)
        for index, _ in self.indexes:
            sql = re.sub(rf"\b{index}\b", index + NEXT, sql)
        return sql

    def own(self, statements: list[Statement]) -> list[Statement]:
        """The statements that write this projection's tables, renamed to the rebuild's."""
        kept = []
        for sql, params in statements:
            target = _TARGET.match(sql)
            if target is None or target.group(1) not in self.tables:
                continue
            read = set(_ANY_TABLE.findall(sql)) - set(self.tables)
            if read:  # a wiring mistake: the projection could not be rebuilt alone
                raise ValueError(f"{self.name} statement reads {sorted(read)}: {sql}")
            kept.append((self.next_name(sql), params))
        return kept


def _table_of(ddl: str, pattern: re.Pattern[str]) -> str | None:
    match = pattern.match(ddl)
    return match.group(1) if match else None


PROJECTIONS: dict[str, ViewProjection] = {
    name: ViewProjection(name, VERSIONS[name], TABLES[name]) for name in VERSIONS
}


def check_every_table_has_a_projection() -> None:
    """Every view table of `DDL` belongs to exactly one projection."""
    created = [t for d in DDL if (t := _table_of(d, _CREATE_TABLE))]
    owned = [t for tables in TABLES.values() for t in tables]
    if sorted(created) != sorted(owned):
        raise ValueError(f"tables and projections differ: {created} vs {owned}")


def active_versions(rows: list[dict]) -> dict[str, int]:
    """The version each projection serves (1 where no rebuild recorded one)."""
    recorded = {row["projection"]: int(row["version"]) for row in rows}
    return {name: recorded.get(name, 1) for name in PROJECTIONS}


def stale(rows: list[dict]) -> list[ViewProjection]:
    """The projections whose declared version is not the one in use."""
    active = active_versions(rows)
    return [p for p in PROJECTIONS.values() if active[p.name] != p.version]
