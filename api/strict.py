"""Strict input types: a value is taken only in the type the schema declares.

Bodies are validated as JSON in pydantic's strict mode, on top of the route's own
validation: JSON has no UUID, date or enum type, so those come as text (pydantic's JSON
mode takes them), while `true`, `"4"` or `1.0` are never an integer and `1` is never a
boolean. One dependency (installed with every route's access check, api/access.py)
does it for every body model, present and future.

Query and path values are text by nature: an integer is taken only as plain decimal
digits (`WholeNumber`), never `true`, `1.0`, `+1`, `1_0` or `"1"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, Strict, ValidationError

DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)")


def _decimal_text(value: Any) -> Any:
    """Plain decimal digits become the integer; anything else meets the strict integer and is refused."""
    return int(value) if isinstance(value, str) and DECIMAL.fullmatch(value) else value


WholeNumber = Annotated[int, Strict(), BeforeValidator(_decimal_text)]


@dataclass(frozen=True)
class StrictBody:
    """The route's body as strict JSON: the model when it is valid, or the refusals."""

    model: BaseModel | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)


def body_model(request: Request) -> type[BaseModel] | None:
    """The model the matched route reads its body into, if any."""
    body_field = getattr(request.scope.get("route"), "body_field", None)
    annotation = getattr(getattr(body_field, "field_info", None), "annotation", None)
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return annotation if is_model else None


async def strict_body(request: Request) -> StrictBody:
    """`Depends`: the body validated once per request (FastAPI caches the dependency)."""
    model = body_model(request)
    if model is None:
        return StrictBody()
    try:
        return StrictBody(
            model=model.model_validate_json(await request.body(), strict=True)
        )
    except ValidationError as error:
        errors = error.errors(include_url=False)
    if any(e["type"] == "json_invalid" for e in errors):
        return (
            StrictBody()
        )  # not JSON at all: the route's own parsing answers, as before
    return StrictBody(errors=[{**e, "loc": ("body", *e["loc"])} for e in errors])


ParsedBody = Annotated[StrictBody, Depends(strict_body)]


def refuse_loose_body(parsed: ParsedBody) -> None:
    """A body the schema does not declare exactly is refused before anything is done with it."""
    if parsed.errors:
        raise RequestValidationError(parsed.errors)
