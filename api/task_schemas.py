"""Bodies of top-down tasks (工作任务, BZ-D2): issue, extend, delegate, and their answers."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, model_validator

from api.schemas import Body, Code, Reason, Target, Text, Title, Versioned


def exactly_one_deadline(body: TaskCreate | TaskExtendBody, date_field: str) -> None:
    """A deadline is a date or a number of working days, never both or neither."""
    if (getattr(body, date_field) is None) == (body.working_days is None):
        raise ValueError(f"give exactly one of {date_field} or working_days")


class TaskCreate(Body):
    """下达工作任务（BZ-D2）：期限为日期或 N 个工作日（二选一）。"""

    issuer_unit: Code = Field(description="下达单位")
    targets: list[Code] | None = Field(
        None, max_length=2000, description="接收单位（默认全部直属下级）"
    )
    title: Title
    instructions: Text = Field(description="工作要求")
    deadline: date | None = Field(None, description="截止日期（北京时间当日结束）")
    working_days: int | None = Field(None, ge=1, le=365, description="或：N 个工作日内")
    acknowledge_required: bool = Field(False, description="居民是否须确认已阅")

    @model_validator(mode="after")
    def _one_deadline(self) -> TaskCreate:
        exactly_one_deadline(self, "deadline")
        return self


class TaskExtendBody(Body):
    on: date | None = Field(None, description="新的截止日期")
    working_days: int | None = Field(None, ge=1, le=365)
    reason: Reason

    @model_validator(mode="after")
    def _one_deadline(self) -> TaskExtendBody:
        exactly_one_deadline(self, "on")
        return self


class DelegateTaskBody(Versioned):
    to: list[Target] | None = Field(
        None,
        max_length=2000,
        description="下派给哪些直属下级（默认全部；小组下派给其居民）",
    )
    on: date | None = Field(None, description="子期限（不晚于本级期限）")
    working_days: int | None = Field(None, ge=1, le=365)


class TaskIssuedRead(BaseModel):
    task_id: str = Field(description="任务编号")
    version: int = Field(description="版本")
    assignments: list[str] = Field(description="各接收方的任务分派编号")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class TaskChangeRead(BaseModel):
    task_id: str = Field(description="任务编号")
    version: int = Field(description="版本")
    status: str = Field(description="状态")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class AssignmentCommandRead(BaseModel):
    assignment_id: str = Field(description="任务分派编号")
    task_id: str = Field(description="任务编号")
    holder: str = Field(description="接收方")
    version: int = Field(description="版本")
    status: str = Field(description="状态")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")
