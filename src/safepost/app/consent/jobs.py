"""The consent registry's background job, run by `safepost worker` (see safepost/app/worker.py):
expire authorizations whose date has passed (sends `consent_revoked`, reason "expired") and
record the 30-day expiry reminders. Safe with any number of workers (row locks, re-checks)."""

from safepost.app.consent.services import expire_and_remind
from safepost.app.worker import Job


def consent_expiry(worker_id: str) -> int:
    report = expire_and_remind()
    return len(report.expired) + len(report.reminded)


JOBS = [Job("consent-expiry", consent_expiry)]
