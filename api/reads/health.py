"""Reads of the service's own state (健康检查)."""

from __future__ import annotations

from pydantic import Field

from api.reads.values import JsonData, Read


class HealthRead(Read):
    status: str = Field(description="ok：进程存活")


class RunnerRead(Read):
    name: str = Field(description="进程名称")
    host: str = Field(description="主机")
    pid: int = Field(description="进程号")
    beat_at: float = Field(description="最近心跳（Unix 时间）")
    alive: bool = Field(description="是否存活")
    position: int | None = Field(description="已处理到的日志位置")
    attempts: int = Field(description="连续失败次数")
    stuck_position: int | None = Field(description="卡住的日志位置")
    stuck_error: str | None = Field(description="卡住的原因")
    note: str | None = Field(description="说明")
    beat_age_seconds: float = Field(description="距最近心跳的秒数")


class ReadyRead(Read):
    """就绪：数据库可达，投影与封存进程在运行，滞后在界限内。"""

    status: str = Field(description="ready，或 tampered（自检发现问题，仍可读）")
    log_position: int | None = Field(None, description="日志位置")
    view_position: int | None = Field(None, description="读模型位置")
    lag: int | None = Field(None, description="读模型滞后")
    projection_lag: int | None = Field(None, description="投影滞后")
    sealed_position: int | None = Field(None, description="已封存位置")
    sealing_lag: int | None = Field(None, description="封存滞后")
    runners: list[RunnerRead] | None = Field(None, description="后台进程")
    integrity: str | None = Field(None, description="自检结论")
    self_audit: dict[str, JsonData] | None = Field(None, description="自检进度")
