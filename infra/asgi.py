"""ASGI factory for uvicorn (`--factory infra.asgi:app`): builds on call, not at import."""

from __future__ import annotations

from fastapi import FastAPI

from infra.app import create_app
from infra.logging_setup import configure_logging
from infra.settings import Settings


def app() -> FastAPI:
    settings = Settings()
    configure_logging(settings)
    return create_app(settings)
