"""Bodies of the registry's resources (administrators): units, and the working-day calendar."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.schemas import Body, Code, Reason, ShortText, Title, Versioned


class UnitCreate(Body):
    code: Code
    level: str = Field(pattern="^(district|street|community|group)$")
    name: Title
    parent: Code | None = None


class UnitRename(Versioned):
    name: Title


class UnitMove(Versioned):
    parent: Code


class UnitRetire(Versioned):
    reason: Reason


class UnitCommandRead(BaseModel):
    code: str = Field(description="单位编码")
    registry_version: int = Field(description="单位登记簿版本")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class ScheduleLoad(Body):
    """管理员载入某年官方节假日与调休安排（CAL-1）。"""

    holidays: list[date] = Field(max_length=366, description="工作日中的法定假日")
    workdays: list[date] = Field(max_length=366, description="调休上班的周末")
    source: ShortText = Field("administrator", description="来源（如国务院办公厅通知）")
