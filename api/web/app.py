"""Mounts the web console on the API's application: pages, static files, dev pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    pages_admin,
    pages_as_of,
    pages_assessment,
    pages_assignments,
    pages_board,
    pages_bundles,
    pages_dossier,
    pages_inbox,
    pages_major_decision,
    pages_mediation,
    pages_my_deliberations,
    pages_records,
    pages_request,
    pages_requests,
    pages_residents,
    pages_return_visit,
    pages_signin,
    pages_sittings,
    pages_stats,
    pages_supervision,
    pages_tasks,
    pages_topics,
)
from api.web.render import Pages

STATIC = Path(__file__).parent / "static"
# The demo people offered for one-click sign-in in development mode (docs: README).
DEMO_REFS = (
    "P0038",
    "P0039",
    "P0037",
    "P0010",
    "P0012",
    "P0004",
    "P0002",
    "P0028",
    "P0001",
)


def install_web(app: FastAPI, development: bool) -> None:
    app.state.pages = Pages()
    app.state.demo_refs = DEMO_REFS if development else ()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    entry = (pages_signin, pages_requests, pages_inbox)
    # the return visit's page route comes before the request page's */{action}
    requests = (*entry, pages_return_visit, pages_request, pages_board)
    supervision = (pages_supervision, pages_dossier, pages_as_of, pages_bundles)
    deliberation = (
        pages_major_decision,
        pages_mediation,
        pages_topics,
        pages_sittings,
        pages_records,
        pages_my_deliberations,
    )
    tasks = (pages_tasks, pages_assignments, pages_stats, pages_assessment)
    people = (pages_residents,)
    for module in (
        *requests,
        *people,
        *supervision,
        pages_admin,
        *deliberation,
        *tasks,
    ):
        app.include_router(module.router)
    if development:
        app.include_router(pages_signin.dev_router)
