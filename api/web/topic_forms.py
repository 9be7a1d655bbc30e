"""The topic page's forms read into the API's own body models (api/routes/topics.py ACTIONS).

People are typed as their references (P0039), the way staff know them; an expert or a
department without a reference is typed as `expert:1`, as the API takes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData

from api.deliberation_schemas import OpenSittingBody
from api.routes.corrections import CorrectionBody
from api.routes.topics import ACTIONS
from api.web.pages_requests import validated
from api.web.render import BEIJING
from api.web.street_correction import correction_fields
from domain.deliberation.vocabulary import MustDeliberate, MustNotDeliberate
from domain.deliberation.vocabulary import ReviewCheck as Check
from domain.errors import InvalidValue
from domain.people import person_id_for

BODIES: dict[str, type[BaseModel]] = {str(a): m for a, m, _ in ACTIONS}
BODIES["open_sitting"] = OpenSittingBody
BODIES["correct_result"] = CorrectionBody  # WZ-5.7-b
CATEGORIES = ("stakeholder", "expert", "non_stakeholder")
FUNDS_LABOUR = {"yes": True, "no": False}  # WZ-5.8-d: said either way


def person_of(ref: str) -> str:
    """A typed reference as the id the API takes: P0039 → the person's id; `expert:1` stays."""
    ref = ref.strip()
    if ref[:1] in "Pp" and ref[1:].isdigit():
        return str(person_id_for(ref.upper()))
    return ref


def people_of(text: str) -> list[str]:
    return [person_of(r) for r in text.replace("，", ",").replace(",", " ").split()]


def typed_form(form: FormData) -> dict[str, Any]:
    """What the person typed, kept to show again when the command is refused."""
    kept: dict[str, Any] = {}
    for key in form:
        values = form.getlist(key)
        kept[key] = values if len(values) > 1 or key in MULTI else values[0]
    return kept


MULTI = {"must", "screen", "channels", "participant"}


def when_of(text: str) -> datetime | str:
    """A `datetime-local` value is Beijing wall-clock time."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=BEIJING)
    except ValueError:
        return text


def review_body(f: dict[str, Any]) -> dict[str, Any]:
    checks = [
        {
            "check": c.value,
            "passed": f.get(f"check_{c.value}") == "pass",
            "reason": f.get(f"reason_{c.value}", ""),
        }
        for c in Check
    ]
    screened = [m for m in MustNotDeliberate if m.value in f.get("screen", [])]
    body = {
        "meeting": f.get("meeting", ""),
        "attendees": people_of(f.get("attendees", "")),
        "checks": checks,
        "must": [m.value for m in MustDeliberate if m.value in f.get("must", [])],
        "must_not": {m.value: f.get(f"screen_reason_{m.value}", "") for m in screened},
        "topic_class": f.get("topic_class") or None,
    }
    for role in ("convenor", "recorder", "guide"):
        if f.get(role, "").strip():
            body[role] = person_of(f[role])
    return body


def plan_body(f: dict[str, Any]) -> dict[str, Any]:
    participants = {p: c for c in CATEGORIES for p in people_of(f.get(c, ""))}
    return {
        "when": when_of(f.get("when", "")),
        "place": f.get("place", ""),
        "form": f.get("form", ""),
        "host": person_of(f.get("host", "")),
        "participants": participants,
    }


def rules_body(f: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for key in ("speech_minutes", "speeches_per_person"):
        if f.get(key, "").strip():
            body[key] = f[key].strip()
    return body


def step_body(action: str, f: dict[str, Any]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if action in ("post", "communicate"):
        details["channels"] = f.get("channels", [])
    if action == "archive":
        details["archive_number"] = f.get("archive_number", "")
    if action == "implement":
        details["route"] = f.get("route", "")
        if f.get("complexity") == "complex":  # WZ-5.8-c: why (the note) and by when
            details["complexity"] = "complex"
            details["expected_by"] = f.get("expected_by", "")
    if action == "refer":
        details["to"] = f.get("to", "")
    if action == "appraise":
        details["score"] = _whole(f.get("score", ""))
    return {"note": f.get("note", ""), "details": details}


def _whole(text: str) -> int | str:
    return int(text) if text.strip().isdigit() else text


BUILDERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "register": lambda f: {
        "number": f.get("number", ""),
        "topic_class": f.get("topic_class") or None,
    },
    "review": review_body,
    "notify_proposer": lambda f: {"channel": f.get("channel", "")},
    "plan": plan_body,
    "draft_rules": rules_body,
    "announce": lambda f: {"channels": f.get("channels", [])},
    "open_sitting": lambda f: {"mode": f.get("mode", "")},
    "consult": lambda f: {
        "phase": f.get("phase", ""),
        "form": f.get("consult_form", ""),
        "households": f.get("households") or 0,
        "people": f.get("people") or 0,
        "summary": f.get("summary", ""),
    },
    "reopen": lambda f: {"problem": f.get("problem", "")},
    "correct_result": correction_fields,
    "report": lambda f: {  # WZ-5.8-d: the four parts
        **{p: f.get(p, "") for p in ("progress", "problems", "effects", "note")},
        "funds_labour": f.get("funds_labour", ""),
        "involves_funds_labour": FUNDS_LABOUR.get(f.get("involves_funds_labour", "")),
        "complete": bool(f.get("complete")),
    },
}


def topic_body(action: str, form: dict[str, Any]) -> BaseModel:
    """The API's body for `action`, from the form (refused in Chinese when it does not fit)."""
    if action not in BODIES:
        raise InvalidValue(
            f"no action {action!r}", rule_id="FORM", zh=f"没有“{action}”这项操作"
        )
    build = BUILDERS.get(action)
    fields = build(form) if build else step_body(action, form)
    given = {**fields, "expected_version": form.get("expected_version") or None}
    return validated(BODIES[action], given)
