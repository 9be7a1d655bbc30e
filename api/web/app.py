"""Mounts the web console on the API's application: pages, static files, dev pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    pages_admin,
    pages_as_of,
    pages_assignments,
    pages_bundles,
    pages_dossier,
    pages_inbox,
    pages_my_deliberations,
    pages_records,
    pages_request,
    pages_requests,
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
    for module in (pages_signin, pages_requests, pages_inbox, pages_request):
        app.include_router(module.router)
    supervision = (pages_supervision, pages_dossier, pages_as_of, pages_bundles)
    for module in (*supervision, pages_admin):
        app.include_router(module.router)
    app.include_router(pages_topics.router)
    app.include_router(pages_sittings.router)
    app.include_router(pages_records.router)
    app.include_router(pages_my_deliberations.router)
    for module in (pages_tasks, pages_assignments, pages_stats):
        app.include_router(module.router)
    if development:
        app.include_router(pages_signin.dev_router)
