"""The posts app's background jobs, run by `safepost worker` (see safepost/app/worker.py)."""

from safepost.app.posts.mediascan import scan_due
from safepost.app.posts.publishing import publish_due, takedown_due
from safepost.app.worker import Job

JOBS = [
    Job("publish", publish_due),      # scheduled posts whose time has come, and retries
    Job("takedown", takedown_due),    # published posts whose consent was revoked or expired
    Job("mediascan", scan_due),       # videos on posts: keyframes checked (seconds each), verdict merged
]
