"""Walking the OpenAPI document for the strict-type tests: where integers are declared, and a call
that reaches validation without the access check in front of it."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Iterator
from typing import Any, get_type_hints

from api.access import RESOLVERS, api_routes


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def is_integer(document: dict, schema: dict) -> bool:
    """An integer, or an integer or null; a union with other types may take other values on purpose."""
    schema = resolve(document, schema)
    variants = [resolve(document, v) for v in schema.get("anyOf", [schema])]
    kinds = {v.get("type") for v in variants}
    return "integer" in kinds and kinds <= {"integer", "null"}


def integer_fields(document: dict, schema: dict, where: tuple = ()) -> list[tuple]:
    """Where each integer sits in a body: ('score',), ('passing', 'numerator'), ('items', 0, 'count')..."""
    schema = resolve(document, schema)
    if is_integer(document, schema):
        return [where]
    found = []
    for variant in schema.get("anyOf", []):
        found += (
            integer_fields(document, variant, where)
            if "null" not in str(variant)
            else []
        )
    for name, prop in schema.get("properties", {}).items():
        found += integer_fields(document, prop, (*where, name))
    if schema.get("type") == "array":
        found += integer_fields(document, schema.get("items", {}), (*where, 0))
    return found


def nested(where: tuple, value: Any) -> Any:
    for part in reversed(where):
        value = [value] if isinstance(part, int) else {part: value}
    return value


def filled(
    path: str,
    parameters: list[dict],
    document: dict,
    bad: tuple[str, str] | None = None,
) -> str:
    """The path with each parameter given a valid value (or `bad` = (name, value))."""
    for parameter in (p for p in parameters if p["in"] == "path"):
        schema = resolve(document, parameter["schema"])
        value = (
            str(schema.get("minimum", 1))
            if is_integer(document, schema)
            else str(uuid.uuid4())
            if schema.get("format") == "uuid"
            else "x1"
        )
        value = bad[1] if bad and bad[0] == parameter["name"] else value
        path = path.replace("{" + parameter["name"] + "}", value)
    return path


def parameters_only(resolver: Any) -> Any:
    """A stand-in for an access check that still declares (so validates) its target's parameters, and
    looks nothing up."""
    hints, signature = (
        get_type_hints(resolver, include_extras=True),
        inspect.signature(resolver),
    )

    def declared_parameters_only(**_: Any) -> None:
        return None

    declared_parameters_only.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            p.replace(annotation=hints[p.name]) for p in signature.parameters.values()
        ]
    )
    return declared_parameters_only


def without_access_checks(client) -> None:
    """Let every call reach validation: the access check (and its target's lookup) comes first otherwise."""
    resolvers = set(RESOLVERS.values())
    for _, _, route in api_routes(client.app):
        stack = list(route.dependant.dependencies)
        while stack:
            dependency = stack.pop()
            if hasattr(dependency.call, "operation"):
                checker = dependency.dependencies[0]
                resolver = next(
                    (d.call for d in checker.dependencies if d.call in resolvers), None
                )
                client.app.dependency_overrides[checker.call] = (
                    parameters_only(resolver) if resolver else (lambda: None)
                )
                break
            stack.extend(dependency.dependencies)


def operations(document: dict) -> Iterator[tuple[str, str, dict]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation
