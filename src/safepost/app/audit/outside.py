"""Checking an audit export with the public key alone: no database, no Django, no service.

An export (`safepost audit export`) is JSON lines: one header, then the chain's entries in
order, then its signed tree heads (each after the first with a consistency proof from the one
before). `check_export` recomputes every entry hash, the chain links and sequence, every entry
signature, the Merkle root of every head, each head's signature and the consistency proofs, and
optionally checks heads kept elsewhere (a witness directory) against the export too.
Used by `safepost-admin audit verify` (safepost/admin.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from safepost.app.audit import heads, rules, signing

EXPORT_TYPE = "safepost-audit-export"
EXPORT_VERSION = 1
ENTRY_FIELDS = {"chain": str, "seq": int, "created": str, "actor": str, "action": str, "object_type": str,
                "object_id": str, "prev_hash": str, "hash": str, "format": int}


@dataclass
class ExportCheck:
    chain: str = ""
    entries: int = 0
    heads: int = 0
    unsigned: int = 0
    root: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ExportFormatError(ValueError):
    """A line of the export is not what an export line must be (names the line and the field)."""


def _created(text: str) -> datetime:
    dt = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    if rules.timestamp(dt) != text:
        raise ValueError(text)
    return dt


def entry_from_json(obj: dict, line: int) -> rules.StoredEntry:
    for name, kind in ENTRY_FIELDS.items():
        value = obj.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ExportFormatError(f"line {line}: entry field {name!r} is missing or not a {kind.__name__}")
    if not isinstance(obj.get("meta"), dict):
        raise ExportFormatError(f"line {line}: entry field 'meta' must be an object")
    try:
        created = _created(obj["created"])
    except ValueError:
        raise ExportFormatError(f"line {line}: entry field 'created' is not a time like "
                                f"2026-01-31T12:00:00.000000Z") from None
    data = rules.EntryData(
        chain=obj["chain"], seq=obj["seq"], created=created, actor_id=obj.get("actor_id"), actor=obj["actor"],
        action=obj["action"], object_type=obj["object_type"], object_id=obj["object_id"], ip=obj.get("ip"),
        meta=obj["meta"], prev_hash=obj["prev_hash"], org_id=obj.get("org_id"), format=obj["format"])
    return rules.StoredEntry(None, data, obj["hash"], obj.get("signature"))


@dataclass
class Export:
    header: dict
    entries: list[rules.StoredEntry]
    heads: list[heads.Head]


def read_export(lines: Iterable[str]) -> Export:
    """Parse an export; raises ExportFormatError naming the first malformed line."""
    header: dict | None = None
    entries: list[rules.StoredEntry] = []
    found: list[heads.Head] = []
    for n, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            raise ExportFormatError(f"line {n}: not JSON (the file was cut or edited by hand?)") from None
        kind = obj.get("type") if isinstance(obj, dict) else None
        if header is None:
            if kind != EXPORT_TYPE:
                raise ExportFormatError(f"line {n}: not a SafePost audit export (its first line must be the "
                                        f"{EXPORT_TYPE!r} header)")
            header = obj
        elif kind == "entry":
            entries.append(entry_from_json(obj, n))
        elif kind == "head":
            try:
                found.append(heads.head_from_json(obj))
            except heads.HeadFormatError as e:
                raise ExportFormatError(f"line {n}: {e}") from None
        else:
            raise ExportFormatError(f"line {n}: expected a line of type 'entry' or 'head', not {kind!r}")
    if header is None:
        raise ExportFormatError("the file is empty: not a SafePost audit export")
    if header.get("version") != EXPORT_VERSION:
        raise ExportFormatError(f"line 1: export version {header.get('version')!r}; this verifier reads "
                                f"version {EXPORT_VERSION}")
    return Export(header, entries, found)


def read_witness_heads(directory: Path, chain: str | None = None) -> list[heads.Head]:
    """The heads among the *.json files of a witness directory (only `chain`'s when given)."""
    out = []
    for path in sorted(directory.glob("*.json")):
        try:
            head = heads.head_from_json(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, RecursionError, heads.HeadFormatError) as e:
            raise ExportFormatError(f"witness file {path.name}: {e}") from None
        if chain is None or head.chain == chain:
            out.append(head)
    return out


def witness_problems(chain: str, leaves: list[bytes], witness: list[heads.Head],
                     check_head: heads.HeadSignatureCheck) -> list[rules.Break]:
    return [replace_subject(b, "witness head of size") for b in heads.check_heads(chain, leaves, witness, check_head)]


def _header_problems(export: Export, key: Ed25519PublicKey) -> list[str]:
    h, problems = export.header, []
    if h.get("public_key_fingerprint") != signing.fingerprint(key):
        problems.append(f"header: the export says it was signed by {h.get('public_key_fingerprint')}, "
                        f"the public key given is {signing.fingerprint(key)}")
    for what, have in (("entries", len(export.entries)), ("heads", len(export.heads))):
        if h.get(what) != have:
            problems.append(f"header: the export says it holds {h.get(what)} {what}, the file holds {have} "
                            f"(lines removed or added)")
    if not export.heads:
        problems.append("no signed tree head in the export: entries removed from the end could not be noticed")
    return problems


def check_export(export: Export, key: Ed25519PublicKey, witness: list[heads.Head] | None = None) -> ExportCheck:
    chain = str(export.header.get("chain", ""))
    result = ExportCheck(chain=chain, entries=len(export.entries), heads=len(export.heads))
    result.problems += _header_problems(export, key)
    for e in export.entries:
        if e.data.chain != chain:
            result.problems.append(f"chain {chain}, entry #{e.data.seq} belongs to chain {e.data.chain}")
    walked = rules.verify_chain(chain, export.entries,
                                lambda h, s: signing.entry_signature_ok(key, h, s))
    result.unsigned = walked.unsigned
    check_head = lambda head: signing.head_signature_ok(key, head)  # noqa: E731
    found = walked.problems + heads.check_heads(chain, walked.leaves, export.heads, check_head, with_proofs=True)
    if witness:
        found += witness_problems(chain, walked.leaves, witness, check_head)
    result.problems += [str(b) for b in found]
    if export.heads:
        result.root = max(export.heads, key=lambda h: h.size).root
    return result


def replace_subject(b: rules.Break, subject: str) -> rules.Break:
    return rules.Break(b.chain, b.seq, b.entry_id, b.problem, b.check, subject)


def check_file(f: IO[str], key: Ed25519PublicKey, witness_dir: Path | None = None) -> ExportCheck:
    export = read_export(f)
    witness = read_witness_heads(witness_dir, str(export.header.get("chain", ""))) if witness_dir else None
    return check_export(export, key, witness)
