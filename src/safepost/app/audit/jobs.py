"""`auditsign`: sign a tree head of every audit chain that grew, every SAFEPOST_AUDIT_SIGN_MINUTES."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.treeheads import chains_due, sign_chain
from safepost.app.worker import Job


_refused: dict[tuple[str, str], float] = {}   # (chain, its last hash) -> when found broken here


def _last_hash(chain: str) -> str:
    return AuditEntry.objects.filter(chain=chain).order_by("-seq").values_list("hash", flat=True).first() or ""


def sign_due_heads(worker_id: str) -> int:
    """Sign the due chains. A chain found broken is retried once per interval, not on every poll
    (verifying a long chain is slow; the warning is logged each time)."""
    interval = timedelta(minutes=settings.AUDIT_SIGN_MINUTES)
    now, signed = time.monotonic(), 0
    for chain in chains_due(timezone.now(), interval):
        state = (chain, _last_hash(chain))
        if now - _refused.get(state, -1e18) < interval.total_seconds():
            continue
        s = sign_chain(chain)
        if s.head is None:
            _refused[state] = now
        signed += s.new
    return signed


JOBS = [Job("auditsign", sign_due_heads)]
