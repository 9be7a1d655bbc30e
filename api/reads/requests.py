"""Reads of requests (诉求): one request with its timeline, a resident's own, a unit's inbox."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.tasks import UnitTaskRead
from api.reads.values import Cursor, Flag, JsonData, Read

AS_OF = Field(None, description="按此时刻（或日志位置）回看时给出")


class RequestRowRead(Read):
    """诉求的当前状态（读模型中的一行）。"""

    request_id: str = Field(description="诉求编号")
    status: str = Field(description="状态")
    category: str = Field(description="类别")
    channel: str = Field(description="渠道")
    title: str | None = Field(description="标题（个人信息删除后显示为已删除）")
    origin_group: str = Field(description="提出人所在居民小组")
    holding_unit: str = Field(description="当前办理单位")
    resident_id: str = Field(description="提出人")
    resident_name: str | None = Field(description="提出人姓名")
    raised_at: str = Field(description="提出时间")
    raised_position: int = Field(description="提出时的日志位置")
    arrived_at: str = Field(description="到达当前单位的时间")
    arrived_position: int = Field(description="到达当前单位时的日志位置")
    arrived_by: str = Field(description="如何到达：提出、上报、交办……")
    version: int = Field(description="版本")
    accept_due: str | None = Field(description="受理期限")
    resolve_due: str | None = Field(description="办结期限")
    overall_due: str | None = Field(description="总期限")
    provisional: Flag = Field(description="期限是否为暂定（该年工作日历未载入）")
    open_urges: int = Field(description="未答复的督办次数")


class InboxRowRead(RequestRowRead):
    overdue: bool = Field(description="是否已逾期")


class LevelStayRead(Read):
    unit: str = Field(description="单位")
    level: str = Field(description="层级")
    arrived_at: str = Field(description="到达时间")
    arrived_by: str = Field(description="如何到达")
    left_at: str | None = Field(description="离开时间（仍在此级为 null）")
    left_by: str | None = Field(description="如何离开")
    seconds: float = Field(description="在此级的用时（秒）")
    open: bool = Field(description="是否仍在此级")


class TimelineEntryRead(Read):
    position: int = Field(description="日志位置")
    version: int = Field(description="诉求版本")
    event_type: str = Field(description="事件类型")
    actor_id: str = Field(description="操作人")
    actor_role: str = Field(description="操作人角色")
    actor_unit: str | None = Field(description="操作人单位")
    unit: str | None = Field(description="事件所在单位")
    at: str = Field(description="时间")
    details: dict[str, JsonData] = Field(description="事件内容（随事件类型而定）")


class RequestRead(RequestRowRead):
    """诉求详情：当前状态、可做的操作、所经各级用时与完整时间线。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "request_id": "6f1c7c1e-5d0a-4a8e-9a57-2f4d8f0e8b11",
                    "status": "escalated",
                    "category": "environment",
                    "channel": "app",
                    "title": "楼道灯坏了",
                    "origin_group": "G0101",
                    "holding_unit": "C01",
                    "resident_id": "b5c2448e-fef5-542f-bf54-3d1d4a21ed15",
                    "resident_name": "张三",
                    "raised_at": "2026-03-02T09:00:00+08:00",
                    "raised_position": 830,
                    "arrived_at": "2026-03-02T10:00:00+08:00",
                    "arrived_position": 832,
                    "arrived_by": "escalated",
                    "version": 3,
                    "accept_due": "2026-03-03T23:59:59+08:00",
                    "resolve_due": "2026-03-09T23:59:59+08:00",
                    "overall_due": "2026-04-01T23:59:59+08:00",
                    "provisional": False,
                    "open_urges": 0,
                    "resolved_by": None,
                    "resolved_at": None,
                    "rating": None,
                    "updated_at": "2026-03-02T10:00:00+08:00",
                    "allowed_actions": ["accept", "escalate", "delegate"],
                    "levels": [],
                    "timeline": [],
                }
            ]
        }
    )

    resolved_by: str | None = Field(description="办结单位")
    resolved_at: str | None = Field(description="办结时间")
    rating: int | None = Field(description="满意度 1–5")
    updated_at: str = Field(description="最后变化时间")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    levels: list[LevelStayRead] = Field(description="所经各级及用时")
    timeline: list[TimelineEntryRead] = Field(description="完整时间线")
    as_of: str | None = AS_OF


class MyRequestsRead(Read):
    """我的诉求（分页）。"""

    items: list[RequestRowRead] = Field(description="诉求")
    next_cursor: Cursor
    as_of: str | None = AS_OF


class InboxRead(Read):
    """单位待办：等待本单位处理的诉求与工作任务。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "unit": "C01",
                    "items": [],
                    "counts": {"new": 2, "delegated": 1},
                    "tasks": [],
                    "next_cursor": None,
                }
            ]
        }
    )

    unit: str = Field(description="单位")
    items: list[InboxRowRead] = Field(description="待办诉求，按到达先后")
    counts: dict[str, int] = Field(description="各状态的待办数")
    tasks: list[UnitTaskRead] = Field(
        default_factory=list, description="本单位待办的工作任务（含期限、逾期标记）"
    )
    next_cursor: Cursor
    as_of: str | None = AS_OF


class UrgedRead(Read):
    """督办的答复。"""

    id: str = Field(description="被督办的诉求或任务分派")
    version: int = Field(description="版本")
    open_urges: int = Field(description="未答复的督办次数")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")
