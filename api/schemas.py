"""Request and response bodies (`XCreate` in, `XRead` out). Length limits on every text."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from api.text import multi_line, single_line, to_nfc
from domain.people import ErasureBasis
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


TEXT_DOCUMENT = {"schema": {"type": "string"}}
DOCUMENT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON, Markdown or HTML, as asked by `format`",
        "content": {
            "application/json": {},
            "text/markdown": TEXT_DOCUMENT,
            "text/html": TEXT_DOCUMENT,
        },
    }
}
"""Routes that render a document in the format asked for declare all three media types."""


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


class ConfirmBody(Versioned):
    pass


class RateBody(Versioned):
    score: int = Field(ge=1, le=5, description="满意度 1–5")


class CommandRead(BaseModel):
    request_id: str
    version: int
    status: str
    holding_unit: str
    allowed_actions: list[str]
    position: int = Field(
        description="该命令产生的日志位置；读取时可用 min_position 等待"
    )
    replayed: bool = False


class PageRead(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: int | None


class InboxRead(PageRead):
    unit: str
    counts: dict[str, int]
    tasks: list[dict[str, Any]] = Field(
        default_factory=list, description="本单位待办的工作任务（含期限、逾期标记）"
    )


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


class UnitCommandRead(BaseModel):
    code: str
    registry_version: int
    position: int
    replayed: bool = False


class NoteBody(Versioned):
    note: Reason = Field(description="说明")


def exactly_one_deadline(body: Any, date_field: str) -> Any:
    """A deadline is a date or a number of working days, never both or neither."""
    if (getattr(body, date_field) is None) == (body.working_days is None):
        raise ValueError(f"give exactly one of {date_field} or working_days")
    return body


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
        return exactly_one_deadline(self, "deadline")


class TaskExtendBody(Body):
    on: date | None = Field(None, description="新的截止日期")
    working_days: int | None = Field(None, ge=1, le=365)
    reason: Reason

    @model_validator(mode="after")
    def _one_deadline(self) -> TaskExtendBody:
        return exactly_one_deadline(self, "on")


class DelegateTaskBody(Versioned):
    to: list[Target] | None = Field(
        None,
        max_length=2000,
        description="下派给哪些直属下级（默认全部；小组下派给其居民）",
    )
    on: date | None = Field(None, description="子期限（不晚于本级期限）")
    working_days: int | None = Field(None, ge=1, le=365)


class TaskIssuedRead(BaseModel):
    task_id: str
    version: int
    assignments: list[str]
    position: int
    replayed: bool = False


class TaskChangeRead(BaseModel):
    task_id: str
    version: int
    status: str
    position: int
    replayed: bool = False


class AssignmentCommandRead(BaseModel):
    assignment_id: str
    task_id: str
    holder: str
    version: int
    status: str
    allowed_actions: list[str]
    position: int
    replayed: bool = False


class ScheduleLoad(Body):
    """管理员载入某年官方节假日与调休安排（CAL-1）。"""

    holidays: list[date] = Field(max_length=366, description="工作日中的法定假日")
    workdays: list[date] = Field(max_length=366, description="调休上班的周末")
    source: ShortText = Field("administrator", description="来源（如国务院办公厅通知）")


class WitnessCreate(Body):
    verifier_key: str = Field(
        min_length=10,
        max_length=300,
        description="见证人公钥（C2SP verifier key，类型 0x04）",
    )


class CosignatureCreate(Body):
    size: int = Field(ge=1, le=2**62, description="联署的检查点的树大小")
    cosignature: str = Field(
        min_length=10, max_length=400, description="联署签名行（— 名称 base64）"
    )
