"""Reads of a sitting (协商会议, WZ-5.6): sign-in, the speakers' queue, votes and the outcome."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.values import Read


class SharesRead(Read):
    yes: str = Field(description="赞成占到会者的百分比")
    no: str = Field(description="反对占比")
    abstain: str = Field(description="弃权占比")


class VoteResultRead(Read):
    """一项已结束的表决。"""

    eligible: int = Field(description="有表决权的人数")
    present: int = Field(description="到会的有表决权者")
    yes: int = Field(description="赞成票")
    no: int = Field(description="反对票")
    abstain: int = Field(description="弃权票")
    passed: bool = Field(description="是否通过")
    shares: SharesRead = Field(description="各票占比")


class AppliedRulesRead(Read):
    """会议所依的议事规则（WZ-5.5）：已表决通过的，或协商规程的默认规则。"""

    speech_minutes: int = Field(description="每次发言限时（分钟）")
    speeches_per_person: int = Field(description="每人发言次数上限")
    passing: str = Field(description="表决通过的比例，如“≥ 3/4”")
    source: str = Field(description="adopted：会议通过的规则；profile：规程默认")


class SittingRead(Read):
    """协商会议现状：签到、发言队列、表决与结果。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sitting_id": "5d7e0c2a-8f43-4b1e-a0d6-6f5b3c2e1a90",
                    "sequence": 1,
                    "previous_sitting": None,
                    "mode": "on_site",
                    "form": "议事会",
                    "profile": "wenzhou-2021",
                    "host": "c6aa2383-f9d9-577a-934b-c64a2d0834a7",
                    "recorder": "75077ecf-1c7d-584b-88bd-c350167058f7",
                    "participants": {"expert:1": "expert"},
                    "eligible": [],
                    "present": [],
                    "rules_adopted": True,
                    "explained": True,
                    "waiting_to_speak": [],
                    "next_speaker": None,
                    "speeches": {},
                    "open_vote": None,
                    "ballots_cast": 0,
                    "votes": {},
                    "outcome": None,
                    "rules": {
                        "speech_minutes": 3,
                        "speeches_per_person": 2,
                        "passing": "> 1/2",
                        "source": "adopted",
                    },
                    "allowed_actions": ["open_vote", "settle"],
                    "version": 9,
                }
            ]
        }
    )

    sitting_id: str = Field(description="会议编号")
    sequence: int = Field(description="第几次协商会议")
    previous_sitting: str | None = Field(description="上一次会议（再次协商时）")
    mode: str = Field(description="现场或线上")
    form: str = Field(description="协商形式")
    profile: str = Field(description="适用的协商规则")
    host: str = Field(description="主持人")
    recorder: str | None = Field(description="记录人")
    participants: dict[str, str] = Field(description="参与人员及其类别")
    eligible: list[str] = Field(description="有表决权者")
    present: list[str] = Field(description="已签到者")
    rules_adopted: bool = Field(description="议事规则是否已表决通过")
    explained: bool = Field(description="提出人是否已说明议题")
    waiting_to_speak: list[str] = Field(description="举手等候发言者，按先后")
    next_speaker: str | None = Field(description="下一位发言者")
    speeches: dict[str, int] = Field(description="每人已发言次数")
    open_vote: str | None = Field(description="正在表决的事项")
    ballots_cast: int = Field(description="本项已投票数")
    votes: dict[str, VoteResultRead] = Field(description="已结束的表决，按事项")
    outcome: str | None = Field(description="协商结果")
    rules: AppliedRulesRead = Field(description="会议所依的议事规则（WZ-5.5）")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    version: int = Field(description="版本")
