"""The street's correction of a result from the topic page (WZ-5.7-b): the same body and the
same command as `POST /topics/{id}/correct_result`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.context import ApiContext
from api.routes.corrections import CorrectionBody
from application.correction import CorrectResult, correct_result
from application.principals import Principal
from domain.deliberation.outcome import Outcome


def street_correction(
    ctx: ApiContext, principal: Principal, topic_id: UUID, body: CorrectionBody
) -> dict[str, Any]:
    command = CorrectResult(
        topic_id=topic_id,
        decision=body.decision,
        basis=body.basis,
        note=body.note,
        corrected_outcome=Outcome(body.corrected_outcome)
        if body.corrected_outcome
        else None,
        expected_version=body.expected_version,
    )
    return correct_result(ctx.deliberation, principal, command)


def correction_fields(f: dict[str, Any]) -> dict[str, Any]:
    """The correction form as the API's body (the corrected result only when one is chosen)."""
    return {
        "decision": f.get("decision", ""),
        "basis": f.get("basis", ""),
        "note": f.get("note", ""),
        "corrected_outcome": f.get("corrected_outcome") or None,
    }
