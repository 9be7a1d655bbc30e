"""The five trace records (五项追溯记录, WZ-6) as JSON: generated from the log alone."""

from __future__ import annotations

from pydantic import Field

from api.reads.values import JsonData, Read


class RecordSectionRead(Read):
    key: str = Field(description="栏目")
    heading: str = Field(description="栏目标题")
    fields: dict[str, JsonData] = Field(description="栏目内容（随记录而定）")


class TraceRecordRead(Read):
    """一项追溯记录：1 议题建议和审核表 … 5 落实情况报告。"""

    record: int = Field(description="记录序号 1–5")
    key: str = Field(description="记录代号")
    title: str = Field(description="记录名称")
    rule_id: str = Field(description="依据的规则")
    topic_id: str = Field(description="议题编号")
    status: str = Field(description="议题状态")
    status_text: str = Field(description="议题状态（中文）")
    note: str | None = Field(description="说明（如尚未到此步）")
    as_of: str = Field(description="生成时的日志时刻")
    sections: list[RecordSectionRead] = Field(description="各栏目")
    labels: dict[str, str] = Field(description="各字段的中文名称")
