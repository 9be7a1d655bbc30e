"""`create_app(settings)`: the composition root of the web service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.app import build_api
from api.context import ApiContext
from api.rate_limit import WriteLimits
from application.deliberation.deadlines import TopicDeadlineRecount
from application.services import services_of
from application.tasks.deadlines import TaskDeadlineRecount
from infra.container import Container, build_container
from infra.logging_setup import NotedAuthentication
from infra.observability import install_observability
from infra.readiness import build_readiness
from infra.settings import Settings


def _recompute(container: Container) -> dict:
    """Recompute provisional deadlines once the views include everything written so far."""
    container.runner.wait_for(
        container.ledger.position(), container.settings.read_wait_seconds
    )
    recomputed = container.supervision.recompute_provisional(container.view)
    recomputed |= TopicDeadlineRecount(container.deliberation).recompute_provisional(
        container.view
    )
    recomputed |= TaskDeadlineRecount(
        container.ledger, container.deadlines
    ).recompute_provisional(container.view)
    return {**recomputed, "position": container.ledger.position()}


def api_context(container: Container) -> ApiContext:
    return ApiContext(
        **services_of(container),
        wait_for=container.runner.wait_for,
        recompute_provisional=lambda: _recompute(container),
        view_position=container.view.position,
        read_wait_seconds=container.settings.read_wait_seconds,
        max_body_bytes=container.settings.max_body_bytes,
        audit=container.audit,
        audit_exports=container.audit_parts.exports,
        audit_witnesses=container.audit_parts.witnesses,
        as_of=container.as_of,
        dossiers=container.audit_parts.dossiers,
        topic_dossiers=container.audit_parts.topic_dossiers,
        authentication=NotedAuthentication(container.ledger, container.tokens),
        write_limits=write_limits(container.settings),
        readiness=build_readiness(container),
        integrity=container.audit_parts.integrity,
        development=container.settings.mode == "development",
    )


def write_limits(settings: Settings) -> WriteLimits | None:
    if not settings.rate_limit_enabled:
        return None
    return WriteLimits(
        settings.write_rate_per_token,
        settings.write_burst_per_token,
        settings.write_rate_per_address,
        settings.write_burst_per_address,
    )


def create_app(
    settings: Settings | None = None, container: Container | None = None
) -> FastAPI:
    """Build everything; the container is closed when the app shuts down."""
    container = container or build_container(settings or Settings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        container.close()

    app = build_api(api_context(container), lifespan=lifespan)
    app.state.container = container
    install_observability(app, container)
    return app
