"""Bodies of a person's resources: erasure of personal data, publication consent, and the
public results that consent governs."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from api.schemas import Body
from domain.people import ErasureBasis

PersonRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class ErasureCreate(Body):
    basis: ErasureBasis = Field(description="删除依据（个人信息保护法第47条）")
    reference: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_./-]{1,64}$")] = (
        Field(description="案件或申请编号（不得含个人信息）")
    )


class ErasureRead(BaseModel):
    person_id: str = Field(description="人员编号")
    erased: bool = Field(description="个人信息是否已删除")
    version: int = Field(description="版本")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class ConsentUpdate(Body):
    consent: bool = Field(
        description="是否同意在公开内容中显示我的个人信息（如诉求标题）"
    )


class ConsentRead(BaseModel):
    consent: bool = Field(description="是否同意公开")
    version: int = Field(description="版本")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class PublicResultRead(BaseModel):
    request_id: str = Field(description="诉求编号")
    category: str = Field(description="类别")
    status: str = Field(description="状态")
    origin_group: str = Field(description="提出人所在居民小组")
    resolved_by: str | None = Field(description="办结单位")
    raised_at: str = Field(description="提出时间")
    resolved_at: str | None = Field(description="办结时间")
    rating: int | None = Field(description="满意度 1–5")
    title: str | None = Field(None, description="仅在居民同意公开时给出")


class PublicResultsRead(BaseModel):
    unit: str = Field(description="单位")
    items: list[PublicResultRead] = Field(description="本页条目")
    next_cursor: int | None = Field(description="下一页的 cursor；没有下一页时为 null")
