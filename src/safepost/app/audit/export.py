"""`safepost audit export`: one organization's chain as JSON lines an outsider can check with the
public key alone (outside.py, `safepost-admin audit verify`).

    line 1     {"type": "safepost-audit-export", "version": 1, "chain", "org_id", "org",
                "exported", "public_key_fingerprint", "entries": N, "heads": K}
    N lines    {"type": "entry", every hashed field, "hash", "signature"}      in seq order
    K lines    {"type": "head", "chain", "org_id", "size", "root", "created", "signature",
                "key_fingerprint", "consistency": [hex, …]}   by size; the proof from the previous head

The export is recorded (`audit.export`) and a tree head is signed first, so the file ends with a
head covering every entry in it. Entries hold no PHI (meta never does: rules.check_meta); they
do name the workforce members who acted and their addresses, so the file is written 0600.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from django.db.models import Max
from django.utils import timezone

from safepost.app.accounts.models import Organization
from safepost.app.audit import merkle, outside, rules, signing
from safepost.app.audit.models import AuditEntry, TreeHead
from safepost.app.audit.services import Who, public_key, record
from safepost.app.audit.treeheads import sign_chain


def entry_json(e: AuditEntry) -> dict:
    d = e.data()
    return {"type": "entry", "format": d.format, "chain": d.chain, "seq": d.seq, "org_id": d.org_id,
            "created": rules.timestamp(d.created), "actor_id": d.actor_id, "actor": d.actor, "action": d.action,
            "object_type": d.object_type, "object_id": d.object_id, "ip": d.ip, "meta": dict(d.meta),
            "prev_hash": d.prev_hash, "hash": e.hash, "signature": e.signature}


def export_lines(org: Organization) -> Iterator[str]:
    """The export of `org`'s chain as it stood when called: entries and heads up to the last
    entry then present, so entries and heads added meanwhile do not make it inconsistent."""
    chain = rules.chain_for(org.pk)
    size = AuditEntry.objects.filter(chain=chain).aggregate(n=Max("seq"))["n"] or 0
    entries = AuditEntry.objects.filter(chain=chain, seq__lte=size).order_by("seq")
    signed = [h.head() for h in TreeHead.objects.filter(chain=chain, size__lte=size).order_by("size")]
    header = {"type": outside.EXPORT_TYPE, "version": outside.EXPORT_VERSION, "chain": chain, "org_id": org.pk,
              "org": org.slug, "exported": rules.timestamp(timezone.now()),
              "public_key_fingerprint": signing.fingerprint(public_key()), "entries": entries.count(),
              "heads": len(signed)}
    yield _line(header)
    leaves = []
    for e in entries.iterator(chunk_size=2000):
        leaves.append(rules.leaf(e.data()))
        yield _line(entry_json(e))
    prev = None
    for h in signed:
        obj = {"type": "head", **h.to_json()}
        if prev is not None and prev.size < h.size <= len(leaves):
            obj["consistency"] = [p.hex() for p in merkle.consistency_proof(leaves[:h.size], prev.size)]
        prev = h
        yield _line(obj)


def _line(obj: dict) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"


def export(org: Organization, out: Path) -> tuple[int, str | None]:
    """Record the export, sign a head over everything, write the file. Returns (entries, problem
    that kept a head from being signed, or None)."""
    record(Who.cli(org), "audit.export", meta={"format": "jsonl"})
    problem = sign_chain(rules.chain_for(org.pk)).problem
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.writelines(export_lines(org))
    return AuditEntry.objects.filter(chain=rules.chain_for(org.pk)).count(), problem
