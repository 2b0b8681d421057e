"""The inbox's background job, run by `safepost worker` (see safepost/app/worker.py)."""

from safepost.app.inbox.services import pull_replies
from safepost.app.worker import Job

JOBS = [
    Job("pullreplies", pull_replies),   # new comments/replies/mentions from every active channel
]
