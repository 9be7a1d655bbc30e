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
    person_id: str
    erased: bool
    version: int
    position: int
    replayed: bool = False


class ConsentUpdate(Body):
    consent: bool = Field(
        description="是否同意在公开内容中显示我的个人信息（如诉求标题）"
    )


class ConsentRead(BaseModel):
    consent: bool
    version: int
    position: int
    replayed: bool = False


class PublicResultRead(BaseModel):
    request_id: str
    category: str
    status: str
    origin_group: str
    resolved_by: str | None
    raised_at: str
    resolved_at: str | None
    rating: int | None
    title: str | None = Field(None, description="仅在居民同意公开时给出")


class PublicResultsRead(BaseModel):
    unit: str
    items: list[PublicResultRead]
    next_cursor: int | None
