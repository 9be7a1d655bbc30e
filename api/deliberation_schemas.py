"""Bodies of the deliberation resources (协商): topics, sittings, the major-decision procedure."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
)

from api.report_schemas import Part
from api.schemas import Body, Code, Reason, ShortText, Text, Title, Versioned
from api.text import single_line, to_nfc
from application.deliberation.topic_commands import Passing
from domain.deliberation.outcome import Outcome
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.sitting_record import DiscussionAspect
from domain.deliberation.vocabulary import (
    MustDeliberate,
    MustNotDeliberate,
    ProposerKind,
    ReviewCheck,
    TopicCategory,
    TopicClass,
)
from domain.vocabulary import Channel

PersonId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9:_-]{1,64}$")]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)
]
Item = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,32}$")]
Reference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    BeforeValidator(to_nfc),
    AfterValidator(single_line),
]
Count = Annotated[int, Field(ge=0, le=100000)]


class TopicCreate(Body):
    community: Code = Field(description="社区编码")
    category: TopicCategory = Field(description="议题类别（WZ-5.1-a）")
    proposer_kind: ProposerKind = Field(description="以何种身份提出")
    channel: Channel = Field(Channel.APP, description="征集渠道（WZ-5.1-b）")
    title: Title
    description: Text
    linked_requests: list[UUID] = Field(
        default_factory=list, max_length=50, description="由哪些诉求转为议题"
    )


class RegisterBody(Versioned):
    number: Label = Field(description="登记编号")
    topic_class: TopicClass | None = Field(None, description="即时议/深入议（SX-T1）")


class CheckBody(BaseModel):
    check: ReviewCheck
    passed: bool
    reason: Reason


class ReviewBody(Versioned):
    meeting: Label = Field(description="两委联席会议")
    attendees: list[PersonId] = Field(min_length=1, max_length=50)
    checks: list[CheckBody] = Field(
        min_length=1, max_length=3, description="事项性质、范围、可行性（WZ-5.2-a）"
    )
    must: list[MustDeliberate] = Field(
        default_factory=list,
        max_length=len(MustDeliberate),
        description="属于“六必议”的哪一项（JH-4.1）",
    )
    must_not: dict[MustNotDeliberate, Reason] | None = Field(
        None, description="“五不议”筛查（JH-4.2）"
    )
    convenor: PersonId | None = None
    recorder: PersonId | None = None
    guide: PersonId | None = None
    topic_class: TopicClass | None = None


class ChannelBody(Versioned):
    channel: Label


class PlanBody(Versioned):
    when: datetime
    place: ShortText
    form: Label
    host: PersonId
    participants: dict[PersonId, ParticipantCategory] = Field(
        min_length=1, max_length=500
    )


class PassingBody(BaseModel):
    numerator: int = Field(ge=1, le=100)
    denominator: int = Field(ge=1, le=100)
    strict: bool = True

    def passing(self) -> Passing:
        return Passing(
            numerator=self.numerator, denominator=self.denominator, strict=self.strict
        )


class RulesBody(Versioned):
    speech_minutes: int | None = Field(None, ge=1, le=60)
    speeches_per_person: int | None = Field(None, ge=1, le=10)
    passing: PassingBody | None = None


class AnnounceBody(Versioned):
    channels: list[Label] = Field(min_length=1, max_length=10)


class StepBody(Versioned):
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""
    details: dict[Label, Label | int | bool | list[Label]] = Field(
        default_factory=dict, max_length=20
    )


class ConsultBody(Versioned):
    phase: str = Field(
        pattern="^(before|after)$",
        description="会前调研、征求意见（before）或会后回访、跟踪（after）",
    )
    form: str = Field(
        pattern="^(door_to_door|written)$", description="入户走访或书面征求意见"
    )
    households: Count = Field(0, description="走访户数")
    people: Count = Field(0, description="征求意见人数")
    summary: Text = Field(description="了解到的情况和意见")


class ReopenBody(Versioned):
    problem: Reason = Field(
        description="落实中发现的问题及需要重新协商的理由（LS-2.4.11）"
    )


class OpenSittingBody(Versioned):
    mode: str = Field(
        pattern="^(on_site|online|online_offline)$",
        description="现场、线上，或线上线下相结合（WZ-5.3-d）",
    )


class TopicCommandRead(BaseModel):
    topic_id: str = Field(description="议题编号")
    version: int = Field(description="版本")
    status: str = Field(description="状态")
    profile: str | None = Field(description="锁定的协商规则")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class SittingCommandRead(BaseModel):
    sitting_id: str = Field(description="会议编号")
    topic_id: str = Field(description="议题编号")
    version: int = Field(description="版本")
    outcome: Outcome | None = Field(description="协商结果")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class PostedResultRead(BaseModel):
    topic_id: str = Field(description="议题编号")
    community: str = Field(description="社区")
    number: str | None = Field(description="登记编号")
    category: str = Field(description="类别")
    outcome: Outcome | None = Field(description="协商结果")
    settled_at: str | None = Field(description="宣布结果的时间")
    posted_at: str = Field(description="公开张贴的时间")
    title: str | None = Field(None, description="仅在议题提出人同意公开时给出")


class PostedResultsRead(BaseModel):
    unit: str = Field(description="单位")
    items: list[PostedResultRead] = Field(description="本页条目")
    next_cursor: int | None = Field(description="下一页的 cursor；没有下一页时为 null")


class ParticipantBody(Versioned):
    participant: PersonId | None = Field(
        None, description="人员编号（如 P0039）或标识；不填为本人"
    )


class SignInBody(ParticipantBody):
    participants: list[PersonId] | None = Field(
        None,
        min_length=1,
        max_length=500,
        description="一次登记多人：人员编号（如 P0039）或标识的列表（WZ-5.6-a）",
    )


class FloorBody(ParticipantBody):
    position: str = Field(pattern="^(for|against)$")


class SpeechBody(Versioned):
    participant: PersonId
    seconds: int = Field(ge=0, le=36000)
    summary: Reason


class StatementBody(Versioned):
    participant: PersonId
    summary: Text


class ExplainBody(Versioned):
    summary: Text


class VoteBody(Versioned):
    item: Item
    text: ShortText = ""
    amends: Item | None = Field(
        None, description="逐项修改：重新表决的是哪一项未通过的事项（LS-2.4.5）"
    )


class ItemBody(Versioned):
    item: Item


class CastBody(ItemBody):
    choice: str = Field(pattern="^(yes|no|abstain)$")


class CountsBody(ItemBody):
    yes: int = Field(ge=0, le=100000)
    no: int = Field(ge=0, le=100000)
    abstain: int = Field(ge=0, le=100000)


class MediaBody(Versioned):
    kind: str = Field(
        pattern="^(written|video|stream)$",
        description="书面记录、录像或直播（WZ-5.6-d）",
    )
    reference: Reference = Field(description="档案编号或地址；只存引用，不存影像")


class DiscussionBody(Versioned):
    aspect: DiscussionAspect = Field(
        description="问题、表现、影响、原因、解决办法、注意事项（LS-2.4.5）"
    )
    note: Reason


class SettleBody(Versioned):
    implementation_plan: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=4000)
    ] = ""
    major_decision: bool = False


class StageCounts(BaseModel):
    eligible: int = Field(ge=0, le=100000, description="该机构全体成员（或应到人数）")
    present: int = Field(ge=0, le=100000)
    yes: int = Field(ge=0, le=100000)
    no: int = Field(ge=0, le=100000)
    abstain: int = Field(ge=0, le=100000)


class StageBody(Body):
    meeting: Label
    counts: StageCounts | None = None
    skip_reason: Reason | None = None
    content: Part = Field(
        "", description="公开阶段（两公开）：公开的决议或实施结果（LS-2.4.12）"
    )


class ProfileBody(Body):
    profile: Label
