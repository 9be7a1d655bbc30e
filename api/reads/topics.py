"""Reads of deliberation topics (协商议题): one topic, a community's, a person's, suggestions."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.sittings import SittingRead
from api.reads.values import Cursor, DueItem, Flag, OptionalFlag, Read


class TopicFiguresRead(Read):
    """议题在读模型中的一行：状态、角色、各项期限与是否逾期。"""

    topic_id: str = Field(description="议题编号")
    community: str = Field(description="社区")
    category: str = Field(description="议题类别")
    title: str | None = Field(description="标题")
    status: str = Field(description="状态")
    number: str | None = Field(description="登记编号")
    topic_class: str | None = Field(description="即时议/深入议（SX-T1）")
    profile: str | None = Field(description="锁定的协商规则")
    convenor: str | None = Field(description="召集人")
    recorder: str | None = Field(description="记录人")
    guide: str | None = Field(description="指导人")
    proposer_id: str = Field(description="提出人")
    plan_due: str | None = Field(description="确定协商事宜的期限")
    sit_due: str | None = Field(description="召开协商会议的期限")
    plan_late: OptionalFlag = Field(description="确定协商事宜是否逾期")
    sitting_at: str | None = Field(description="会议时间")
    current_sitting: str | None = Field(description="当前的协商会议")
    outcome: str | None = Field(description="协商结果")
    settled_at: str | None = Field(description="宣布结果的时间")
    file_due: str | None = Field(description="备案期限（WZ-5.7-a）")
    filed_at: str | None = Field(description="备案时间")
    file_late: OptionalFlag = Field(description="备案是否逾期")
    communicate_due: str | None = Field(description="传达期限（WZ-5.7-c）")
    communicated_at: str | None = Field(description="传达时间")
    communicate_late: OptionalFlag = Field(description="传达是否逾期")
    implement_due: str | None = Field(description="落实期限")
    reported: Flag = Field(description="是否已报告落实情况")
    proposer_notified: Flag = Field(description="是否已告知提出人审核结果")
    rules_drafted: Flag = Field(description="是否已拟订议事规则")
    proposed_position: int = Field(description="提出时的日志位置")
    version: int = Field(description="版本")


class TopicRowRead(TopicFiguresRead):
    sittings: int = Field(description="协商会议次数")
    due: list[DueItem] = Field(description="到期事项")


class MyTopicRead(TopicRowRead):
    roles: list[str] = Field(
        description="我在议题中的全部角色：提出、召集、主持、记录、参与……"
    )
    next_steps: list[str] = Field(description="我本人现在可以进行的操作")


class CommunityTopicsRead(Read):
    """社区协商议题与待备案事项（分页）。"""

    community: str = Field(description="社区")
    items: list[TopicRowRead] = Field(description="议题")
    filings_due: list[TopicRowRead] = Field(description="待备案的议题")
    next_cursor: Cursor


class SuggestionRead(Read):
    category: str = Field(description="类别")
    title: str | None = Field(description="标题")
    request_ids: list[str] = Field(description="反映同一事项的诉求")


class ArrangementsRead(Read):
    when: str = Field(description="时间")
    place: str = Field(description="地点")
    form: str = Field(description="形式")
    host: str = Field(description="主持人")
    participants: dict[str, str] = Field(description="参与人员及其类别")


class TopicRead(Read):
    """议题：状态、期限、可做的操作与各次协商会议。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "topic_id": "2a9d6f3e-7b1c-4e58-8f0a-1c3b5d7e9f20",
                    "community": "C01",
                    "category": "public_affairs",
                    "title": "小区停车位规划",
                    "status": "announced",
                    "number": "2026-001",
                    "profile": "wenzhou-2021",
                    "proposer_id": "b5c2448e-fef5-542f-bf54-3d1d4a21ed15",
                    "reported": False,
                    "version": 7,
                    "linked_requests": [],
                    "arrangements": None,
                    "allowed_actions": ["file"],
                    "due": [],
                    "sittings": [],
                }
            ]
        }
    )

    topic_id: str = Field(description="议题编号")
    community: str | None = Field(None, description="社区")
    category: str | None = Field(None, description="议题类别")
    title: str | None = Field(None, description="标题")
    status: str = Field(description="状态")
    number: str | None = Field(None, description="登记编号")
    topic_class: str | None = Field(None, description="即时议/深入议")
    profile: str | None = Field(None, description="锁定的协商规则")
    convenor: str | None = Field(None, description="召集人")
    recorder: str | None = Field(None, description="记录人")
    guide: str | None = Field(None, description="指导人")
    proposer_id: str | None = Field(None, description="提出人")
    plan_due: str | None = Field(None, description="确定协商事宜的期限")
    sit_due: str | None = Field(None, description="召开协商会议的期限")
    plan_late: OptionalFlag = Field(None, description="确定协商事宜是否逾期")
    sitting_at: str | None = Field(None, description="会议时间")
    current_sitting: str | None = Field(None, description="当前的协商会议")
    outcome: str | None = Field(None, description="协商结果")
    settled_at: str | None = Field(None, description="宣布结果的时间")
    file_due: str | None = Field(None, description="备案期限")
    filed_at: str | None = Field(None, description="备案时间")
    file_late: OptionalFlag = Field(None, description="备案是否逾期")
    communicate_due: str | None = Field(None, description="传达期限")
    communicated_at: str | None = Field(None, description="传达时间")
    communicate_late: OptionalFlag = Field(None, description="传达是否逾期")
    implement_due: str | None = Field(None, description="落实期限")
    reported: OptionalFlag = Field(None, description="是否已报告落实情况")
    proposer_notified: OptionalFlag = Field(None, description="是否已告知提出人")
    rules_drafted: OptionalFlag = Field(None, description="是否已拟订议事规则")
    proposed_position: int | None = Field(None, description="提出时的日志位置")
    version: int = Field(description="版本")
    linked_requests: list[str] = Field(description="由哪些诉求转为议题")
    arrangements: ArrangementsRead | None = Field(description="确定的协商事宜")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    due: list[DueItem] = Field(description="到期事项")
    sittings: list[SittingRead] = Field(description="各次协商会议")
    as_of: str | None = Field(None, description="按此时刻（或日志位置）回看时给出")


class MajorDecisionStageRead(Read):
    """“五议两公开”一个阶段的结果（LS-2.4.12）。"""

    topic_id: str = Field(description="议题编号")
    stage: str = Field(description="阶段")
    passed: bool = Field(description="本阶段是否通过")
    allowed_actions: list[str] = Field(description="此后允许的阶段")
    version: int = Field(description="版本")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")
