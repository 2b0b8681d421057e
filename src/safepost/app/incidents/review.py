"""The post-incident review and its corrective actions.

    save_review(who, incident, what_happened, root_cause, new_actions) -> Review
    complete_action(who, action) -> CorrectiveAction
    remind_actions(now) -> [(action id, days before)]     the worker job `incident-actions`

A breach incident (decision 'notify') closes only with its review (rules.review_close_problems,
checked by services.close). The review's text is encrypted and never audited: the audit log gets
the root-cause code, counts, ids, dates and a fingerprint.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from safepost.app.accounts.models import Membership
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.incidents import rules
from safepost.app.incidents.models import CorrectiveAction, Incident, Review
from safepost.app.incidents.services import IncidentError
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify


class ReviewError(IncidentError):
    """A refused review step; `problems` name each field to fix."""


def _link(i: Incident) -> str:
    return f"/o/{i.org.slug}/incidents/{i.pk}/#review"


def save_review(who: Who, incident: Incident, what_happened: str, root_cause: str,
                new_actions: list[rules.ActionDraft]) -> Review:
    """Record (or correct) the review and add corrective actions; each owner must be an active
    member of the organization."""
    today = timezone.localdate()
    problems = rules.review_problems(what_happened, root_cause, new_actions, incident.actions.count(), today)
    members = set(Membership.objects.filter(org=incident.org, user__is_active=True).values_list("user_id", flat=True))
    problems += [f"actions: the owner of corrective action {n} is not an active member of this organization"
                 for n, a in enumerate(new_actions, 1) if a.owner_id is not None and a.owner_id not in members]
    if problems:
        raise ReviewError(problems)
    with transaction.atomic():
        i = Incident.objects.select_for_update().get(pk=incident.pk)
        if i.state == "closed":
            raise ReviewError(f"{i.ref} is closed; its review can no longer change")
        review, _ = Review.objects.update_or_create(incident=i, defaults={
            "what_happened": what_happened.strip(), "root_cause": root_cause, "recorded_by_actor": who.actor[:254]})
        made = [CorrectiveAction.objects.create(incident=i, description=a.description.strip(), owner_id=a.owner_id,
                                                due_on=a.due_on) for a in new_actions]
        record(who, "incident.review", i, {"root_cause": root_cause, "what_happened": fingerprint(what_happened.strip()),
                                           "actions_added": [a.pk for a in made][:20],
                                           "due": sorted({a.due_on.isoformat() for a in made})[:20]})
    return review


def complete_action(who: Who, action: CorrectiveAction) -> CorrectiveAction:
    with transaction.atomic():
        a = CorrectiveAction.objects.select_for_update(of=("self", "incident")).select_related("incident").get(pk=action.pk)
        if a.done_at is not None:
            raise ReviewError("the corrective action is already done")
        a.done_at, a.done_by_actor = timezone.now(), who.actor[:254]
        a.save(update_fields=["done_at", "done_by_actor"])
        record(who, "incident.action_done", a.incident, {"action": a.pk, "due": a.due_on.isoformat(),
                                                         "late": timezone.localdate() > a.due_on})
    return a


def remind_actions(now: datetime | None = None) -> list[tuple[int, int]]:
    """INCIDENT_ACTION_DUE to the owner 7 days and 1 day before each open action's due date, once
    each (safe from any number of workers: the row is locked and re-read)."""
    day = timezone.localtime(now or timezone.now()).date()
    horizon = day + timedelta(days=max(rules.ACTION_REMINDER_DAYS))
    sent = []
    due = CorrectiveAction.objects.filter(done_at=None, due_on__gte=day, due_on__lte=horizon)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            a = CorrectiveAction.objects.select_for_update(of=("self", "incident")).select_related("incident", "incident__org", "owner").get(pk=pk)
            days = rules.reminder_due(a.due_on, day, set(a.reminders_sent), rules.ACTION_REMINDER_DAYS)
            if a.done_at is not None or days is None:
                continue
            a.reminders_sent = sorted({*a.reminders_sent, days})
            a.save(update_fields=["reminders_sent"])
            i = a.incident
            record(Who(org=i.org, actor_id=None, actor="system:incidents"), "incident.action_reminder", i,
                   {"action": a.pk, "due": a.due_on.isoformat(), "threshold": days})
            notify(i.org, Event.INCIDENT_ACTION_DUE, to=[a.owner], link=_link(i), obj=i, reason=f"action_{days}d")
            sent.append((pk, days))
    return sent

