"""Every answer of the API is typed in its OpenAPI document: each 2xx response of each
operation under /api/v1 names its fields (a client generated from the document gets them,
and the fuzz run's schema check has something to check).

Untyped: no schema, an empty schema `{}`, an object without properties (or with untyped
additional properties), or an array whose items are untyped, anywhere in the answer.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

import api.reads

PREFIX = "/api/v1"
SCALARS = {"string", "integer", "number", "boolean", "null"}
Schema = dict[str, Any]


def untyped_parts(
    document: Schema, schema: Schema, where: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """Where in `schema` a value is left untyped ([] when every part is typed)."""
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        if name in seen:  # a recursive type: checked where it first appeared
            return []
        target = document["components"]["schemas"][name]
        return untyped_parts(document, target, f"{where}→{name}", seen | {name})
    variants = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if variants:
        return [
            found for v in variants for found in untyped_parts(document, v, where, seen)
        ]
    return _untyped_value(document, schema, where, seen)


def _untyped_value(
    document: Schema, schema: Schema, where: str, seen: frozenset[str]
) -> list[str]:
    kind = schema.get("type")
    if kind in SCALARS or "enum" in schema or "const" in schema:
        return []
    if kind == "array":
        items = schema.get("items")
        if not items:
            return [f"{where}[]: untyped items"]
        return untyped_parts(document, items, f"{where}[]", seen)
    if kind == "object":
        return _untyped_object(document, schema, where, seen)
    return [f"{where}: no type ({schema or '{}'})"]


def _untyped_object(
    document: Schema, schema: Schema, where: str, seen: frozenset[str]
) -> list[str]:
    properties: dict[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    if not properties and not isinstance(extra, dict):
        return [f"{where}: an object without properties"]
    found = [
        part
        for name, prop in properties.items()
        for part in untyped_parts(document, prop, f"{where}.{name}", seen)
    ]
    if isinstance(extra, dict):
        if not extra:
            return [*found, f"{where}.*: untyped values"]
        found += untyped_parts(document, extra, f"{where}.*", seen)
    return found


def untyped_responses(document: Schema) -> list[str]:
    offenders: list[str] = []
    for path, operations in document["paths"].items():
        if not path.startswith(PREFIX):
            continue
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if not code.startswith("2") or code == "204":
                    continue
                name = f"{method.upper()} {path} {code}"
                offenders += _untyped_contents(document, name, response)
    return offenders


def _untyped_contents(document: Schema, name: str, response: Schema) -> list[str]:
    contents = response.get("content")
    if not contents:
        return [f"{name}: no content declared"]
    found: list[str] = []
    for media_type, content in contents.items():
        schema = content.get("schema")
        if not schema:
            found.append(f"{name} {media_type}: no schema")
            continue
        where = f"{name} {media_type}"
        if "json" in media_type and not is_named(schema):
            found.append(f"{where}: not a named schema")
        found += untyped_parts(document, schema, where)
    return found


def is_named(schema: Schema) -> bool:
    """A component (`XRead`), or a list of one."""
    return "$ref" in schema or "$ref" in schema.get("items", {})


def unnamed_bodies(document: Schema) -> list[str]:
    return [
        f"{method.upper()} {path}: {media_type}"
        for path, operations in document["paths"].items()
        if path.startswith(PREFIX)
        for method, operation in operations.items()
        for media_type, content in operation.get("requestBody", {})
        .get("content", {})
        .items()
        if not is_named(content.get("schema", {}))
    ]


def test_every_2xx_response_under_api_v1_is_typed(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    offenders = untyped_responses(document)
    assert offenders == [], f"{len(offenders)} untyped:\n" + "\n".join(offenders)
    bodies = unnamed_bodies(document)
    assert bodies == [], "bodies without a named schema:\n" + "\n".join(bodies)


def test_the_walk_finds_untyped_answers() -> None:
    """The walk itself: each kind of untyped answer is found, a typed one passes."""
    typed = {"$ref": "#/components/schemas/Typed"}
    document = {
        "components": {
            "schemas": {
                "Typed": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}, "b": typed},
                },
                "Loose": {
                    "type": "object",
                    "properties": {"details": {"type": "object"}},
                },
            }
        },
        "paths": {
            f"{PREFIX}/{name}": {
                "get": {"responses": {"200": {"content": {"application/json": s}}}}
            }
            for name, s in {
                "typed": {"schema": typed},
                "empty": {"schema": {}},
                "none": {},
                "object": {"schema": {"type": "object", "additionalProperties": True}},
                "array": {"schema": {"type": "array", "items": {"type": "object"}}},
                "nested": {"schema": {"$ref": "#/components/schemas/Loose"}},
                "inline": {"schema": {"type": "object", "properties": {"a": {}}}},
            }.items()
        },
    }
    found = untyped_responses(document)
    assert len(found) == 9, found
    assert not [f for f in found if "/typed " in f], found
    assert any("Loose.details" in f for f in found), found
    assert any("/inline 200 application/json: not a named" in f for f in found), found


def read_models() -> list[type[BaseModel]]:
    found = []
    for module in pkgutil.iter_modules(api.reads.__path__):
        members = vars(importlib.import_module(f"api.reads.{module.name}")).values()
        found += [
            m for m in members if isinstance(m, type) and issubclass(m, BaseModel)
        ]
    return found


def test_every_example_of_a_read_model_is_a_valid_answer() -> None:
    """The examples shown in the document are answers the models accept (no drift)."""
    checked = []
    for model in read_models():
        extra = model.model_config.get("json_schema_extra")
        examples = extra.get("examples", []) if isinstance(extra, dict) else []
        for example in examples if isinstance(examples, list) else []:
            model.model_validate(example)
            checked.append(model.__name__)
    main = {"RequestRead", "TopicRead", "SittingRead", "RollupRead", "WhoAmIRead"}
    assert main | {"StatsRead", "InboxRead", "InclusionProofRead"} <= set(checked)
