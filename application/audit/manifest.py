"""A bundle's manifest: what the log signs of it (its scope, head size and leaves)."""

from __future__ import annotations

import hashlib
from typing import Any

from application.audit.envelope import canonical

BUNDLE_FORMAT = "gov-audit-bundle/1"


def manifest_of(
    scope: dict[str, Any],
    head_size: int,
    leaves: list[list[int]],
    uncovered: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What the log signs of a bundle; `uncovered` (rows of the scope no checkpoint covers) only if any."""
    manifest = {
        "format": BUNDLE_FORMAT,
        "scope": scope,
        "head_size": head_size,
        "leaves": leaves,
    }
    return {**manifest, "uncovered": uncovered} if uncovered else manifest


def manifest_body(origin: str, manifest: dict[str, Any]) -> str:
    return f"{origin}\n{BUNDLE_FORMAT} manifest\n{hashlib.sha256(canonical(manifest)).hexdigest()}\n"
