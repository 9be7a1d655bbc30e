"""The shape of a bundle, checked before anything is verified: each malformed part is a MALFORMED
problem naming it, and is left out of the checks that follow (so nothing in a hostile bundle can
make the verifier fail with a traceback).

Checked: every field the verifier reads, with its JSON type (an integer is never a
boolean or a text), hex proofs, base64 state, and sealed envelopes that are JSON
objects with the envelope's fields.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any

from application.audit.report import Report

Check = Callable[[Any], str | None]


def integer(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{_kind(value)} where an integer is expected"
    return None


def text(value: Any) -> str | None:
    return (
        None if isinstance(value, str) else f"{_kind(value)} where a text is expected"
    )


def hex_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        return "not a list of hex texts"
    try:
        [bytes.fromhex(h) for h in value]
    except ValueError:
        return "a proof hash is not hex"
    return None


def base64_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{_kind(value)} where base64 text is expected"
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return "not valid base64"
    return None


def optional_text(value: Any) -> str | None:
    return None if value is None else text(value)


EVENT = {
    "position": integer,
    "aggregate_id": text,
    "version": integer,
    "topic": text,
    "state": base64_text,
}
ENVELOPE = {
    "position": integer,
    "aggregate_id": text,
    "version": integer,
    "topic": text,
    "time": optional_text,
    "state_sha256": text,
}
UNCOVERED = {
    "position": integer,
    "aggregate_id": text,
    "version": integer,
    "topic": text,
}
CONSISTENCY = {"first": integer, "second": integer, "proof": hex_list}


def _kind(value: Any) -> str:
    names = {
        bool: "a boolean",
        str: "a text",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def fields_wrong(value: Any, spec: Mapping[str, Check]) -> str | None:
    """What is wrong with an object that must have the `spec` fields, or None."""
    if not isinstance(value, dict):
        return f"{_kind(value)} where an object is expected"
    for name, check in spec.items():
        if name not in value:
            return f"the field {name!r} is missing"
        if (wrong := check(value[name])) is not None:
            return f"{name!r}: {wrong}"
    return None


def envelope_wrong(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{_kind(value)} where a text is expected"
    try:
        sealed = json.loads(value)
    except ValueError:
        return "not JSON"
    return fields_wrong(sealed, ENVELOPE)


ENTRY = {
    "leaf_index": integer,
    "envelope": envelope_wrong,
    "proof": hex_list,
    "event": lambda event: None if event is None else fields_wrong(event, EVENT),
}


def _leaf_of(entry: Any) -> int | None:
    index = entry.get("leaf_index") if isinstance(entry, dict) else None
    return index if integer(index) is None else None


def _kept(items: Any, what: str, wrong: Check, report: Report) -> list[Any]:
    """The well-formed items of a list; each other one is reported as MALFORMED."""
    if not isinstance(items, list):
        report.add("malformed", f"{what}: {_kind(items)} where a list is expected")
        return []
    kept = []
    for i, item in enumerate(items):
        if (problem := wrong(item)) is None:
            kept.append(item)
            continue
        leaf = _leaf_of(item)
        name = f"{what} entry {i}" + (f" (leaf {leaf})" if leaf is not None else "")
        report.add("malformed", f"{name}: {problem}", leaf)
    return kept


def leaf_pair(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 2 and not any(map(integer, value)):
        return None
    return "not a [leaf index, position] pair of integers"


def _manifest(value: Any, report: Report) -> dict[str, Any]:
    if not isinstance(value, dict):
        report.add(
            "malformed", f"the manifest: {_kind(value)} where an object is expected"
        )
        return {}
    shaped = {
        "leaves": _kept(
            value.get("leaves", []), "the manifest's leaves", leaf_pair, report
        ),
        "note": value.get("note", ""),
    }
    if text(shaped["note"]) is not None:
        report.add("malformed", "the manifest's note is not a text")
        shaped["note"] = ""
    if "uncovered" in value:
        shaped["uncovered"] = _kept(
            value["uncovered"],
            "the manifest's uncovered rows",
            lambda row: fields_wrong(row, UNCOVERED),
            report,
        )
    return shaped


def wellformed(bundle: Any, report: Report) -> dict[str, Any] | None:
    """The bundle with every malformed part reported and left out (None: not a bundle at all)."""
    if not isinstance(bundle, dict):
        report.add("malformed", f"the bundle is {_kind(bundle)}, not a JSON object")
        return None
    shaped = dict(bundle)
    for name, check in (("head_size", integer), ("log_key", text)):
        if name in bundle and (wrong := check(bundle[name])) is not None:
            report.add("malformed", f"the bundle's {name}: {wrong}")
            shaped.pop(name)
    if not isinstance(bundle.get("scope", {}), dict):
        report.add("malformed", "the bundle's scope is not an object")
        shaped["scope"] = {}
    shaped["witness_keys"] = _kept(
        bundle.get("witness_keys", []), "witness_keys", text, report
    )
    shaped["checkpoints"] = _kept(
        bundle.get("checkpoints", []),
        "checkpoints",
        lambda c: fields_wrong(c, {"note": text}),
        report,
    )
    shaped["consistency_proofs"] = _kept(
        bundle.get("consistency_proofs", []),
        "consistency_proofs",
        lambda p: fields_wrong(p, CONSISTENCY),
        report,
    )
    shaped["manifest"] = _manifest(bundle.get("manifest", {}), report)
    shaped["entries"] = _kept(
        bundle.get("entries", []), "entries", lambda e: fields_wrong(e, ENTRY), report
    )
    return shaped
