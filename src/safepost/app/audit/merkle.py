"""Merkle tree hashing, inclusion and consistency proofs, as in RFC 6962 §2.1 / RFC 9162 §2.1.

Pure (hashlib only). A tree is given by its leaf hashes (`leaf_hash(data)` of each entry, in
order); every function takes them as a sequence of 32-byte values.

    MTH({})       = SHA-256()
    MTH({d0})     = SHA-256(0x00 || d0)
    MTH(D[n])     = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   k = largest power of 2 < n

The verifiers follow RFC 9162 §2.1.3.2 and §2.1.4.2 step by step, so a proof made elsewhere
(Trillian, a Certificate Transparency log) checks here too.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof was asked for something outside the tree (index or size out of range)."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH of the leaf hashes (iterative, so a million leaves need no deep recursion)."""
    if not leaves:
        return EMPTY_ROOT
    # Combine left to right keeping a stack of perfect subtrees (as a CT log does when appending).
    stack: list[tuple[int, bytes]] = []     # (height, hash)
    for leaf in leaves:
        height, h = 0, leaf
        while stack and stack[-1][0] == height:
            h = node_hash(stack.pop()[1], h)
            height += 1
        stack.append((height, h))
    h = stack.pop()[1]
    while stack:
        h = node_hash(stack.pop()[1], h)
    return h


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) of RFC 6962 §2.1.1."""
    if not 0 <= index < len(leaves):
        raise ProofError(f"leaf index {index} is outside a tree of {len(leaves)} leaves")
    return _path(leaves, index)


def _path(leaves: Sequence[bytes], m: int) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return _path(leaves[:k], m) + [root(leaves[k:])]
    return _path(leaves[k:], m - k) + [root(leaves[:k])]


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2: the old tree of `old_size` leaves is a prefix of this one."""
    n = len(leaves)
    if not 0 < old_size <= n:
        raise ProofError(f"old size {old_size} must be between 1 and the tree size {n}")
    return _subproof(leaves, old_size, True)


def _subproof(leaves: Sequence[bytes], m: int, complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = split_point(n)
    if m <= k:
        return _subproof(leaves[:k], m, complete) + [root(leaves[k:])]
    return _subproof(leaves[k:], m - k, False) + [root(leaves[:k])]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `leaf` sit at `index` of the tree of `size` leaves with this root?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: is the tree (old_size, old_root) a prefix of (new_size, new_root)?"""
    if old_size < 1 or old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:          # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def prefix_roots(leaves: Sequence[bytes], sizes: Sequence[int]) -> dict[int, bytes]:
    """{size: root of leaves[:size]} for each size, in one pass (heads of a long log)."""
    wanted = set(sizes)
    if any(not 0 < s <= len(leaves) for s in wanted):
        raise ProofError(f"every size must be between 1 and {len(leaves)}")
    out: dict[int, bytes] = {}
    stack: list[tuple[int, bytes]] = []
    for i, leaf in enumerate(leaves, start=1):
        height, h = 0, leaf
        while stack and stack[-1][0] == height:
            h = node_hash(stack.pop()[1], h)
            height += 1
        stack.append((height, h))
        if i in wanted:
            r = stack[-1][1]
            for _height, left in reversed(stack[:-1]):
                r = node_hash(left, r)
            out[i] = r
        if len(out) == len(wanted):
            break
    return out
