"""The Merkle tree of RFC 6962 / RFC 9162: roots, inclusion and consistency proofs, and their
verifiers (pure; no database)."""

import hashlib
import itertools

import pytest

from safepost.app.audit import merkle

# The eight leaves and the roots of their prefixes used by Certificate Transparency's and
# Trillian's test suites (RFC 6962 reference vectors).
CT_LEAVES = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"]]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
SIZES = range(1, 21)


def leaves(n):
    return [merkle.leaf_hash(f"entry {i}".encode()) for i in range(n)]


def reference_root(hs):
    """RFC 6962 §2.1 written recursively, as the RFC states it."""
    if len(hs) == 1:
        return hs[0]
    k = merkle.split_point(len(hs))
    return merkle.node_hash(reference_root(hs[:k]), reference_root(hs[k:]))


def flip(b: bytes) -> bytes:
    return bytes([b[0] ^ 1]) + b[1:]


def test_leaf_and_node_hashes_are_domain_separated():
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    a, b = merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")
    assert merkle.node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()
    assert merkle.root([]) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_match_the_certificate_transparency_vectors(n):
    assert merkle.root([merkle.leaf_hash(d) for d in CT_LEAVES[:n]]).hex() == CT_ROOTS[n - 1]


@pytest.mark.parametrize("n", SIZES)
def test_the_iterative_root_equals_the_rfc_definition(n):
    assert merkle.root(leaves(n)) == reference_root(leaves(n))


@pytest.mark.parametrize("n", SIZES)
def test_every_inclusion_proof_verifies_and_any_change_fails(n):
    hs = leaves(n)
    r = merkle.root(hs)
    for i in range(n):
        proof = merkle.inclusion_proof(hs, i)
        assert merkle.verify_inclusion(hs[i], i, n, proof, r)
        assert not merkle.verify_inclusion(flip(hs[i]), i, n, proof, r)       # another leaf
        assert not merkle.verify_inclusion(hs[i], i, n, proof, flip(r))       # another root
        if n > 1:
            assert not merkle.verify_inclusion(hs[i], (i + 1) % n, n, proof, r)   # another index
            assert not merkle.verify_inclusion(hs[i], i, n, proof[:-1], r)         # a node dropped
            assert not merkle.verify_inclusion(hs[i], i, n, proof + [r], r)        # a node added
            for j in range(len(proof)):
                bad = proof[:j] + [flip(proof[j])] + proof[j + 1:]
                assert not merkle.verify_inclusion(hs[i], i, n, bad, r)


@pytest.mark.parametrize("n", SIZES)
def test_every_consistency_proof_verifies_and_any_change_fails(n):
    hs = leaves(n)
    new_root = merkle.root(hs)
    for m in range(1, n + 1):
        old_root = merkle.root(hs[:m])
        proof = merkle.consistency_proof(hs, m)
        assert merkle.verify_consistency(m, n, old_root, new_root, proof)
        assert not merkle.verify_consistency(m, n, flip(old_root), new_root, proof)
        assert not merkle.verify_consistency(m, n, old_root, flip(new_root), proof)
        if m < n:
            assert not merkle.verify_consistency(m, n, old_root, new_root, proof[:-1])
            for j in range(len(proof)):
                bad = proof[:j] + [flip(proof[j])] + proof[j + 1:]
                assert not merkle.verify_consistency(m, n, old_root, new_root, bad)


def test_a_rewritten_history_is_not_consistent_with_the_old_head():
    hs = leaves(10)
    old_root = merkle.root(hs[:6])
    rewritten = hs[:3] + [merkle.leaf_hash(b"forged")] + hs[4:]
    proof = merkle.consistency_proof(rewritten, 6)
    assert not merkle.verify_consistency(6, 10, old_root, merkle.root(rewritten), proof)
    reordered = hs[:2] + [hs[3], hs[2]] + hs[4:]
    assert not merkle.verify_consistency(6, 10, old_root, merkle.root(reordered),
                                         merkle.consistency_proof(reordered, 6))


def test_proofs_outside_the_tree_are_refused_with_the_range():
    with pytest.raises(merkle.ProofError, match="outside a tree of 3"):
        merkle.inclusion_proof(leaves(3), 3)
    with pytest.raises(merkle.ProofError, match="between 1 and the tree size 3"):
        merkle.consistency_proof(leaves(3), 0)
    assert not merkle.verify_consistency(4, 3, b"", b"", [])
    assert not merkle.verify_inclusion(leaves(1)[0], 0, 0, [], merkle.EMPTY_ROOT)


def test_proof_lengths_are_logarithmic():
    hs = leaves(1000)
    assert max(len(merkle.inclusion_proof(hs, i)) for i in itertools.chain(range(10), range(990, 1000))) <= 10
    assert len(merkle.consistency_proof(hs, 333)) <= 2 * 10


def test_prefix_roots_equal_the_root_of_each_prefix():
    hs = leaves(20)
    assert merkle.prefix_roots(hs, list(SIZES)) == {n: merkle.root(hs[:n]) for n in SIZES}
    with pytest.raises(merkle.ProofError):
        merkle.prefix_roots(hs, [21])
