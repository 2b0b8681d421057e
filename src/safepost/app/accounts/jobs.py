"""The accounts job, run by `safepost worker` (see safepost/app/worker.py): forget sign-in
throttle rows that hold nothing back any more (throttle.purge), at most every ten minutes."""

import time

from django.utils import timezone

from safepost.app.accounts import throttle
from safepost.app.worker import Job

EVERY_SECONDS = 600
_last_run: list[float | None] = [None]     # None: not yet run by this process


def purge_login_throttle(worker_id: str) -> int:
    if _last_run[0] is not None and time.monotonic() - _last_run[0] < EVERY_SECONDS:
        return 0
    _last_run[0] = time.monotonic()
    return throttle.purge(timezone.now())


JOBS = [Job("loginthrottle-purge", purge_login_throttle)]
