"""The incidents' background jobs, run by `safepost worker` (see safepost/app/worker.py):
deadline reminders (30/14/7/1 days before each due date, once each) and the escalation of
incidents nobody acknowledged within 24 hours, and reminders to the owners of corrective actions
(7 days and 1 day before). Idempotent and safe with any number of workers."""

from safepost.app.incidents.review import remind_actions
from safepost.app.incidents.services import escalate_unacknowledged, remind_deadlines
from safepost.app.worker import Job


def incident_deadlines(worker_id: str) -> int:
    return len(remind_deadlines())


def incident_escalation(worker_id: str) -> int:
    return len(escalate_unacknowledged())


def incident_actions(worker_id: str) -> int:
    return len(remind_actions())


JOBS = [Job("incident-deadlines", incident_deadlines), Job("incident-escalation", incident_escalation),
        Job("incident-actions", incident_actions)]
