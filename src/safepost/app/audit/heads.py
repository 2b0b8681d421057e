"""Signed tree heads: what they say, how they are signed, how a chain is checked against them.

Pure (no Django). A head says "chain C had `size` entries whose Merkle root (RFC 6962, leaves =
the entries' leaf hashes) was `root`, at `created`", signed with the installation's Ed25519 key.
Heads are kept in the database (TreeHead), copied to a witness directory the database
administrator does not control, and included in exports. Against a head, an outsider finds:

    entries removed from the end (or a whole chain)   the head's size exceeds the entries
    an entry altered, removed, inserted or reordered   the root differs from the entries'
    a head rewritten after the fact                    its signature, or its consistency
                                                       proof from the previous head, fails
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Sequence

from safepost.app.audit import merkle
from safepost.app.audit.rules import Break


@dataclass(frozen=True)
class Head:
    chain: str
    org_id: int | None
    size: int
    root: str                      # hex
    created: str                   # rules.timestamp() text
    signature: str = ""
    key_fingerprint: str = ""
    consistency: tuple[str, ...] | None = None   # proof from the previous head (exports only)

    def message(self) -> bytes:
        """The signed bytes: canonical JSON of what the head asserts."""
        return json.dumps({"chain": self.chain, "org_id": self.org_id, "size": self.size, "root": self.root,
                           "created": self.created}, sort_keys=True, separators=(",", ":")).encode("ascii")

    def to_json(self) -> dict:
        out = {"chain": self.chain, "org_id": self.org_id, "size": self.size, "root": self.root,
               "created": self.created, "signature": self.signature, "key_fingerprint": self.key_fingerprint}
        if self.consistency is not None:
            out["consistency"] = list(self.consistency)
        return out


class HeadFormatError(ValueError):
    """A head read from a file lacks a field or has one of the wrong type (names the field)."""


def head_from_json(obj: dict) -> Head:
    fields = {"chain": str, "size": int, "root": str, "created": str, "signature": str}
    for name, kind in fields.items():
        if not isinstance(obj.get(name), kind) or isinstance(obj.get(name), bool):
            raise HeadFormatError(f"tree head field {name!r} is missing or not a {kind.__name__}")
    proof = obj.get("consistency")
    if proof is not None and not (isinstance(proof, list) and all(isinstance(p, str) for p in proof)):
        raise HeadFormatError("tree head field 'consistency' must be a list of hex strings")
    org_id = obj.get("org_id")
    return Head(chain=obj["chain"], org_id=org_id if isinstance(org_id, int) else None, size=obj["size"],
                root=obj["root"], created=obj["created"], signature=obj["signature"],
                key_fingerprint=str(obj.get("key_fingerprint", "")),
                consistency=tuple(proof) if proof is not None else None)


HeadSignatureCheck = Callable[[Head], bool]


def _unhex(text: str) -> bytes | None:
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def _consistent(prev: Head, head: Head) -> bool:
    proof = [_unhex(p) for p in head.consistency or ()]
    old, new = _unhex(prev.root), _unhex(head.root)
    if old is None or new is None or any(p is None for p in proof):
        return False
    return merkle.verify_consistency(prev.size, head.size, old, new, proof)  # type: ignore[arg-type]


def check_heads(chain: str, leaves: Sequence[bytes], heads: Sequence[Head],
                signature_ok: HeadSignatureCheck, with_proofs: bool = False) -> list[Break]:
    """Check `heads` (any order) against the chain's entry leaves. `with_proofs`: each head but
    the first carries a consistency proof from the previous one, and it must verify."""
    ordered = sorted(heads, key=lambda h: (h.size, h.created))
    roots = merkle.prefix_roots(leaves, [h.size for h in ordered if 0 < h.size <= len(leaves)])
    problems: list[Break] = []

    def bad(h: Head, check: str, problem: str) -> None:
        problems.append(Break(chain, h.size, None, problem, check, subject="tree head of size"))

    prev: Head | None = None
    for h in ordered:
        if h.chain != chain:
            bad(h, "head-chain", f"the head is for chain {h.chain}, not {chain}")
        if not signature_ok(h):
            bad(h, "head-signature", "signature missing or not made by the signing key (forged head)")
        if h.size > len(leaves):
            missing = f"#{len(leaves) + 1}" + (f"..#{h.size}" if h.size > len(leaves) + 1 else "")
            bad(h, "head-size", f"the head was signed over {h.size} entries but only {len(leaves)} are present: "
                                f"entries {missing} are missing (removed from the end?)")
        elif h.size < 1 or roots.get(h.size) != _unhex(h.root):
            bad(h, "head-root", f"the Merkle root of entries #1..#{h.size} differs from the signed root "
                                f"(an entry among them was altered, removed, inserted or reordered)")
        if with_proofs and prev is not None and not _consistent(prev, h):
            bad(h, "consistency", f"no valid consistency proof from the head of size {prev.size} "
                                  f"(the log was rewritten between the two heads)")
        prev = h
    return problems
