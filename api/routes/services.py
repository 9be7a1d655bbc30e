"""A service the app may be built without (audit, as-of reads, sign-in): present, or a 503."""

from __future__ import annotations

from typing import TypeVar

from api.problems import NotReady

Service = TypeVar("Service")


def present(service: Service | None, name: str) -> Service:
    if service is None:
        raise NotReady(f"服务未启用 not enabled: {name}")
    return service
