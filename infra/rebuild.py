"""Rebuilding projections of a running service, one rebuild at a time (issue 15).

OPS: versioned views (issue 15). `gov rebuild [NAME]` and the tests call
`rebuild_views`; the work itself is projections/rebuild.py. Two rebuilds of one
schema never run together: a session-level advisory lock on PostgreSQL, a file
lock beside the ledger on SQLite (as infra/schema_setup.py does for start-up).
"""

from __future__ import annotations

import logging
import threading
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from infra.doctor import Finding, passed, warning
from infra.schema_setup import schema_lock
from infra.settings import Settings
from projections.rebuild import Report, rebuild
from projections.view_versions import (
    PROJECTIONS,
    VERSIONS_SQL,
    ViewProjection,
    active_versions,
    stale,
)

if TYPE_CHECKING:
    from infra.container import Container

log = logging.getLogger(__name__)
LOCK_KEY = "gov-ledger view rebuild: {schema}"  # hashed by PostgreSQL's hashtext()


class UnknownProjection(ValueError):
    pass


def rebuild_lock(settings: Settings) -> AbstractContextManager[None]:
    return schema_lock(settings, LOCK_KEY, ".rebuild-lock")


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
    report: Report = lambda done, aim: None,
    stale_only: bool = False,
) -> dict[str, int]:
    """Rebuild the projections blue-green in one pass over the log (with `stale_only`,
    those still stale once the lock is held: another process may have rebuilt them);
    the position each was switched in at (the same for all)."""
    with rebuild_lock(container.settings):
        if stale_only:
            projections = [p for p in projections if p in stale_projections(container)]
        if not projections:
            return {}
        at = rebuild(container.view, container.ledger, projections, report)
    return dict.fromkeys((p.name for p in projections), at)


def versions(container: Container) -> dict[str, int]:
    """The version each projection serves now."""
    return active_versions(container.view.fetch(VERSIONS_SQL, {}))


def stale_projections(container: Container) -> list[ViewProjection]:
    return stale(container.view.fetch(VERSIONS_SQL, {}))


def rebuild_stale_in_background(container: Container) -> threading.Thread | None:
    """In the process that runs the projections: a projection whose declared version is not
    the one in use is rebuilt blue-green by a thread of its own, while the service serves."""
    projections = stale_projections(container)
    if not projections:
        return None
    names = ", ".join(f"{p.name} v{p.version}" for p in projections)

    def run() -> None:
        log.warning("rebuilding views whose version changed: %s", names)
        try:
            done = rebuild_views(container, projections, stale_only=True)
        except Exception:  # the old tables keep serving; `gov rebuild` tries again
            log.exception("rebuilding %s failed; run `gov rebuild` to try again", names)
            return
        log.warning("views rebuilt and switched: %s", ", ".join(done) or "none left")

    thread = threading.Thread(target=run, name="view-rebuild", daemon=True)
    thread.start()
    return thread


def version_findings(container: Container) -> list[Finding]:
    """`gov doctor`: each projection serves the version the code declares, or is named."""
    active = versions(container)
    found = [
        warning(
            "视图版本",
            f"视图 {p.name} 声明版本 {p.version}，正在使用版本 {active[p.name]}",
            f"`gov rebuild {p.name}`（运行投影的进程启动时也会自动重建）",
        )
        for p in stale_projections(container)
    ]
    listed = "，".join(f"{name} v{version}" for name, version in active.items())
    return found or [passed("视图版本", listed)]
