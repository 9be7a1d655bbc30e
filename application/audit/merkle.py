"""RFC 9162 §2.1 Merkle tree hashing and proofs; pure functions, no I/O.

Leaves and nodes are addressed as *perfect subtrees*: (level, index) covers the
leaves [index·2^level, (index+1)·2^level). Level 0 is the leaf hashes. Every
subtree RFC 9162 hashes, MTH(D[a:b]), is either perfect or splits at the largest
power of two below its size, so it can be rebuilt from stored perfect nodes
without recomputing the tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

Node = tuple[int, int]  # (level, index) of a perfect subtree
Range = tuple[int, int]  # leaves [start, end)
EMPTY_ROOT = hashlib.sha256(b"").digest()
HASH_SIZE = 32


class ProofError(ValueError):
    """A proof that does not verify, or sizes and indexes that admit no proof."""


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def reference_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it (recursive; for tests and small trees)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def perfect_cover(start: int, end: int) -> list[Node]:
    """The perfect subtrees that make up MTH(D[start:end]), left to right (start aligned as RFC ranges are)."""
    cover = []
    while start < end:
        level = min(
            (start & -start).bit_length() - 1 if start else 64,
            (end - start).bit_length() - 1,
        )
        cover.append((level, start >> level))
        start += 1 << level
    return cover


def fold_right(hashes: Sequence[bytes]) -> bytes:
    """Combine perfect subtrees of strictly decreasing size into their RFC 9162 subtree hash."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def range_hash(span: Range, nodes: Mapping[Node, bytes]) -> bytes:
    return fold_right([nodes[node] for node in perfect_cover(*span)])


def root_of(size: int, nodes: Mapping[Node, bytes]) -> bytes:
    return range_hash((0, size), nodes) if size else EMPTY_ROOT


# ---- building the tree as leaves are appended -------------------------------
def append_nodes(
    size: int, frontier: Mapping[Node, bytes], new_leaves: Iterable[bytes]
) -> dict[Node, bytes]:
    """Every perfect node (level ≥ 0) completed by appending `new_leaves` to a tree of `size` leaves.

    `frontier` holds the perfect cover of [0, size), which is all the old tree a new node can need.
    """
    known, created = dict(frontier), {}
    for index, leaf in enumerate(new_leaves, start=size):
        level, current = 0, leaf
        created[(0, index)] = known[(0, index)] = leaf
        while index & 1:
            current = node_hash(known[(level, index - 1)], current)
            level, index = level + 1, index >> 1
            created[(level, index)] = known[(level, index)] = current
    return created


def frontier_nodes(size: int) -> list[Node]:
    return perfect_cover(0, size)


class StreamingRoot:
    """The root of a log read once from start to end, keeping only the O(log n) frontier."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[bytes] = []

    def add(self, leaf: bytes) -> None:
        stack, index = self._stack, self.size
        stack.append(leaf)
        while index & 1:
            right = stack.pop()
            stack[-1] = hashlib.sha256(b"\x01" + stack[-1] + right).digest()
            index >>= 1
        self.size += 1

    def root(self) -> bytes:
        return fold_right(self._stack) if self._stack else EMPTY_ROOT
