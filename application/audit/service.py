"""Audit reads: checkpoints, inclusion and consistency proofs, served from stored tree nodes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from application.audit.envelope import StoredRecord, leaf_of
from application.audit.errors import BadTreeSize, NoCheckpoint, NotSealed
from application.audit.integrity import CHECK_AFTER, LedgerTampered
from application.audit.merkle import Node, leaf_hash, root_of
from application.audit.notes import VerifierKey
from application.audit.proofs import (
    consistency_ranges,
    hashes_for,
    inclusion_ranges,
    nodes_needed,
)
from application.audit.witnesses import WitnessReads


class AuditStore(Protocol):
    def size(self) -> int: ...
    def nodes(self, wanted: Any) -> dict[Node, bytes]: ...
    def leaf_at(self, position: int) -> dict[str, Any] | None: ...
    def leaves(self, where: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...
    def checkpoints(
        self, after: int = -1, limit: int = 100
    ) -> list[dict[str, Any]]: ...
    def latest_checkpoint(
        self, at_most: int | None = None
    ) -> dict[str, Any] | None: ...
    def leaf_span(self, since: str, until: str) -> tuple[int, int] | None: ...
    def recent_checkpoints(self, at_most: int, count: int) -> list[dict[str, Any]]: ...
    def sealed_position(self) -> int: ...


def with_cosignatures(
    rows: list[dict[str, Any]], reads: WitnessReads
) -> list[dict[str, Any]]:
    """Each checkpoint with its witnesses' cosignatures, and its note with their signature lines appended."""
    found = reads.cosignatures([row["size"] for row in rows])
    return [
        {
            **row,
            "cosignatures": found.get(row["size"], []),
            "note": row["note"]
            + "".join(c["cosignature"] for c in found.get(row["size"], [])),
        }
        for row in rows
    ]


class AuditService:
    def __init__(
        self,
        store: AuditStore,
        log_key: VerifierKey,
        witnesses: WitnessReads,
        row_at: Callable[[int], Any] | None = None,
    ):
        """`row_at(position)`: the stored event at a log position (a notification), or None."""
        self.store, self.log_key, self.witnesses, self.row_at = (
            store,
            log_key,
            witnesses,
            row_at,
        )

    def checkpoints(self, after: int, limit: int) -> dict[str, Any]:
        rows = with_cosignatures(self.store.checkpoints(after, limit), self.witnesses)
        return {
            "log_key": self.log_key.text(),
            "witness_keys": self.witnesses.keys(),
            "items": rows,
            "next_cursor": rows[-1]["size"] if len(rows) == limit else None,
        }

    def head(self, at_most: int | None = None) -> dict[str, Any]:
        checkpoint = self.store.latest_checkpoint(at_most)
        if checkpoint is None:
            raise NoCheckpoint(
                "no signed checkpoint yet",
                allowed=["retry after the next checkpoint"],
                zh="尚无已签名的检查点：请在下一个检查点生成后重试",
            )
        return {
            **with_cosignatures([checkpoint], self.witnesses)[0],
            "log_key": self.log_key.text(),
        }

    def inclusion(self, position: int, size: int | None = None) -> dict[str, Any]:
        """The proof that the event at `position` is leaf i of the tree of `size` (default: newest checkpoint)."""
        leaf = self.store.leaf_at(position)
        if leaf is None:
            raise NotSealed(
                f"no sealed event at position {position} (unknown or not sealed yet)",
                zh=f"日志位置 {position} 没有已封存的事件（不存在或尚未封存）：请核对位置，或稍后重试",
            )
        size = size if size is not None else self.head()["size"]
        if not leaf["leaf_index"] < size <= self.store.size():
            raise NoCheckpoint(
                f"leaf {leaf['leaf_index']} is not in a sealed tree of size {size}",
                allowed=["ask for a size above the leaf index, up to the sealed size"],
                zh=f"叶子 {leaf['leaf_index']} 不在大小为 {size} 的已封存树中：请给出大于该叶子序号、不超过已封存大小的树大小",
            )
        ranges = inclusion_ranges(leaf["leaf_index"], size)
        nodes = self.store.nodes(nodes_needed([*ranges, (0, size)]))
        return {
            **leaf,
            "tree_size": size,
            "leaf_hash": leaf_hash(leaf["envelope"].encode()).hex(),
            "root": root_of(size, nodes).hex(),
            "proof": [h.hex() for h in hashes_for(ranges, nodes)],
        }

    def served_inclusion(
        self, position: int, size: int | None = None
    ) -> dict[str, Any]:
        """The inclusion proof the API serves: refused when the stored row or envelope no longer match the leaf."""
        proof = self.inclusion(position, size)
        node = self.store.nodes([(0, proof["leaf_index"])]).get(
            (0, proof["leaf_index"])
        )
        row = self.row_at(position) if self.row_at else None
        envelope = proof["envelope"].encode()
        if self.row_at is not None and (
            row is None or leaf_of(StoredRecord.of(row))[0] != envelope
        ):
            raise LedgerTampered(
                f"the event stored at position {position} no longer matches its sealed envelope "
                f"(leaf {proof['leaf_index']}): the proof would vouch for a row that is not there "
                "(record tampered with)",
                allowed=CHECK_AFTER,
                zh=f"日志位置 {position} 存储的事件与其封存信封不一致（叶子 {proof['leaf_index']}）：证明将为一条已不存在的记录作保（记录被篡改）；请运维与监督委员会核查",
            )
        if node is None or node.hex() != proof["leaf_hash"]:
            raise LedgerTampered(
                f"the sealed envelope of position {position} no longer hashes to leaf "
                f"{proof['leaf_index']} of the tree (record tampered with)",
                allowed=CHECK_AFTER,
                zh=f"日志位置 {position} 的封存信封的哈希已与树的叶子 {proof['leaf_index']} 不符（记录被篡改）；请运维与监督委员会核查",
            )
        return proof

    def consistency(self, first: int, second: int) -> dict[str, Any]:
        if not 0 <= first <= second <= self.store.size():
            raise BadTreeSize(
                f"sizes must satisfy 0 ≤ first ≤ second ≤ {self.store.size()}",
                allowed=["ask for sizes of signed checkpoints"],
                zh=f"树大小须满足 0 ≤ 第一个 ≤ 第二个 ≤ {self.store.size()}：请给出已签名检查点的大小",
            )
        ranges = consistency_ranges(first, second)
        nodes = self.store.nodes(nodes_needed([*ranges, (0, first), (0, second)]))
        return {
            "first": first,
            "second": second,
            "first_root": root_of(first, nodes).hex(),
            "second_root": root_of(second, nodes).hex(),
            "proof": [h.hex() for h in hashes_for(ranges, nodes)],
        }
