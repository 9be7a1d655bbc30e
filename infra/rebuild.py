"""Rebuilding projections of a running service, one rebuild at a time (issue 15).

OPS: versioned views (issue 15). `gov rebuild [NAME]` and the tests call
`rebuild_views`; the work itself is projections/rebuild.py. Two rebuilds of one
schema never run together: a session-level advisory lock on PostgreSQL, a file
lock beside the ledger on SQLite (as infra/schema_setup.py does for start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from infra.container import Container
from infra.schema_setup import connection_args, file_lock
from infra.settings import Settings
from projections.rebuild import Report, rebuild
from projections.view_versions import (
    PROJECTIONS,
    VERSIONS_SQL,
    ViewProjection,
    active_versions,
    stale,
)

LOCK_KEY = "gov-ledger view rebuild: {schema}"  # hashed by PostgreSQL's hashtext()


class UnknownProjection(ValueError):
    pass


@contextmanager
def rebuild_lock(settings: Settings) -> Iterator[None]:
    if settings.backend == "sqlite":
        path = settings.sqlite_path
        with file_lock(path.with_name(path.name + ".rebuild-lock")):
            yield
        return
    key = LOCK_KEY.format(schema=settings.postgres_schema)
    with psycopg.connect(**connection_args(settings), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (key,))


def chosen(name: str | None) -> list[ViewProjection]:
    """The projection called `name`, or all of them."""
    if name is None:
        return list(PROJECTIONS.values())
    if name not in PROJECTIONS:
        raise UnknownProjection(name)
    return [PROJECTIONS[name]]


def rebuild_views(
    container: Container,
    projections: list[ViewProjection],
    report: Callable[[ViewProjection], Report] = lambda p: lambda done, aim: None,
) -> dict[str, int]:
    """Rebuild each projection blue-green; the log position each was switched in at."""
    switched = {}
    with rebuild_lock(container.settings):
        for projection in projections:
            switched[projection.name] = rebuild(
                container.view, container.ledger, projection, report(projection)
            )
    return switched


def versions(container: Container) -> dict[str, int]:
    """The version each projection serves now."""
    return active_versions(container.view.fetch(VERSIONS_SQL, {}))


def stale_projections(container: Container) -> list[ViewProjection]:
    return stale(container.view.fetch(VERSIONS_SQL, {}))
