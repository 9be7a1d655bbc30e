"""RFC 9162 §2.1 conformance of application.audit (hashing, proofs, verification).

Two sources of truth:
- the RFC's own recursive definitions (MTH, PATH, SUBPROOF), written out naively below and
  compared with the stored-node implementation for every size up to 70;
- the published known-answer vectors of an independent implementation, Go
  transparency-dev/merkle, proof/verify_test.go at commit 02194e9afb6c1d95b5381350007963aa70fff472
  (`leaves`, `roots`, `inclusionProofs`, `consistencyProofs`; the same vectors as its
  testonly/reference_test.go), and the corruption probes that file applies to them.
"""

from __future__ import annotations

import hashlib

import pytest

from application.audit.merkle import (
    EMPTY_ROOT,
    ProofError,
    StreamingRoot,
    append_nodes,
    frontier_nodes,
    leaf_hash,
    node_hash,
    reference_root,
    root_of,
    split_point,
)
from application.audit.proofs import (
    consistency_ranges,
    hashes_for,
    inclusion_ranges,
    root_from_inclusion,
    verify_consistency,
    verify_inclusion,
)

h = bytes.fromhex
# transparency-dev/merkle proof/verify_test.go: leaves[i] is the data of leaf i.
GO_LEAVES = [
    h(x)
    for x in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
GO_ROOTS = [
    h(x)
    for x in (  # roots[n-1] is the root of the first n leaves
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf, size, proof) with the leaf numbered from 1 as in the Go file
GO_INCLUSION = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
GO_CONSISTENCY = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")


def tree(leaves: list[bytes]) -> dict:
    return append_nodes(0, {}, leaves)


def go_leaf_hashes(n: int = 8) -> list[bytes]:
    return [leaf_hash(d) for d in GO_LEAVES[:n]]


# ---- the RFC's recursive definitions, written out naively ------------------
def rfc_path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = split_point(len(leaves))
    if m < k:
        return [*rfc_path(m, leaves[:k]), reference_root(leaves[k:])]
    return [*rfc_path(m - k, leaves[k:]), reference_root(leaves[:k])]


def rfc_subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [reference_root(leaves)]
    k = split_point(n)
    if m <= k:
        return [*rfc_subproof(m, leaves[:k], b), reference_root(leaves[k:])]
    return [*rfc_subproof(m - k, leaves[k:], False), reference_root(leaves[:k])]


def numbered_leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def test_hashing_is_domain_separated_sha256():
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest() == GO_ROOTS[0]
    assert (
        node_hash(b"a" * 32, b"b" * 32)
        == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    )
    assert (
        root_of(0, {})
        == EMPTY_ROOT
        == h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    )


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_match_the_published_vectors(n):
    leaves = go_leaf_hashes(n)
    assert reference_root(leaves) == GO_ROOTS[n - 1]
    assert root_of(n, tree(leaves)) == GO_ROOTS[n - 1]


@pytest.mark.parametrize("leaf, size, proof", GO_INCLUSION)
def test_inclusion_proofs_match_the_published_vectors(leaf, size, proof):
    nodes = tree(go_leaf_hashes(size))
    assert [
        p.hex() for p in hashes_for(inclusion_ranges(leaf - 1, size), nodes)
    ] == proof
    verify_inclusion(
        leaf - 1,
        size,
        leaf_hash(GO_LEAVES[leaf - 1]),
        [h(p) for p in proof],
        GO_ROOTS[size - 1],
    )


@pytest.mark.parametrize("first, second, proof", GO_CONSISTENCY)
def test_consistency_proofs_match_the_published_vectors(first, second, proof):
    nodes = tree(go_leaf_hashes(second))
    assert [
        p.hex() for p in hashes_for(consistency_ranges(first, second), nodes)
    ] == proof
    verify_consistency(
        first, second, GO_ROOTS[first - 1], GO_ROOTS[second - 1], [h(p) for p in proof]
    )


def test_every_proof_up_to_70_leaves_equals_the_rfc_definition_and_verifies():
    leaves = numbered_leaves(70)
    nodes = tree(leaves)
    for n in range(1, 71):
        root = reference_root(leaves[:n])
        assert root_of(n, nodes) == root
        for m in range(n):
            proof = hashes_for(inclusion_ranges(m, n), nodes)
            assert proof == rfc_path(m, leaves[:n])
            assert root_from_inclusion(m, n, leaves[m], proof) == root
        for m in range(1, n + 1):
            proof = hashes_for(consistency_ranges(m, n), nodes)
            assert proof == (rfc_subproof(m, leaves[:n], True) if m < n else [])
            verify_consistency(m, n, reference_root(leaves[:m]), root, proof)


def test_appending_in_batches_builds_the_same_tree_from_the_frontier_alone():
    leaves = numbered_leaves(45)
    nodes: dict = {}
    for start, end in ((0, 1), (1, 7), (7, 8), (8, 31), (31, 45)):
        frontier = {node: nodes[node] for node in frontier_nodes(start)}
        nodes.update(append_nodes(start, frontier, leaves[start:end]))
    assert nodes == tree(leaves)


def inclusion_probes(index, size, root, leaf, proof):
    """The corruptions transparency-dev/merkle's verifierCheck applies to each good proof."""
    probes = [
        (index - 1, size, root, leaf, proof),
        (index + 1, size, root, leaf, proof),
        (index ^ 2, size, root, leaf, proof),
        (index, size * 2, root, leaf, proof),
        (index, size // 2, root, leaf, proof),
        (index, size, root, b"WrongLeaf", proof),
        (index, size, EMPTY_ROOT, leaf, proof),
        (index, size, SOME_HASH, leaf, proof),
        (index, size, root, leaf, [*proof, b""]),
        (index, size, root, leaf, [*proof, root]),
        (index, size, root, leaf, [b"", *proof]),
        (index, size, root, leaf, [root, *proof]),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        probes.append((index, size, root, leaf, flipped))
    if proof:
        probes.append((index, size, root, leaf, proof[:-1]))
    if len(proof) > 1:
        probes.append((index, size, root, leaf, [proof[0], SOME_HASH, *proof[1:]]))
    return probes


@pytest.mark.parametrize("leaf, size, proof", [(1, 1, []), *GO_INCLUSION])
def test_corrupted_inclusion_proofs_are_refused(leaf, size, proof):
    proof = [h(p) for p in proof]
    good = (leaf - 1, size, GO_ROOTS[size - 1], leaf_hash(GO_LEAVES[leaf - 1]), proof)
    verify_inclusion(good[0], good[1], good[3], good[4], good[2])
    for index, n, root, leaf_h, path in inclusion_probes(*good):
        with pytest.raises(ProofError):
            verify_inclusion(index, n, leaf_h, path, root)


@pytest.mark.parametrize("first, second, proof", GO_CONSISTENCY)
def test_corrupted_consistency_proofs_are_refused(first, second, proof):
    proof = [h(p) for p in proof]
    r1, r2 = GO_ROOTS[first - 1], GO_ROOTS[second - 1]
    probes = [
        (first - 1, second, r1, r2, proof),
        (first + 1, second, r1, r2, proof),
        (first ^ 2, second, r1, r2, proof),
        (first, second * 2, r1, r2, proof),
        (first, second // 2, r1, r2, proof),
        (first, second, SOME_HASH, r2, proof),
        (first, second, r1, SOME_HASH, proof),
        (first, second, r2, r1, proof),
        (first, second, r1, r2, []),
        (first, second, r1, r2, [*proof, r1]),
        (first, second, r1, r2, [*proof, r2]),
        (first, second, r1, r2, [r1, *proof]),
        (first, second, r1, r2, [r2, *proof]),
        (first, second, r1, r2, [proof[0], *proof]),
        (first, second, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        probes.append((first, second, r1, r2, flipped))
    for m, n, a, b, path in probes:
        with pytest.raises(ProofError):
            verify_consistency(m, n, a, b, path)


def test_trivial_consistency_cases_follow_the_go_vectors():
    verify_consistency(0, 1, SOME_HASH, GO_ROOTS[0], [])
    verify_consistency(1, 1, GO_ROOTS[0], GO_ROOTS[0], [])
    for args in (
        (1, 1, EMPTY_ROOT, GO_ROOTS[0], []),
        (1, 0, SOME_HASH, SOME_HASH, []),
        (2, 1, SOME_HASH, SOME_HASH, []),
        (1, 2, SOME_HASH, SOME_HASH, []),
        (1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
        (0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
    ):
        with pytest.raises(ProofError):
            verify_consistency(*args)


def test_the_streaming_root_equals_the_rfc_root_for_every_size():
    leaves, stream = numbered_leaves(70), StreamingRoot()
    assert stream.root() == EMPTY_ROOT
    for n, leaf in enumerate(leaves, start=1):
        stream.add(leaf)
        assert stream.root() == reference_root(leaves[:n])
