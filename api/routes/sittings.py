"""协商会议 Sittings: sign-in, the rules vote, speeches under the rules, votes, the outcome (WZ-5.6)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api.access import allow
from api.commands import add_command_route
from api.deliberation_schemas import (
    CastBody,
    CountsBody,
    DiscussionBody,
    ExplainBody,
    FloorBody,
    ItemBody,
    MediaBody,
    RulesBody,
    SettleBody,
    SignInBody,
    SittingCommandRead,
    SpeechBody,
    StatementBody,
    VoteBody,
)
from api.deps import Ctx, MinPosition, see_position
from api.reads.sittings import SittingRead
from api.schemas import Versioned

router = APIRouter(prefix="/sittings", tags=["sittings 协商会议"])

ACTIONS: list[tuple[str, type[BaseModel], str]] = [
    (
        "sign_in",
        SignInBody,
        "签到（本人，或由记录人代为登记；可一次登记多人，人员编号或标识均可）",
    ),
    (
        "open_vote",
        VoteBody,
        "发起表决：先表决议事规则（item=rules，WZ-5.6-b），再逐项表决",
    ),
    ("explain", ExplainBody, "议题提出人说明议题"),
    ("request_floor", FloorBody, "举手申请发言，先表明立场（WZ-5.5-b）"),
    ("speak", SpeechBody, "按规则给予发言并记录时长与要点（每人至多两次）"),
    ("expert_statement", StatementBody, "专家论证与答疑"),
    ("cast", CastBody, "线上表决：本人投票（赞成、反对、弃权），每人一次（WZ-5.5-d）"),
    ("record_counts", CountsBody, "现场表决：记录人录入票数"),
    ("close_vote", ItemBody, "结束表决并封存结果"),
    (
        "note_discussion",
        DiscussionBody,
        "记录人按问题、表现、影响、原因、解决办法、注意事项记录讨论（LS-2.4.5）",
    ),
    (
        "attach_media",
        MediaBody,
        "登记会议记录的书面、录像或直播的档案编号或地址（WZ-5.6-d）",
    ),
    (
        "settle",
        SettleBody,
        "宣布协商结果：达成一致（附落实意见）、终止、再次协商或转入“五议两公开”（WZ-5.6-c）",
    ),
    (
        "redraft_rules",
        RulesBody,
        "议事规则草案未获通过：重新拟订后再次表决（WZ-5.5-a）",
    ),
    (
        "close_without_result",
        Versioned,
        "议事规则草案未获通过：本次会议不形成结果而结束，议题重新确定协商事宜（WZ-5.6-b）",
    ),
]


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


for _action, _model, _summary in ACTIONS:
    add_command_route(
        router,
        operation=f"sittings.{_action}",
        id_name="sitting_id",
        id_type=UUID,
        action=_action,
        body_model=_model,
        summary=_summary,
        response_model=SittingCommandRead,
        call=lambda ctx, who, sid, action, params, version, key: ctx.sittings.act(
            who, sid, action, params, version, key
        ),
    )
