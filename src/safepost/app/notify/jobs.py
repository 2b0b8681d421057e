"""E-mail for notifications, run by `safepost worker`: one job sends what is due now, one sends
each person's daily digest. A failed send is retried with back-off and, after the last attempt,
parked as `failed` with the error's class name (shown on the notifications page); nothing is
dropped and the notification stays in the bell either way.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from safepost.app.notify import mail
from safepost.app.notify.models import Notification
from safepost.app.notify.services import digest_due, mark_digest_sent
from safepost.app.worker import Job

M = Notification.Mail
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6
BATCH = 25


def backoff(attempts: int) -> timedelta:
    """1, 4, 16, 64, 256 minutes."""
    return timedelta(minutes=4 ** (attempts - 1))


def _due(state: str, now) -> Q:
    waiting = Q(mail=state) & (Q(mail_next_try__isnull=True) | Q(mail_next_try__lte=now))
    abandoned = Q(mail=M.SENDING, mail_lease_until__lt=now, mail_attempts__lt=MAX_ATTEMPTS)
    return waiting | abandoned if state == M.PENDING else waiting


def _claim(ids: list[int], state: str, worker: str, now) -> list[int]:
    mine = []
    for pk in ids:
        if Notification.objects.filter(pk=pk).filter(_due(state, now)).update(
                mail=M.SENDING, mail_lease_until=now + LEASE, mail_worker=worker):
            mine.append(pk)
    return mine


def _finish(ids: list[int], worker: str, error: Exception | None, retry_state: str) -> None:
    now = timezone.now()
    rows = Notification.objects.filter(pk__in=ids, mail=M.SENDING, mail_worker=worker)
    if error is None:
        rows.update(mail=M.SENT, mailed_at=now, mail_error="", mail_lease_until=None)
        return
    for n in rows:
        n.mail_attempts += 1
        n.mail_error = type(error).__name__[:80]
        n.mail_lease_until = None
        if n.mail_attempts >= MAX_ATTEMPTS:
            n.mail = M.FAILED
        else:
            n.mail, n.mail_next_try = retry_state, now + backoff(n.mail_attempts)
        n.save(update_fields=["mail", "mail_attempts", "mail_error", "mail_lease_until", "mail_next_try"])


def send_now(worker: str) -> int:
    now = timezone.now()
    ids = list(Notification.objects.filter(_due(M.PENDING, now)).order_by("pk").values_list("pk", flat=True)[:BATCH])
    handled = 0
    for pk in _claim(ids, M.PENDING, worker, now):
        n = Notification.objects.select_related("org", "recipient").get(pk=pk)
        try:
            mail.connection().send_messages([mail.one(n)])
        except Exception as e:          # SMTP refused, connection lost, …: retry later
            _finish([pk], worker, e, M.PENDING)
        else:
            _finish([pk], worker, None, M.PENDING)
        handled += 1
    return handled


def send_digests(worker: str) -> int:
    now = timezone.now()
    if now.hour < settings.SAFEPOST_DIGEST_HOUR:
        return 0
    today = now.date()
    rows = Notification.objects.filter(_due(M.DIGEST, now), created_at__lt=now).order_by("pk")
    people: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, org_id, user_id in rows.values_list("pk", "org_id", "recipient_id")[:500]:
        people[(org_id, user_id)].append(pk)
    handled = 0
    for ids in people.values():
        first = Notification.objects.select_related("org", "recipient").get(pk=ids[0])
        if not digest_due(first.org, first.recipient, today):
            continue
        mine = _claim(ids, M.DIGEST, worker, now)
        if not mine:
            continue
        items = list(Notification.objects.select_related("org", "recipient").filter(pk__in=mine).order_by("created_at"))
        try:
            mail.connection().send_messages([mail.digest(items)])
        except Exception as e:
            _finish(mine, worker, e, M.DIGEST)
        else:
            _finish(mine, worker, None, M.DIGEST)
            mark_digest_sent(first.org, first.recipient, today)
        handled += len(mine)
    return handled


JOBS = [
    Job("notifymail", send_now),       # notifications whose e-mail goes out at once
    Job("notifydigest", send_digests),  # one digest a day per person, after SAFEPOST_DIGEST_HOUR (UTC)
]
