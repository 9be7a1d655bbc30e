"""Bodies of the deliberation resources (协商): topics, sittings, the major-decision procedure."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas import Body, Code, Reason, ShortText, Text, Title, Versioned
from domain.deliberation.outcome import Outcome
from domain.deliberation.sittings import ParticipantCategory
from domain.deliberation.vocabulary import (MustDeliberate, MustNotDeliberate, ProposerKind, ReviewCheck,
                                            TopicCategory, TopicClass)
from domain.vocabulary import Channel

PersonId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9:_-]{1,64}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Item = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,32}$")]


class TopicCreate(Body):
    community: Code = Field(description="社区编码")
    category: TopicCategory = Field(description="议题类别（WZ-5.1-a）")
    proposer_kind: ProposerKind = Field(description="以何种身份提出")
    channel: Channel = Field(Channel.APP, description="征集渠道（WZ-5.1-b）")
    title: Title
    description: Text
    linked_requests: list[UUID] = Field(default_factory=list, max_length=50, description="由哪些诉求转为议题")


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
    checks: list[CheckBody] = Field(min_length=1, max_length=3, description="事项性质、范围、可行性（WZ-5.2-a）")
    must: list[MustDeliberate] = Field(default_factory=list, max_length=len(MustDeliberate),
                                       description="属于“六必议”的哪一项（JH-4.1）")
    must_not: dict[MustNotDeliberate, Reason] | None = Field(None, description="“五不议”筛查（JH-4.2）")
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
    participants: dict[PersonId, ParticipantCategory] = Field(min_length=1, max_length=500)


class PassingBody(BaseModel):
    numerator: int = Field(ge=1, le=100)
    denominator: int = Field(ge=1, le=100)
    strict: bool = True


class RulesBody(Versioned):
    speech_minutes: int | None = Field(None, ge=1, le=60)
    speeches_per_person: int | None = Field(None, ge=1, le=10)
    passing: PassingBody | None = None


class AnnounceBody(Versioned):
    channels: list[Label] = Field(min_length=1, max_length=10)


class StepBody(Versioned):
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""
    details: dict[Label, Label | int | bool | list[Label]] = Field(default_factory=dict, max_length=20)


class OpenSittingBody(Versioned):
    mode: str = Field(pattern="^(on_site|online)$")


class TopicCommandRead(BaseModel):
    topic_id: str
    version: int
    status: str
    profile: str | None
    allowed_actions: list[str]
    position: int
    replayed: bool = False


class SittingCommandRead(BaseModel):
    sitting_id: str
    topic_id: str
    version: int
    outcome: Outcome | None
    allowed_actions: list[str]
    position: int
    replayed: bool = False


class ParticipantBody(Versioned):
    participant: PersonId | None = None


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


class ItemBody(Versioned):
    item: Item


class CastBody(ItemBody):
    choice: str = Field(pattern="^(yes|no|abstain)$")


class CountsBody(ItemBody):
    yes: int = Field(ge=0, le=100000)
    no: int = Field(ge=0, le=100000)
    abstain: int = Field(ge=0, le=100000)


class SettleBody(Versioned):
    implementation_plan: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""
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


class ProfileBody(Body):
    profile: Label


def as_params(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude={"expected_version"})
