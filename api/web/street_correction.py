"""The street's correction of a result from the topic page (WZ-5.7-b): the same body and the
same command as `POST /topics/{id}/correct_result`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.context import ApiContext
from api.routes.corrections import CorrectionBody, correction_command
from application.access.grants import Grant
from application.deliberation.correction import correct_result
from application.principals import Principal


def street_correction(
    ctx: ApiContext,
    principal: Principal,
    topic_id: UUID,
    body: CorrectionBody,
    grant: Grant,
) -> dict[str, Any]:
    command = correction_command(topic_id, body)
    return correct_result(ctx.deliberation, principal, command, grant=grant)


def correction_fields(f: dict[str, Any]) -> dict[str, Any]:
    """The correction form as the API's body (the corrected result only when one is chosen)."""
    return {
        "decision": f.get("decision", ""),
        "basis": f.get("basis", ""),
        "note": f.get("note", ""),
        "corrected_outcome": f.get("corrected_outcome") or None,
    }
