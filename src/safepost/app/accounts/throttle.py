"""Sign-in throttle, stored in the database (issue 10): per (account, source), per account and
per source, with exponential back-off. The rules are in rules.throttle_*; this module reads
and writes `LoginThrottle` rows. Call inside the sign-in transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from safepost.app.accounts import rules
from safepost.app.accounts.models import LoginThrottle


@dataclass(frozen=True)
class Keys:
    account: str          # salted fingerprint of the e-mail address
    source: str           # client IP ("-" when unknown)

    @property
    def by_scope(self) -> dict[str, str]:
        return {"pair": f"{self.account}|{self.source}", "account": self.account, "source": self.source}


def keys(email_fp: str, ip: str | None) -> Keys:
    return Keys(account=email_fp, source=(ip or "-")[:60])


def _rows(k: Keys, lock: bool = False) -> dict[str, LoginThrottle]:
    qs = LoginThrottle.objects.filter(scope__in=("pair", "account", "source"))
    if lock:
        qs = qs.select_for_update()
    found = {(r.scope, r.key): r for r in qs.filter(key__in=list(k.by_scope.values()))}
    return {s: found[(s, key)] for s, key in k.by_scope.items() if (s, key) in found}


def blocked_scope(k: Keys, now: datetime) -> str | None:
    """The scope that holds this attempt back ("pair", "account", "source"), or None."""
    rows = _rows(k)
    trusted = "pair" in rows and rows["pair"].trusted
    for scope in ("pair", "account", "source"):
        row = rows.get(scope)
        if row is None or (scope == "account" and trusted):
            continue
        if rules.is_throttled(rules.Throttle(row.failures, row.blocked_until), now):
            return scope
    return None


def _get_or_create(scope: str, key: str) -> LoginThrottle:
    row = LoginThrottle.objects.select_for_update().filter(scope=scope, key=key).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return LoginThrottle.objects.create(scope=scope, key=key)
    except IntegrityError:  # created by a concurrent attempt
        return LoginThrottle.objects.select_for_update().get(scope=scope, key=key)


def record_failure(k: Keys, now: datetime) -> list[str]:
    """Count one failure in every scope; returns the scopes this failure started blocking."""
    started = []
    cap = settings.LOCKOUT_MINUTES * 60
    for scope, key in k.by_scope.items():
        row = _get_or_create(scope, key)
        old = rules.Throttle(row.failures, row.blocked_until)
        new = rules.throttle_after_failure(
            old, now, threshold=rules.throttle_threshold(scope, settings.LOCKOUT_FAILURES),
            base=settings.LOCKOUT_BASE_SECONDS, cap=cap)
        if rules.is_throttled(new, now) and not rules.is_throttled(old, now):
            started.append(scope)
        LoginThrottle.objects.filter(pk=row.pk).update(failures=new.failures, blocked_until=new.blocked_until,
                                                       updated=now)
    return started


def record_success(k: Keys) -> None:
    """The pair and the account start again from zero and the source becomes trusted for the
    account; the source's own count stays (one's own account must not wash a source clean)."""
    by_scope, now = k.by_scope, timezone.now()
    pair = _get_or_create("pair", by_scope["pair"])
    LoginThrottle.objects.filter(pk=pair.pk).update(failures=0, blocked_until=None, trusted=True, updated=now)
    LoginThrottle.objects.filter(scope="account", key=by_scope["account"]).update(failures=0, blocked_until=None,
                                                                                  updated=now)


FORGET_FAILURES_AFTER = timedelta(days=1)      # a count nobody added to for a day starts again
FORGET_TRUSTED_AFTER = timedelta(days=180)     # a source not used for half a year is new again


def purge(now: datetime) -> int:
    """Delete rows that no longer hold anything back; returns how many."""
    idle = Q(updated__lt=now - FORGET_FAILURES_AFTER, trusted=False) | Q(updated__lt=now - FORGET_TRUSTED_AFTER)
    not_blocking = Q(blocked_until__isnull=True) | Q(blocked_until__lt=now)
    deleted, _ = LoginThrottle.objects.filter(idle & not_blocking).delete()
    return deleted
