"""ASGI factory for uvicorn (`--factory infra.asgi:app`): builds on call, not at import."""

from __future__ import annotations

from fastapi import FastAPI

from infra.app import create_app
from infra.settings import Settings


def app() -> FastAPI:
    return create_app(Settings())
