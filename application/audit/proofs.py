"""RFC 9162 inclusion and consistency proofs: which subtrees they hold, and their verification.

Generation returns the subtree ranges a proof consists of (§2.1.3.1 PATH, §2.1.4.1
SUBPROOF), so a store can fetch exactly the perfect nodes they need in one query.
Verification follows §2.1.3.2 and §2.1.4.2 step by step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from application.audit.merkle import (
    HASH_SIZE,
    Node,
    ProofError,
    Range,
    node_hash,
    perfect_cover,
    range_hash,
    split_point,
)


def inclusion_ranges(index: int, size: int, offset: int = 0) -> list[Range]:
    """PATH(m, D[n]) as leaf ranges, deepest first."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    if size == 1:
        return []
    k = split_point(size)
    if index < k:
        return [*inclusion_ranges(index, k, offset), (offset + k, offset + size)]
    return [*inclusion_ranges(index - k, size - k, offset + k), (offset, offset + k)]


def consistency_ranges(first: int, second: int) -> list[Range]:
    """PROOF(m, D[n]) as leaf ranges (empty when m = n or m = 0)."""
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from size {first} to size {second}")
    if first in (0, second):
        return []
    return _subproof(first, second, True, 0)


def _subproof(m: int, n: int, complete: bool, offset: int) -> list[Range]:
    if m == n:
        return [] if complete else [(offset, offset + n)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, k, complete, offset), (offset + k, offset + n)]
    return [*_subproof(m - k, n - k, False, offset + k), (offset, offset + k)]


def nodes_needed(ranges: Sequence[Range]) -> list[Node]:
    return [node for span in ranges for node in perfect_cover(*span)]


def hashes_for(ranges: Sequence[Range], nodes: Mapping[Node, bytes]) -> list[bytes]:
    return [range_hash(span, nodes) for span in ranges]


def root_from_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes]
) -> bytes:
    """§2.1.3.2: the root a proof leads to; refuses a proof of the wrong length."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    fn, sn, result = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("the proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            result = node_hash(p, result)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the proof is shorter than the path to the root")
    return result


def _check_lengths(*hashes: bytes) -> None:
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ProofError(f"every hash in a proof is {HASH_SIZE} bytes")


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    _check_lengths(leaf, root, *proof)
    if root_from_inclusion(index, size, leaf, proof) != root:
        raise ProofError(
            f"the inclusion proof for leaf {index} does not lead to the root of size {size}"
        )


def verify_consistency(
    first: int,
    second: int,
    first_root: bytes,
    second_root: bytes,
    proof: Sequence[bytes],
) -> None:
    """§2.1.4.2, with the trivial cases (m = 0, m = n) checked as the RFC requires."""
    _check_lengths(first_root, second_root, *proof)
    if not 0 <= first <= second:
        raise ProofError(
            f"size {second} is smaller than size {first}: a log never shrinks"
        )
    if first == second or first == 0:
        if proof:
            raise ProofError("a proof between these sizes must be empty")
        if first == second and first_root != second_root:
            raise ProofError(
                f"two different roots for size {first}: the histories fork"
            )
        return
    if not proof:
        raise ProofError("empty consistency proof")
    computed_first, computed_second = _consistency_roots(
        first, second, first_root, proof
    )
    if computed_first != first_root or computed_second != second_root:
        raise ProofError(
            f"the tree of size {second} does not extend the tree of size {first}: the histories fork"
        )


def _consistency_roots(
    first: int, second: int, first_root: bytes, proof: Sequence[bytes]
) -> tuple[bytes, bytes]:
    path = list(proof)
    if (
        first & (first - 1) == 0
    ):  # a power of two: the first tree is itself a node of the proof
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the consistency proof is too short")
    return fr, sr
