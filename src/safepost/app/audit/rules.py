"""The audit log's pure parts: what an entry may contain, and how entries are chained.

No Django import. `entry_digest` is the single definition of an entry's hash; `verify_chain`
walks one chain. Both are used by services.py and by `safepost audit verify`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

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


def entry_digest(e: EntryData) -> str:
    canonical = json.dumps({
        "chain": e.chain, "seq": e.seq, "created": timestamp(e.created), "actor_id": e.actor_id,
        "actor": e.actor, "action": e.action, "object_type": e.object_type,
        "object_id": e.object_id, "ip": e.ip, "meta": dict(e.meta), "prev_hash": e.prev_hash,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first entry at which a chain stops verifying."""

    chain: str
    seq: int
    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        return f"chain {self.chain}, entry #{self.seq} (id {self.entry_id}): {self.problem}"


def verify_chain(chain: str, entries: Iterable[tuple[int, EntryData, str]]) -> tuple[int, str, Break | None]:
    """Walk one chain's (id, data, stored hash) in seq order.

    Returns (entries checked, head hash, first break or None)."""
    expected_prev, expected_seq, n = GENESIS, 1, 0
    for entry_id, data, stored_hash in entries:
        n += 1
        if data.seq != expected_seq:
            return n, expected_prev, Break(chain, data.seq, entry_id,
                                           f"sequence jumps from {expected_seq - 1} to {data.seq} (entries removed?)")
        if data.prev_hash != expected_prev:
            return n, expected_prev, Break(chain, data.seq, entry_id, "does not link to the previous entry's hash")
        if entry_digest(data) != stored_hash:
            return n, expected_prev, Break(chain, data.seq, entry_id, "content does not match its hash (altered)")
        expected_prev, expected_seq = stored_hash, expected_seq + 1
    return n, expected_prev, None
