"""Bodies and reads of what deliberation publishes: the implementation report in its four parts
(WZ-5.8-d) and the public notices of the board (WZ-5.8-d, LS-2.4.12)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
)

from api.schemas import Versioned
from api.text import multi_line, to_nfc

# may be empty here: a missing part is refused by the rule (WZ-5.8-d), with its words
Part = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=4000),
    BeforeValidator(to_nfc),
    AfterValidator(multi_line),
]


class ReportBody(Versioned):
    progress: Part = Field("", description="落实进度")
    problems: Part = Field("", description="落实过程中的问题")
    effects: Part = Field("", description="结果落实所产生的影响")
    involves_funds_labour: bool | None = Field(
        None, description="是否涉及筹资筹劳（须注明）"
    )
    funds_labour: Part = Field("", description="筹资筹劳情况（涉及时必填）")
    complete: bool = Field(False, description="是否已全部落实")
    note: Part = Field("", description="备注")


class PublicNoticeRead(BaseModel):
    kind: str = Field(
        description="implementation_report（落实情况报告）或 major_decision（“五议两公开”公开）"
    )
    topic_id: str = Field(description="议题")
    community: str = Field(description="社区")
    number: str | None = Field(description="登记编号")
    title: str | None = Field(None, description="仅在议题提出人同意公开时给出")
    at: str = Field(description="公布时间")
    stage: str | None = Field(description="“五议两公开”的公开阶段")
    author: str = Field(description="公布人：本人同意公开时为姓名，否则遮盖")
    parts: dict[str, str] = Field(
        description="公布的内容：progress、problems、effects、funds_labour（报告）或 content、where（公开）"
    )
    vote: dict[str, int] | None = Field(description="决议公开：决议的表决情况")
    complete: bool | None = Field(description="落实情况报告：是否已全部落实")


class PublicNoticesRead(BaseModel):
    unit: str = Field(description="单位")
    items: list[PublicNoticeRead] = Field(description="本页条目")
    next_cursor: int | None = Field(description="下一页的 cursor；没有下一页时为 null")
