"""The service's log: JSON lines in production, readable lines in development.

Every record carries the request id of the request it was written in (when there is
one); the request lines of api/request_id.py add route, status, duration, actor and
roles. Records hold no personal data: nothing here logs bodies, paths or queries.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from api.request_id import current_request_id, note_principal
from application.principals import Principal
from application.signin.authentication import Authentication
from infra.settings import Settings

FIELDS = ("request_id", "method", "route", "status", "duration_ms", "actor", "roles")
HUMAN = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MARK = "gov_handler"  # our handler on the root logger, replaced when configured again


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if "request_id" not in line and (request_id := current_request_id()):
            line["request_id"] = request_id
        if record.exc_info:  # the exception's type only: its text may quote input
            line["exception"] = (
                record.exc_info[0].__name__ if record.exc_info[0] else ""
            )
        return json.dumps(line, ensure_ascii=False)


class HumanLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        request_id = getattr(record, "request_id", None) or current_request_id()
        actor = getattr(record, "actor", None)
        extra = f" [{request_id}]" if request_id else ""
        extra += f" {actor}" if actor else ""
        duration = getattr(record, "duration_ms", None)
        return f"{text}{extra}" + (f" {duration} ms" if duration is not None else "")


def wants_json(settings: Settings) -> bool:
    if settings.log_format == "auto":
        return settings.mode == "production"
    return settings.log_format == "json"


def configure_logging(
    settings: Settings, stream: IO[str] | None = None
) -> logging.Handler:
    """One handler on the root logger (INFO for gov.*, WARNING for the rest)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if wants_json(settings) else HumanLines(HUMAN))
    setattr(handler, MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("gov").setLevel(logging.INFO)
    # uvicorn's access lines quote the full path and query: our request lines replace them
    logging.getLogger("uvicorn.access").disabled = True
    return handler


class NotedAuthentication(Authentication):
    """Authentication that tells the request log who the caller is (reference and roles)."""

    def principal_since(self, person_id: str, issued_at: float) -> Principal:
        principal = super().principal_since(person_id, issued_at)
        roles = sorted(
            {str(getattr(role, "value", role)) for role, _ in principal.roles}
        )
        if principal.home_group is not None:
            roles = sorted({*roles, "resident"})
        note_principal(principal.ref, roles)
        return principal
