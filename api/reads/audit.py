"""Reads of the audit log (审计): signed checkpoints, proofs (RFC 9162), witnesses, alerts."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.values import Cursor, JsonData, Read

HEX_PROOF = Field(description="证明路径上的哈希（十六进制），由叶到根")


class CosignatureRead(Read):
    size: int = Field(description="联署的检查点的树大小")
    root: str = Field(description="根哈希（十六进制）")
    cosignature: str = Field(description="联署签名行")
    at: str = Field(description="联署时间")
    person_id: str = Field(description="见证人")
    unit: str | None = Field(description="见证人所在单位")
    verifier_key: str = Field(description="见证人公钥")


class CheckpointRead(Read):
    size: int = Field(description="树大小（叶子数）")
    root: str = Field(description="根哈希（十六进制）")
    at: str = Field(description="签名时间")
    note: str = Field(description="签名的检查点（C2SP signed note），附见证人签名行")
    cosignatures: list[CosignatureRead] = Field(description="见证人联署")


class LatestCheckpointRead(CheckpointRead):
    """最新的已签名检查点。"""

    log_key: str = Field(description="日志公钥（C2SP verifier key）")


class CheckpointsRead(Read):
    log_key: str = Field(description="日志公钥")
    witness_keys: list[str] = Field(description="已登记的见证人公钥")
    items: list[CheckpointRead] = Field(description="检查点，按树大小")
    next_cursor: Cursor


class InclusionProofRead(Read):
    """包含证明：某日志位置的事件是树中的第几片叶子（RFC 9162）。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "leaf_index": 41,
                    "position": 42,
                    "aggregate_id": "6f1c7c1e-5d0a-4a8e-9a57-2f4d8f0e8b11",
                    "at": "2026-03-02T09:00:01+08:00",
                    "envelope": '{"aggregate_id": "…", "position": 42}',
                    "tree_size": 828,
                    "leaf_hash": "9f2c…",
                    "root": "4a7d…",
                    "proof": ["c3b1…", "77e0…"],
                }
            ]
        }
    )

    leaf_index: int = Field(description="叶子序号（从0起）")
    position: int = Field(description="事件的日志位置")
    aggregate_id: str = Field(description="事件所属的对象")
    at: str = Field(description="封存时间")
    envelope: str = Field(description="封存的事件信封（JSON 文本）")
    tree_size: int = Field(description="证明所对的树大小")
    leaf_hash: str = Field(description="叶子哈希（十六进制）")
    root: str = Field(description="该树的根哈希")
    proof: list[str] = HEX_PROOF


class ConsistencyProofRead(Read):
    """一致性证明：较小的树是较大的树的前缀（RFC 9162）。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "first": 800,
                    "second": 828,
                    "first_root": "1b9e…",
                    "second_root": "4a7d…",
                    "proof": ["aa01…"],
                }
            ]
        }
    )

    first: int = Field(description="较小的树大小")
    second: int = Field(description="较大的树大小")
    first_root: str = Field(description="较小的树的根哈希")
    second_root: str = Field(description="较大的树的根哈希")
    proof: list[str] = HEX_PROOF


class WitnessRegisteredRead(Read):
    witness_id: str = Field(description="见证人编号")
    verifier_key: str = Field(description="登记的公钥")
    position: int = Field(description="该命令产生的日志位置")


class CosignedRead(Read):
    size: int = Field(description="联署的检查点的树大小")
    root: str = Field(description="其根哈希")
    cosignature: str = Field(description="联署签名行")
    position: int = Field(description="该命令产生的日志位置")


class AlertRead(Read):
    leaf_index: int | None = Field(description="涉及的叶子")
    kind: str = Field(description="告警类别（篡改、删除……）")
    position: int | None = Field(description="涉及的日志位置")
    aggregate_id: str | None = Field(description="涉及的对象")
    detail: str | None = Field(description="说明")
    found_at: str = Field(description="发现时间")
    resolved_at: str | None = Field(description="恢复时间（仍存在为 null）")


class AlertsRead(Read):
    """自检告警：存储的事件与已封存的日志不一致。"""

    status: str = Field(description="intact、tampered 或 unchecked")
    open: int = Field(description="未恢复的告警数")
    self_audit: dict[str, JsonData] | None = Field(
        description="自检的进度（上次运行、已查到的叶子……）"
    )
    items: list[AlertRead] = Field(description="告警，新的在前")
