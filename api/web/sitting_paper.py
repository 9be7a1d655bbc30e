"""The paper count of a combined online and offline sitting from the console (WZ-5.3-d):
the recorder lists the people counted in the room, by reference or id, one a line or
separated by commas, and the yes / no / abstain of their paper ballots."""

from __future__ import annotations

import re
from typing import Any, cast
from uuid import UUID

from api.routes.sitting_counts import PaperCountsBody
from api.web.pages_requests import validated
from application.access.grants import Grant
from application.signin.sessions import Session

ACTION = "record_paper_counts"
SEPARATORS = re.compile(r"[\s,，、;；]+")


def voters_of(text: Any) -> list[str]:
    """The people typed into the box, in order, blanks dropped."""
    return [v for v in SEPARATORS.split(str(text or "")) if v]


def record_paper(
    ctx: Any,
    session: Session,
    sitting_id: UUID,
    typed: dict[str, Any],
    grant: Grant,
) -> dict[str, Any]:
    """Checked by the API's body model, then the same service call as the API's route."""
    body = cast(
        PaperCountsBody,
        validated(
            PaperCountsBody,
            {
                "item": typed.get("item", ""),
                "voters": voters_of(typed.get("voters")),
                "yes": typed.get("yes", ""),
                "no": typed.get("no", ""),
                "abstain": typed.get("abstain") or 0,  # 0 where abstaining is not asked
                "expected_version": typed.get("expected_version") or None,
            },
        ),
    )
    command = body.command(sitting_id)
    return ctx.sittings.record_paper_counts(session.principal, command, None, grant)
