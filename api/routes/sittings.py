"""协商会议 Sittings: sign-in, the rules vote, speeches under the rules, votes, the outcome (WZ-5.6)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.access import allow
from api.action_bodies import action_bodies
from api.deps import Ctx, MinPosition, see_position
from api.one_hop import OneHopRoute
from api.reads.sittings import SittingRead
from api.routes import sitting_actions, sitting_votes

router = APIRouter(
    prefix="/sittings", tags=["sittings 协商会议"], route_class=OneHopRoute
)


@router.get(
    "/{sitting_id}",
    response_model=SittingRead,
    dependencies=[allow("sittings.read")],
    summary="会议现状：签到、发言队列、表决与结果",
)
def read_sitting(
    sitting_id: UUID, ctx: Ctx, min_position: MinPosition = None
) -> SittingRead:
    see_position(ctx, min_position)
    return SittingRead.model_validate(ctx.deliberation_queries.sitting(str(sitting_id)))


# each action's body model and summary, read off the command routes (the pages' forms)
ACTIONS = [
    (action, model, summary)
    for commands in (sitting_actions.router, sitting_votes.router)
    for action, (model, summary) in action_bodies(commands).items()
]
