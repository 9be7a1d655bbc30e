"""The text types and bases every body uses (length limits on every text), and the bodies
of requests (诉求). Other resources' bodies: api/*_schemas.py; answers of reads: api/reads/."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from api.text import multi_line, single_line, to_nfc
from domain.vocabulary import Category, Channel

# Text is NFC-normalised and refused with control characters (api/text.py) on top of its length limit.
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Target = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9_:-]{1,64}$")
]  # a unit code or resident:<id>
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    BeforeValidator(to_nfc),
    AfterValidator(single_line),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=4000),
    BeforeValidator(to_nfc),
    AfterValidator(multi_line),
]
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
    BeforeValidator(to_nfc),
    AfterValidator(multi_line),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    BeforeValidator(to_nfc),
    AfterValidator(single_line),
]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Versioned(Body):
    expected_version: int | None = Field(
        None, ge=1, le=2**31, description="你看到的版本；已变化则返回409，不写入"
    )


class RequestCreate(Body):
    """居民提出诉求；工作人员可代居民提出（记录渠道）。"""

    title: Title = Field(description="标题")
    description: Text = Field(description="诉求内容")
    category: Category = Field(description="类别")
    location: ShortText = Field("", description="位置（可选）")
    channel: Channel = Field(
        Channel.APP, description="渠道：走访/热线/微信/应用（WZ-5.1-b）"
    )
    on_behalf_of: UUID | None = Field(None, description="代哪位居民提出（工作人员）")


class AcceptBody(Versioned):
    pass


class EscalateBody(Versioned):
    reason: Reason = Field(description="上报理由")
    to_unit: Code | None = Field(None, description="越级上报的目标（仅当规则允许）")


class DelegateBody(Versioned):
    to_unit: Code = Field(description="交办给哪个下级单位")
    instructions: Text = Field(description="交办要求")


class ResolveBody(Versioned):
    resolution: Text = Field(description="办理结果")


class ReasonBody(Versioned):
    reason: Reason = Field(description="理由")


class ReassignBody(Versioned):
    to_unit: Code = Field(description="改派给同一上级下的哪个同级单位")
    # may be blank: the domain refuses a blank reason with its rule (BZ-D1, 422)
    reason: Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=1000),
        BeforeValidator(to_nfc),
        AfterValidator(multi_line),
    ] = Field(description="改派理由（必填）")


class ConfirmBody(Versioned):
    pass


class RateBody(Versioned):
    score: int = Field(ge=1, le=5, description="满意度 1–5")


class CommandRead(BaseModel):
    request_id: str = Field(description="诉求编号")
    version: int = Field(description="版本")
    status: str = Field(description="状态")
    holding_unit: str = Field(description="当前办理单位")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    position: int = Field(
        description="该命令产生的日志位置；读取时可用 min_position 等待"
    )
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class NoteBody(Versioned):
    note: Reason = Field(description="说明")


TEXT_DOCUMENT = {"schema": {"type": "string"}}


def document_responses(
    json_model: type[BaseModel] | None = None,
) -> dict[int | str, dict[str, Any]]:
    """Routes that render a document in the format asked for declare all three media types;
    the JSON one is `json_model` (or the route's response model)."""
    typed = {"model": json_model} if json_model else {}
    return {
        200: {
            **typed,
            "description": "JSON, Markdown or HTML, as asked by `format`",
            "content": {"text/markdown": TEXT_DOCUMENT, "text/html": TEXT_DOCUMENT},
        }
    }
