"""Every byte the service keeps on disk, read as the machine's owner would: the SQLite files
(database, write-ahead log, shared memory; ledger and key store) or, on PostgreSQL, a
`pg_dump` of the test's schema plus the files of every relation in it (tables, their
TOAST tables, indexes), read from the data directory after a CHECKPOINT."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg

from infra.settings import Settings
from tests.conftest import PG

PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump"
RELATIONS = """
SELECT c.oid::regclass::text AS name, pg_relation_filepath(c.oid) AS path
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'i', 't', 'm', 'S')
UNION ALL
SELECT t.oid::regclass::text, pg_relation_filepath(t.oid)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class t ON t.oid = c.reltoastrelid OR t.oid = (
       SELECT indexrelid FROM pg_index WHERE indrelid = c.reltoastrelid LIMIT 1)
 WHERE n.nspname = %(schema)s AND c.reltoastrelid <> 0
"""


def stored_files(settings: Settings) -> dict[str, bytes]:
    """Name -> bytes of everything stored (see the module docstring)."""
    if settings.backend == "sqlite":
        folder = settings.sqlite_path.parent
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return {
        "pg_dump": _pg_dump(settings.postgres_schema),
        **_relation_files(settings.postgres_schema),
    }


def relation_names(settings: Settings) -> set[str]:
    """The tables of the schema whose files `stored_files` reads (to show none is left out)."""
    with psycopg.connect(**PG) as conn:
        rows = conn.execute(RELATIONS, {"schema": settings.postgres_schema}).fetchall()
    return {name.rsplit(".", 1)[-1] for name, _ in rows}


def holding(files: dict[str, bytes], needle: bytes) -> list[str]:
    return [name for name, data in files.items() if needle in data]


def _pg_dump(schema: str) -> bytes:
    command = [
        PG_DUMP,
        "-h",
        PG["host"],
        "-p",
        str(PG["port"]),
        "-U",
        PG["user"],
        "-d",
        PG["dbname"],
        "-n",
        f'"{schema}"',
    ]
    return subprocess.run(command, check=True, capture_output=True, timeout=60).stdout


def _relation_files(schema: str) -> dict[str, bytes]:
    with psycopg.connect(**PG, autocommit=True) as conn:
        # every change of the test reaches the relation files
        conn.execute("CHECKPOINT")
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        rows = conn.execute(RELATIONS, {"schema": schema}).fetchall()
    files = {}
    for name, path in rows:
        # the main fork and its 1 GB segments, not the free space and visibility maps
        for segment in sorted(data.glob(path + "*")):
            if segment.name == Path(path).name or segment.suffix[1:].isdigit():
                files[f"{name}:{segment.name}"] = segment.read_bytes()
    return files
