"""The inbox's background job, run by `safepost worker` (see safepost/app/worker.py)."""

from safepost.app.inbox.services import pull_replies
from safepost.app.inbox.sla import flag_past_sla
from safepost.app.worker import Job

JOBS = [
    Job("pullreplies", pull_replies),   # new comments/replies/mentions from every active channel
    Job("inboxsla", flag_past_sla),     # open items past their first-response time: once each
]
