"""Reading a registry file (format `gov-registry/1`, see docs/registry-format.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from api.text import single_line, to_nfc
from application.registry.service import PersonSpec, UnitSpec
from domain.levels import Level, Role

FORMAT = "gov-registry/1"


class RegistryFileError(ValueError):
    pass


def load_registry_file(path: Path) -> tuple[list[UnitSpec], list[PersonSpec]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegistryFileError(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RegistryFileError(
            f"{path} is not a {FORMAT} file (missing 'format: {FORMAT}')"
        )
    try:
        units = [unit_spec(u) for u in data.get("units") or []]
        people = [person_spec(p) for p in data.get("people") or []]
    except (KeyError, TypeError, ValueError) as error:
        raise RegistryFileError(f"{path}: bad entry: {error!r}") from None
    return units, people


def _text(value: Any) -> str:
    """The same text rules as the API: NFC, no control characters (a NUL would stall PostgreSQL's views)."""
    return single_line(to_nfc(str(value)))


def unit_spec(entry: dict[str, Any]) -> UnitSpec:
    return UnitSpec(
        code=_text(entry["code"]),
        level=Level(entry["level"]),
        name=_text(entry["name"]),
        parent=entry.get("parent"),
    )


def person_spec(entry: dict[str, Any]) -> PersonSpec:
    roles = frozenset(
        (Role(r["role"]), str(r["unit"])) for r in entry.get("roles") or []
    )
    return PersonSpec(
        ref=_text(entry["ref"]),
        name=_text(entry["name"]),
        phone=_text(entry.get("phone", "")),
        address=_text(entry.get("address", "")),
        home_group=entry.get("home_group"),
        roles=roles,
    )


def demo_registry_path() -> Path:
    return Path(__file__).parent / "demo_data" / "registry.yaml"
