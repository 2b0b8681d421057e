"""The notification service every feature calls.

    from safepost.app.notify.events import Event
    from safepost.app.notify.services import notify

    with transaction.atomic():
        incident.save()
        notify(incident.org, Event.INCIDENT_OPENED, link=f"/o/{org.slug}/incidents/{incident.pk}/",
               obj=incident, reason="override_published")              # the event's default roles
        notify(org, Event.INCIDENT_ASSIGNED, to=[person], link=...)     # named people

Call it inside the same transaction as the change: the notification exists exactly when the
change does. E-mail goes out from the worker (jobs.py), so an SMTP failure never loses the
notification and never fails the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models, transaction
from django.utils import timezone

from safepost.app.accounts.models import Membership, Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.notify.events import (
    EVENTS,
    Email,
    Event,
    link_problem,
    reason_problem,
)
from safepost.app.notify.models import DigestMark, Notification, Preference


class NotifyError(ValueError):
    """A caller passed something a notification may not carry."""


def recipients(org: Organization, to: Iterable[User] | None, roles: Iterable[Role] | None,
               event: Event) -> list[User]:
    """Active members of `org`: the people named, plus the members holding `roles` (the event's
    default roles when neither is given). People who are not members are left out."""
    ids = {u.pk for u in to or ()}
    wanted = set(roles) if roles is not None else (set() if to else set(EVENTS[event].roles))
    members = Membership.objects.filter(org=org, user__is_active=True).select_related("user")
    return [m.user for m in members if m.user_id in ids or Role(m.role) in wanted]


def choice(org: Organization, user: User, event: Event) -> tuple[bool, Email]:
    """(shown in the app, e-mail choice) for this person and event."""
    pref = Preference.objects.filter(org=org, user=user, event=event.value).first()
    if pref is None:
        return True, EVENTS[event].email
    return pref.in_app, Email(pref.email)


def notify(org: Organization, event: Event, *, link: str, to: Iterable[User] | None = None,
           roles: Iterable[Role] | None = None, obj: models.Model | tuple[str, int] | None = None,
           reason: str = "", exclude: User | None = None) -> list[Notification]:
    """Tell people about `event`. Returns the notifications made (none when nobody qualifies)."""
    event = Event(event)
    if problem := reason_problem(reason) or link_problem(link):
        raise NotifyError(problem)
    object_type, object_id = _ref(obj)
    made = []
    with transaction.atomic():
        for user in recipients(org, to, roles, event):
            if exclude is not None and user.pk == exclude.pk:
                continue
            in_app, email = choice(org, user, event)
            mail = {Email.NOW: Notification.Mail.PENDING, Email.DIGEST: Notification.Mail.DIGEST,
                    Email.OFF: Notification.Mail.NONE}[email]
            if not in_app and mail == Notification.Mail.NONE:
                continue
            made.append(Notification.objects.create(
                org=org, recipient=user, event=event.value, reason=reason, link=link,
                object_type=object_type, object_id=object_id, shown_in_app=in_app, mail=mail))
    return made


def _ref(obj) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    if isinstance(obj, tuple):
        return obj[0], int(obj[1])
    return obj._meta.model_name, obj.pk


# -- the bell ---------------------------------------------------------------------------------
def inbox_for(user: User, org: Organization):
    return Notification.objects.filter(recipient=user, org=org, shown_in_app=True)


def unread_count(user: User, org: Organization) -> int:
    return inbox_for(user, org).filter(read_at__isnull=True).count()


def mark_read(user: User, org: Organization, notification_id: int | None = None) -> int:
    """Mark one notification (or all, when None) read. Returns how many changed."""
    rows = inbox_for(user, org).filter(read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())


def set_choice(org: Organization, user: User, event: Event, *, in_app: bool, email: Email) -> None:
    Preference.objects.update_or_create(org=org, user=user, event=Event(event).value,
                                        defaults={"in_app": in_app, "email": Email(email).value})


def choices(org: Organization, user: User) -> list[tuple[Event, bool, Email]]:
    saved = {p.event: p for p in Preference.objects.filter(org=org, user=user)}
    out = []
    for event in Event:
        p = saved.get(event.value)
        out.append((event, p.in_app, Email(p.email)) if p else (event, True, EVENTS[event].email))
    return out


# -- digests ----------------------------------------------------------------------------------
def digest_due(org: Organization, user: User, today: date) -> bool:
    mark = DigestMark.objects.filter(org=org, user=user).first()
    return mark is None or mark.sent_on < today


def mark_digest_sent(org: Organization, user: User, today: date) -> None:
    DigestMark.objects.update_or_create(org=org, user=user, defaults={"sent_on": today})
