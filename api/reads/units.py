"""Reads of units (单位): the tree, a unit's figures, the access log, the working-day calendar."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.values import Cursor, Flag, Read


class UnitRead(Read):
    code: str = Field(description="单位编码")
    level: str = Field(description="层级：区、街道、社区、居民小组")
    name: str = Field(description="名称")
    parent: str | None = Field(description="上级单位")
    retired: Flag = Field(description="是否已撤销")
    duties: list[str] = Field(description="本层级的职责（BZ-L2）")
    venue: str = Field(description="本层级的议事场所（BZ-L3）")


class PublicStatsRead(Read):
    """辖区统计（不含个人信息）。"""

    unit: str = Field(description="单位")
    received: int = Field(description="受理的诉求数")
    resolved: int = Field(description="办结数")
    resolved_here: int = Field(description="本级办结数")
    escalated_up: int = Field(description="上报数")
    delegated_down: int = Field(description="交办数")
    open: int = Field(description="在办数")
    median_hours_to_resolve: float | None = Field(description="办结用时中位数（小时）")
    satisfaction_average: float | None = Field(description="平均满意度")
    ratings: int = Field(description="评价数")
    resolved_at_entry_unit: int = Field(description="在首个受理单位办结的数量")
    ratings_by_residents: int = Field(description="居民本人给出的评价数（BZ-A3）")
    ratings_by_staff: int = Field(description="工作人员回访代录的评价数（BZ-A3）")
    satisfaction_average_residents: float | None = Field(
        description="居民本人评价的平均满意度"
    )
    satisfaction_average_staff: float | None = Field(
        description="回访代录评价的平均满意度"
    )


class StatsRead(PublicStatsRead):
    """辖区统计：受理、本级办结、上报、交办、在办、满意度（BZ-A1）。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "unit": "S01",
                    "received": 42,
                    "resolved": 30,
                    "resolved_here": 12,
                    "escalated_up": 5,
                    "delegated_down": 7,
                    "open": 12,
                    "median_hours_to_resolve": 26.5,
                    "satisfaction_average": 4.2,
                    "ratings": 18,
                    "resolved_at_entry_unit": 20,
                    "ratings_by_residents": 15,
                    "ratings_by_staff": 3,
                    "satisfaction_average_residents": 4.3,
                    "satisfaction_average_staff": 3.67,
                }
            ]
        }
    )

    as_of: str | None = Field(None, description="按此时刻（或日志位置）回看时给出")


class AccessEntryRead(Read):
    id: int = Field(description="记录编号")
    at: str = Field(description="查看时间")
    reader_id: str = Field(description="查看人")
    reader_role: str = Field(description="查看人角色")
    reader_unit: str | None = Field(description="查看人单位")
    operation: str = Field(description="操作")
    resource: str = Field(description="查看的资源")
    subjects: list[str] = Field(description="被查看个人信息的居民")


class AccessLogRead(Read):
    """访问记录：谁、何时、查看了谁的个人信息。"""

    unit: str = Field(description="单位")
    items: list[AccessEntryRead] = Field(description="记录，按时间先后")
    next_cursor: Cursor


class CalendarYearRead(Read):
    """某年的节假日与调休。"""

    year: int = Field(description="年份")
    known: bool = Field(description="是否已载入该年安排")
    fallback: str | None = Field(None, description="未载入时的算法（周一至周五）")
    source: str | None = Field(None, description="安排的来源")
    holidays: list[str] = Field(description="工作日中的法定假日")
    workdays: list[str] = Field(description="调休上班的周末")


class CalendarLoadedRead(Read):
    year: int = Field(description="年份")
    calendar_version: int = Field(description="工作日历版本")
    position: int = Field(description="该命令产生的日志位置")
    recomputed: int = Field(description="按此重算期限的在办事项数")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class ProfileAdoptedRead(Read):
    community: str = Field(description="社区")
    profile: str = Field(description="采用的协商规则")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")
