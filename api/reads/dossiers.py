"""Dossiers (卷宗): a request's or a topic's whole course, each event with its inclusion proof."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.requests import LevelStayRead, TimelineEntryRead
from api.reads.sittings import SittingRead
from api.reads.values import JsonData, Read


class EventProofRead(Read):
    leaf_index: int = Field(description="叶子序号")
    tree_size: int = Field(description="证明所对的树大小")
    root: str = Field(description="该树的根哈希")
    leaf_hash: str = Field(description="叶子哈希")
    envelope: str = Field(description="封存的事件信封")
    proof: list[str] = Field(description="包含证明的哈希（十六进制）")


class ProvenEventRead(TimelineEntryRead):
    proof: EventProofRead | None = Field(description="包含证明；尚未封存时为 null")


class StayAgainstDeadlineRead(LevelStayRead):
    accept_due: str | None = Field(None, description="到达时定下的受理期限")
    resolve_due: str | None = Field(None, description="到达时定下的办结期限")
    met_deadline: bool | None = Field(None, description="是否在期限内离开此级")


class UrgingRead(Read):
    at: str = Field(description="督办时间")
    by: str = Field(description="督办人")
    by_role: str = Field(description="督办人角色")
    by_unit: str | None = Field(description="督办单位")
    urged_unit: str | None = Field(description="被督办单位")
    note: str | None = Field(description="督办说明")


class RequestDossierRead(Read):
    """争议卷宗：时间线、各级用时与时限、督办、每条事件的包含证明。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "request",
                    "request_id": "6f1c7c1e-5d0a-4a8e-9a57-2f4d8f0e8b11",
                    "status": "resolved",
                    "category": "environment",
                    "title": "楼道灯坏了",
                    "raised_at": "2026-03-02T09:00:00+08:00",
                    "holding_unit": "C01",
                    "version": 5,
                    "levels": [],
                    "urging": [],
                    "timeline": [],
                    "log_key": "gov.example/log+1a2b3c4d+AQ…",
                    "deliberations": [],
                    "linked_items": [],
                }
            ]
        }
    )

    kind: str = Field(description="卷宗类别：request")
    request_id: str = Field(description="诉求编号")
    status: str = Field(description="状态")
    category: str = Field(description="类别")
    title: str | None = Field(description="标题")
    raised_at: str = Field(description="提出时间")
    holding_unit: str = Field(description="当前办理单位")
    version: int = Field(description="版本")
    levels: list[StayAgainstDeadlineRead] = Field(description="各级用时与时限")
    urging: list[UrgingRead] = Field(description="督办")
    timeline: list[ProvenEventRead] = Field(description="时间线，附包含证明")
    log_key: str = Field(description="日志公钥")
    deliberations: list[JsonData] = Field(description="关联的协商（暂无）")
    linked_items: list[JsonData] = Field(description="关联事项（暂无）")


class TopicEventRead(Read):
    position: int = Field(description="日志位置")
    aggregate_id: str = Field(description="议题、协商会议或“五议两公开”程序")
    version: int = Field(description="对象版本")
    event_type: str = Field(description="事件类型")
    at: str = Field(description="时间")
    actor_id: str | None = Field(description="操作人")
    actor_role: str | None = Field(description="操作人角色")
    actor_unit: str | None = Field(description="操作人单位")
    details: dict[str, JsonData] = Field(description="事件内容（随事件类型而定）")
    proof: EventProofRead | None = Field(description="包含证明；尚未封存时为 null")


class DossierVoteRead(Read):
    at: str = Field(description="结束表决的时间")
    sitting_id: str = Field(description="协商会议")
    item: str | None = Field(description="表决事项")
    eligible: int | None = Field(description="有表决权的人数")
    present: int | None = Field(description="到会人数")
    yes: int | None = Field(description="赞成")
    no: int | None = Field(description="反对")
    abstain: int | None = Field(description="弃权")
    threshold: str | None = Field(description="适用的通过门槛")
    passed: bool | None = Field(description="是否通过")


class DossierStageRead(Read):
    at: str = Field(description="时间")
    name: str | None = Field(description="阶段名称")
    quorum: str | None = Field(description="到会要求")
    passing: str | None = Field(description="通过要求")
    stage: str | None = Field(description="阶段")
    meeting: str | None = Field(description="会议")
    members: int | None = Field(description="应到人数")
    present: int | None = Field(description="到会")
    yes: int | None = Field(description="赞成")
    no: int | None = Field(description="反对")
    abstain: int | None = Field(description="弃权")
    passed: bool | None = Field(description="是否通过")
    skipped: bool | None = Field(description="是否依规跳过")


class LinkedItemsRead(Read):
    requests: list[str] = Field(description="关联的诉求")


class TopicDossierRead(Read):
    """协商卷宗：议事过程、表决门槛与结果、适用规则、关联诉求、每条事件的包含证明。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "topic",
                    "topic_id": "2a9d6f3e-7b1c-4e58-8f0a-1c3b5d7e9f20",
                    "status": "archived",
                    "community": "C01",
                    "title": "小区停车位规划",
                    "profile": "wenzhou-2021@1",
                    "outcome": "agreed",
                    "version": 14,
                    "linked_items": {"requests": []},
                    "sittings": [],
                    "votes": [],
                    "major_decision": [],
                    "timeline": [],
                    "sealed_events": 40,
                    "log_key": "gov.example/log+1a2b3c4d+AQ…",
                }
            ]
        }
    )

    kind: str = Field(description="卷宗类别：topic")
    topic_id: str = Field(description="议题编号")
    status: str | None = Field(description="状态")
    community: str | None = Field(description="社区")
    title: str | None = Field(description="标题")
    profile: str | None = Field(description="锁定的协商规则")
    outcome: str | None = Field(description="协商结果")
    version: int | None = Field(description="版本")
    linked_items: LinkedItemsRead = Field(description="关联事项")
    sittings: list[SittingRead] = Field(description="各次协商会议")
    votes: list[DossierVoteRead] = Field(description="各项表决")
    major_decision: list[DossierStageRead] = Field(description="“五议两公开”各阶段")
    timeline: list[TopicEventRead] = Field(description="时间线，附包含证明")
    sealed_events: int = Field(description="已封存的事件数")
    log_key: str = Field(description="日志公钥")
