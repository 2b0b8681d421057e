"""Signing tree heads (heads.py) for the audit chains.

`sign_chain(chain)` verifies the chain (entries and earlier heads) and, when it grew since its
last head, signs a new one. The worker job `auditsign` (jobs.py) does it for every chain that
grew, at most every SAFEPOST_AUDIT_SIGN_MINUTES; `safepost audit sign` does it now. A chain that
does not verify is never signed over: the head would vouch for the tampering.

Each new head is also written to SAFEPOST_AUDIT_WITNESS_DIR (when set) as
`<chain>-<size>.json`, once the transaction has committed: a copy the database administrator
cannot rewrite, which `safepost-admin audit verify --witness DIR` checks an export against.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from safepost.app.audit import heads, merkle, rules, signing
from safepost.app.audit.models import AuditEntry, TreeHead
from safepost.app.audit.services import head_check, public_key, signature_check, signing_key

log = logging.getLogger("safepost.audit")


@dataclass(frozen=True)
class Signed:
    chain: str
    head: TreeHead | None       # the chain's newest head (None: none could be signed)
    new: bool = False
    problem: str | None = None  # why no head was signed


def chains_due(now: datetime, interval: timedelta) -> list[str]:
    """Chains with entries beyond their newest head, whose newest head is older than `interval`."""
    sizes = dict(AuditEntry.objects.values("chain").annotate(n=Max("seq")).values_list("chain", "n"))
    last = {c: (size, created) for c, size, created in
            TreeHead.objects.values("chain").annotate(s=Max("size"), t=Max("created")).values_list("chain", "s", "t")}
    due = [c for c, n in sizes.items()
           if c not in last or (n > last[c][0] and last[c][1] <= now - interval)]
    return sorted(due)


def sign_chain(chain: str) -> Signed:
    """Verify `chain` and sign a head over it if it grew. Takes no lock: entries are committed in
    seq order (record() holds the chain's lock), so what is read is always a complete prefix,
    and writers are never kept waiting while a long chain is verified."""
    old = list(TreeHead.objects.filter(chain=chain))            # before the entries, so none is beyond them
    rows = list(AuditEntry.objects.filter(chain=chain).order_by("seq"))
    if not rows:
        return Signed(chain, None, problem="the chain has no entries")
    latest = max(old, key=lambda h: h.size, default=None)
    upto = latest.size if latest is not None else 0      # covered by that head's root (checked below)
    check = rules.verify_chain(chain, (e.stored() for e in rows), signature_check(public_key()), upto)
    problems = check.problems + heads.check_heads(chain, check.leaves, [h.head() for h in old], head_check())
    if problems:
        log.warning("audit chain %s does not verify (%d problems); no tree head signed", chain, len(problems))
        return Signed(chain, None, problem=f"not signed: {problems[0]}")
    if latest is not None and latest.size == check.entries:
        return Signed(chain, latest)
    now = timezone.now()
    head = heads.Head(chain=chain, org_id=rows[-1].org_id, size=check.entries, root=merkle.root(check.leaves).hex(),
                      created=rules.timestamp(now), key_fingerprint=signing.fingerprint(public_key()))
    head = replace(head, signature=signing.sign_head(signing_key(), head))
    try:
        with transaction.atomic():
            row = TreeHead.objects.create(chain=chain, org_id=head.org_id, size=head.size, root_hash=head.root,
                                          created=now, key_fingerprint=head.key_fingerprint,
                                          signature=head.signature)
            if settings.AUDIT_WITNESS_DIR:
                transaction.on_commit(lambda: write_witness(head, Path(settings.AUDIT_WITNESS_DIR)))
    except IntegrityError:                                  # another signer was quicker: same size
        return Signed(chain, TreeHead.objects.get(chain=chain, size=head.size))
    return Signed(chain, row, new=True)


def witness_name(head: heads.Head) -> str:
    return f"{head.chain.replace(':', '-')}-{head.size:012d}.json"


def write_witness(head: heads.Head, directory: Path) -> Path | None:
    """Write the head as JSON (never overwriting). Failure is logged, not raised: the head is
    in the database, and `safepost check`-style monitoring should notice the gap."""
    path = directory / witness_name(head)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(head.to_json(), f, sort_keys=True)
            f.write("\n")
    except OSError as e:
        log.warning("cannot write audit tree head %s to the witness directory (%s)", witness_name(head),
                    type(e).__name__)
        return None
    return path
