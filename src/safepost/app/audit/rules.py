"""The audit log's pure parts: what an entry may contain, and how entries are chained.

No Django import. `canonical` and `entry_digest` are the single definition of an entry's
encoding and hash; `verify_chain` walks one chain. They are used by services.py, by
`safepost audit verify` and by the outside verifier (`safepost-admin audit verify`).

Entry formats:
    1  (before migration 0003) SHA-256 of the canonical JSON of every field but the organization
       column (the chain name carries it); unsigned.
    2  the RFC 6962 leaf hash SHA-256(0x00 || canonical JSON) of EVERY field, organization id and
       format included, so the entry hash is its Merkle leaf; signed with Ed25519 (signing.py).
A chain may start with format-1 entries; after its first format-2 entry every entry is format 2.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Mapping

from safepost.app.audit import merkle

GENESIS = "0" * 64
ACTION_RE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
META_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
OBJECT_TYPE_RE = re.compile(r"^[a-z][a-z_.]{0,63}$")
MAX_META_STR = 120
MAX_META_LIST = 50
MAX_META_KEYS = 20


class AuditValueError(ValueError):
    """A caller tried to record something the audit log does not accept (never PHI-bearing
    text: the message names the offending key, never the value)."""


def system_chain() -> str:
    return "system"


def chain_for(org_id: int | None) -> str:
    return f"org:{org_id}" if org_id is not None else system_chain()


def check_action(action: str) -> None:
    if not isinstance(action, str) or not ACTION_RE.match(action) or len(action) > 64:
        raise AuditValueError("audit action must look like 'area.verb' (lowercase, ≤64 chars)")


def check_object(object_type: str, object_id: str) -> None:
    if object_type and not OBJECT_TYPE_RE.match(object_type):
        raise AuditValueError("audit object_type must be lowercase letters, '_' or '.'")
    if len(object_id) > 64:
        raise AuditValueError("audit object_id must be at most 64 characters")


def _check_scalar(key: str, value: Any) -> None:
    if value is None or isinstance(value, bool) or isinstance(value, int):
        return
    if isinstance(value, str):
        if len(value) > MAX_META_STR or "\n" in value:
            raise AuditValueError(
                f"audit meta {key!r}: strings are limited to one line of {MAX_META_STR} characters "
                f"(codes, ids, labels, fingerprints; never the text itself)")
        return
    raise AuditValueError(f"audit meta {key!r}: only None, bool, int, short str or lists of them")


def check_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and return a plain copy of `meta`."""
    if len(meta) > MAX_META_KEYS:
        raise AuditValueError(f"audit meta may have at most {MAX_META_KEYS} keys")
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if not isinstance(key, str) or not META_KEY_RE.match(key):
            raise AuditValueError("audit meta keys must be lowercase identifiers")
        if isinstance(value, (list, tuple)):
            if len(value) > MAX_META_LIST:
                raise AuditValueError(f"audit meta {key!r}: lists hold at most {MAX_META_LIST} items")
            for item in value:
                _check_scalar(key, item)
            out[key] = list(value)
        else:
            _check_scalar(key, value)
            out[key] = value
    return out


def fingerprint(text: str, salt: bytes) -> str:
    """A salted, non-reversible tag for a piece of text (to tell whether two entries concern the
    same text without storing it). 16 hex characters of HMAC-SHA256."""
    return hmac.new(salt, text.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def timestamp(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class EntryData:
    """The hashed content of one entry (everything but its own hash)."""

    chain: str
    seq: int
    created: datetime
    actor_id: int | None
    actor: str
    action: str
    object_type: str
    object_id: str
    ip: str | None
    meta: Mapping[str, Any]
    prev_hash: str
    org_id: int | None = None
    format: int = 1


CURRENT_FORMAT = 2
FORMATS = (1, 2)


def canonical(e: EntryData) -> bytes:
    """The entry's bytes as hashed: JSON, sorted keys, no spaces, ASCII only."""
    fields: dict[str, Any] = {
        "chain": e.chain, "seq": e.seq, "created": timestamp(e.created), "actor_id": e.actor_id,
        "actor": e.actor, "action": e.action, "object_type": e.object_type,
        "object_id": e.object_id, "ip": e.ip, "meta": dict(e.meta), "prev_hash": e.prev_hash,
    }
    if e.format != 1:
        fields.update(format=e.format, org_id=e.org_id)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def leaf(e: EntryData) -> bytes:
    """The entry's Merkle leaf hash (signed tree heads are built from these)."""
    return merkle.leaf_hash(canonical(e))


def entry_digest(e: EntryData) -> str:
    if e.format == 1:
        return hashlib.sha256(canonical(e)).hexdigest()
    return leaf(e).hex()


@dataclass(frozen=True)
class Break:
    """One thing wrong in a chain: which entry (or tree head), which check, what."""

    chain: str
    seq: int
    entry_id: int | None
    problem: str
    check: str = "hash"
    subject: str = "entry"

    def __str__(self) -> str:
        where = f"{self.subject} #{self.seq}" + (f" (id {self.entry_id})" if self.entry_id is not None else "")
        return f"chain {self.chain}, {where} failed the {self.check} check: {self.problem}"


@dataclass(frozen=True)
class StoredEntry:
    """An entry as stored or exported: its hashed content, its stored hash and signature."""

    entry_id: int | None
    data: EntryData
    hash: str
    signature: str | None = None


SignatureCheck = Callable[[str, "str | None"], bool]   # (entry hash, signature) -> valid?


@dataclass
class ChainCheck:
    """What `verify_chain` found: the entries read, the last hash, each entry's Merkle leaf
    (recomputed from its content) and every problem, first one first."""

    chain: str
    entries: int = 0
    head: str = GENESIS
    leaves: list[bytes] = field(default_factory=list)
    problems: list[Break] = field(default_factory=list)
    unsigned: int = 0

    @property
    def broken(self) -> Break | None:
        return self.problems[0] if self.problems else None


def _seq_problem(expected: int, seq: int) -> tuple[str, str] | None:
    if seq == expected:
        return None
    if seq > expected:
        missing = f"#{expected}" if seq == expected + 1 else f"#{expected}..#{seq - 1}"
        return "sequence", f"sequence jumps from {expected - 1} to {seq} (entries {missing} removed?)"
    return "sequence", f"sequence goes back from {expected - 1} to {seq} (entries reordered or repeated)"


def _entry_problems(e: StoredEntry, expected_seq: int, expected_prev: str, signed_before: bool,
                    signature_ok: SignatureCheck | None, signed_upto: int) -> list[tuple[str, str]]:
    d = e.data
    found = []
    if (seq := _seq_problem(expected_seq, d.seq)) is not None:
        found.append(seq)
    if d.prev_hash != expected_prev:
        found.append(("link", "does not link to the previous entry's hash"))
    if d.format not in FORMATS:
        return found + [("format", f"unknown entry format {d.format}")]
    if entry_digest(d) != e.hash:
        found.append(("hash", "content does not match its hash (altered)"))
    if d.format == 1 and signed_before:
        found.append(("format", "an unsigned format-1 entry after signed ones (forged or downgraded)"))
    if d.format >= 2 and signature_ok is not None and d.seq > signed_upto and not signature_ok(e.hash, e.signature):
        found.append(("signature", "signature missing or not made by the signing key (forged or re-hashed)"))
    return found


def verify_chain(chain: str, entries: Iterable[StoredEntry],
                 signature_ok: SignatureCheck | None = None, signed_upto: int = 0) -> ChainCheck:
    """Walk one chain's entries in seq order and report every problem (after a problem the walk
    resynchronises on the entry's own seq and hash, so one altered entry is one problem).

    `signed_upto`: skip the (slow) signature check of entries #1..#signed_upto, for a caller
    that also checks them against a signed tree head of that size (heads.check_heads), whose
    root covers their recomputed content."""
    result = ChainCheck(chain)
    expected_prev, expected_seq, signed = GENESIS, 1, False
    for e in entries:
        result.entries += 1
        for check, problem in _entry_problems(e, expected_seq, expected_prev, signed, signature_ok,
                                              signed_upto):
            result.problems.append(Break(chain, e.data.seq, e.entry_id, problem, check))
        signed = signed or e.data.format >= 2
        result.unsigned += e.data.format == 1
        result.leaves.append(leaf(e.data))
        expected_prev, expected_seq = e.hash, e.data.seq + 1
        result.head = e.hash
    return result
