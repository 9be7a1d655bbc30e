"""Reads of top-down tasks (工作任务, BZ-D2): a unit's assignments, a resident's notices, the roll-up."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.values import Cursor, Flag, Read


class AssignmentRowRead(Read):
    """一项任务分派（读模型中的一行）。"""

    assignment_id: str = Field(description="任务分派编号")
    task_id: str = Field(description="任务编号")
    title: str = Field(description="任务标题")
    issuer_unit: str = Field(description="下达单位")
    holder: str = Field(description="接收方：单位编码或 resident:<编号>")
    level: str = Field(description="接收方层级")
    unit: str | None = Field(description="接收单位（居民为 null）")
    assigned_by: str = Field(description="由哪个单位分派")
    status: str = Field(description="状态")
    deadline: str = Field(description="期限")
    provisional: Flag = Field(description="期限是否为暂定")
    passed: str | None = Field(description="期限已过时记录的时间")
    open_urges: int = Field(description="未答复的督办次数")
    note: str | None = Field(description="最近的进展或说明")
    received_at: str = Field(description="收到时间")
    updated_at: str = Field(description="最后变化时间")
    version: int = Field(description="版本")
    overdue: bool = Field(description="是否已逾期")


class UnitTaskRead(AssignmentRowRead):
    """本单位待办的工作任务。"""


class NoticeRead(AssignmentRowRead):
    """发给居民的政策通知。"""

    instructions: str = Field(description="通知内容")
    acknowledge_required: Flag = Field(description="是否须确认已阅")


class RollupItemRead(AssignmentRowRead):
    path: str = Field(description="分派在任务树中的路径")


class TaskRowRead(Read):
    task_id: str = Field(description="任务编号")
    issuer_unit: str = Field(description="下达单位")
    title: str = Field(description="标题")
    instructions: str = Field(description="工作要求")
    deadline: str = Field(description="期限")
    provisional: Flag = Field(description="期限是否为暂定")
    status: str = Field(description="状态")
    acknowledge_required: Flag = Field(description="居民是否须确认已阅")
    issued_at: str = Field(description="下达时间")
    version: int = Field(description="版本")


class RollupRead(Read):
    """任务汇总：各下级分派的状态、完成比例、逾期单位。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "task": {
                        "task_id": "0b8f5a4e-1f7e-4d59-9a3b-3c2a1d0e9f88",
                        "issuer_unit": "D01",
                        "title": "排查楼道消防隐患",
                        "instructions": "逐栋排查并上报",
                        "deadline": "2026-03-20T23:59:59+08:00",
                        "provisional": False,
                        "status": "open",
                        "acknowledge_required": False,
                        "issued_at": "2026-03-02T09:00:00+08:00",
                        "version": 1,
                    },
                    "unit": "D01",
                    "assignments": 2,
                    "by_status": {"received": 1, "completed": 1},
                    "leaves": 2,
                    "leaves_done": 1,
                    "share_complete": "1/2",
                    "late": [],
                    "returned": [],
                    "items": [],
                    "next_cursor": None,
                }
            ]
        }
    )

    task: TaskRowRead = Field(description="任务")
    unit: str = Field(description="从哪个单位看")
    assignments: int = Field(description="分派数")
    by_status: dict[str, int] = Field(description="各状态的分派数")
    leaves: int = Field(description="末端分派数（未再下派）")
    leaves_done: int = Field(description="已完成的末端分派数")
    share_complete: str = Field(description="完成比例，如 3/5")
    late: list[str] = Field(description="逾期的接收方")
    returned: list[str] = Field(description="退回的接收方")
    items: list[RollupItemRead] = Field(description="各分派（分页）")
    next_cursor: Cursor
