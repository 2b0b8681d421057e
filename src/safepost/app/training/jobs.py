"""The training job, run by `safepost worker` (see safepost/app/worker.py): reminders 30 and 7
days before a required pass expires, and the notice when it lapses; under the Texas policy,
the same for a new hire's 90 days (see reminders.py)."""

from safepost.app.training.reminders import remind
from safepost.app.worker import Job


def training_reminders(worker_id: str) -> int:
    report = remind()
    return len(report.sent) + len(report.hires)


JOBS = [Job("training-reminders", training_reminders)]
