"""The audit bundle (审计包): everything `gov audit verify` needs to check a scope offline."""

from __future__ import annotations

from pydantic import Field

from api.reads.values import Read


class BundleScopeRead(Read):
    kind: str = Field(description="request、topic、unit 或 window")
    request_id: str | None = Field(None, description="诉求")
    topic_id: str | None = Field(None, description="议题")
    unit: str | None = Field(None, description="单位")
    since: str | None = Field(None, description="时间段起点")
    until: str | None = Field(None, description="时间段终点")


class BundleCheckpointRead(Read):
    note: str = Field(description="签名的检查点，附见证人签名行")


class BundleConsistencyRead(Read):
    first: int = Field(description="较小的树大小")
    second: int = Field(description="较大的树大小")
    proof: list[str] = Field(description="一致性证明的哈希（十六进制）")


class StoredRowRead(Read):
    position: int = Field(description="日志位置")
    aggregate_id: str = Field(description="对象")
    version: int = Field(description="对象版本")
    topic: str = Field(description="事件类型")


class StoredEventRead(StoredRowRead):
    state: str = Field(description="存储的事件（base64）")


class BundleManifestRead(Read):
    leaves: list[list[int]] = Field(description="[叶子序号, 日志位置]")
    note: str = Field(description="签名的清单")
    uncovered: list[StoredRowRead] | None = Field(
        None, description="时间段内未被封存的事件（应为空；有则为篡改迹象）"
    )


class BundleEntryRead(Read):
    leaf_index: int = Field(description="叶子序号")
    envelope: str = Field(description="封存的事件信封")
    proof: list[str] = Field(description="包含证明的哈希（十六进制）")
    event: StoredEventRead | None = Field(description="存储的事件（缺失为 null）")


class BundleRead(Read):
    """审计包：可离线用 gov audit verify 验证。"""

    format: str = Field(description="审计包格式")
    log_key: str = Field(description="日志公钥")
    witness_keys: list[str] = Field(description="见证人公钥")
    scope: BundleScopeRead = Field(description="范围")
    head_size: int = Field(description="最新检查点的树大小")
    checkpoints: list[BundleCheckpointRead] = Field(description="检查点")
    consistency_proofs: list[BundleConsistencyRead] = Field(description="一致性证明")
    manifest: BundleManifestRead = Field(description="签名的清单")
    entries: list[BundleEntryRead] = Field(description="事件及其包含证明")
