"""The paper count of a combined online and offline sitting (线上线下相结合, WZ-5.3-d)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import Field

from api.access import allow
from api.deliberation_schemas import Item, PersonId, SittingCommandRead
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import Versioned
from application.access.grants import Grant
from application.deliberation.sitting_commands import RecordPaperCounts

router = APIRouter(
    prefix="/sittings", tags=["sittings 协商会议"], route_class=OneHopRoute
)

Vote = Field(ge=0, le=100000)


class PaperCountsBody(Versioned):
    item: Item
    voters: list[PersonId] = Field(
        min_length=1,
        max_length=500,
        description="现场以纸质票表决的人员编号（如 P0039）或标识；线上已投票者不得列入",
    )
    yes: int = Vote
    no: int = Vote
    abstain: int = Field(0, ge=0, le=100000, description="弃权（不问弃权时为 0）")

    def command(self, sitting_id: UUID) -> RecordPaperCounts:
        return RecordPaperCounts(
            sitting_id=sitting_id,
            item=self.item,
            voters=tuple(self.voters),
            yes=self.yes,
            no=self.no,
            abstain=self.abstain,
            expected_version=self.expected_version,
        )


@router.post(
    "/{sitting_id}/record_paper_counts",
    response_model=SittingCommandRead,
    summary="线上线下相结合：记录人录入现场纸质票数及计票人员，每人只计一次（WZ-5.3-d）",
)
def record_paper_counts(
    sitting_id: UUID,
    body: PaperCountsBody,
    grant: Annotated[Grant, allow("sittings.record_paper_counts")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> SittingCommandRead:
    recorded = ctx.sittings.record_paper_counts(
        principal,
        body.command(sitting_id),
        idempotency(principal, idempotency_key, request, body),
        grant,
    )
    return SittingCommandRead.model_validate(recorded)
