"""Metrics and the request log around a built app (docs/operations.md §metrics, §logs)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.metrics_middleware import MetricsGuard, MetricsMiddleware, mark_replays
from api.request_id import RequestLog
from infra.metrics import ServiceMetrics, StateCollector


def install_observability(app: FastAPI, container: Any) -> ServiceMetrics:
    """Outermost: the request log sees every answer, the metrics every answer but their own."""
    settings = container.settings
    metrics = ServiceMetrics(StateCollector(container))
    guard = MetricsGuard(settings.metrics_token, settings.metrics_allowed_networks)
    mark_replays(app)
    app.add_middleware(MetricsMiddleware, sink=metrics, guard=guard)
    app.add_middleware(RequestLog)
    app.state.metrics = metrics
    return metrics
