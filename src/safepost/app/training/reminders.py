"""Training reminders: TRAINING_DUE 30 and 7 days before a required module's pass expires, and
TRAINING_LAPSED when it has expired, each once per pass (the Reminder row's unique constraint
makes it so, whatever number of workers run at once). A pass replaced by a later one, a module
the member's role no longer needs, or a former member get nothing.

Under the Texas policy a new hire is reminded too, 30 and 7 days before the 90 days from joining
run out while a required module still waits for a pass, and once when they have run out
(HireReminder, once per membership and kind)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from safepost.app.accounts.models import Membership
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify
from safepost.app.training import rules
from safepost.app.training.models import (
    Completion,
    HireReminder,
    Reminder,
    TrainingSettings,
)

EVENTS = {"due30": Event.TRAINING_DUE, "due7": Event.TRAINING_DUE, "lapsed": Event.TRAINING_LAPSED}
REASONS = {"due30": "due_30_days", "due7": "due_7_days", "lapsed": "lapsed"}
HIRE_REASONS = {"due30": "new_hire_due_30_days", "due7": "new_hire_due_7_days", "lapsed": "new_hire_overdue"}


@dataclass
class RunReport:
    sent: list[tuple[int, str]] = field(default_factory=list)     # (completion id, kind)
    hires: list[tuple[int, str]] = field(default_factory=list)    # (membership id, kind): Texas new hires


def candidates(now: datetime):
    """Latest passes that expire within the widest reminder window (or have expired) and have
    not had their "lapsed" notice yet."""
    horizon = now + timedelta(days=max(rules.REMINDER_DAYS))
    newer = Completion.objects.filter(org=OuterRef("org"), user=OuterRef("user"), module_id=OuterRef("module_id"),
                                      passed=True, expires_at__gt=OuterRef("expires_at"))
    done = Reminder.objects.filter(completion=OuterRef("pk"), kind="lapsed")
    return (Completion.objects.filter(passed=True, expires_at__lte=horizon)
            .exclude(Exists(newer)).exclude(Exists(done))
            .select_related("org", "user").order_by("expires_at", "pk"))


def _send(c: Completion, kind: str) -> bool:
    """Record the reminder and notify in one transaction; False when another worker (or an
    earlier run) already did."""
    try:
        with transaction.atomic():
            Reminder.objects.create(completion=c, kind=kind)
            notify(c.org, EVENTS[kind], to=[c.user], link=f"/o/{c.org.slug}/training/m/{c.module_id}/",
                   obj=("completion", c.pk), reason=REASONS[kind])
    except IntegrityError:
        return False
    return True


def remind(now: datetime | None = None) -> RunReport:
    now = now or timezone.now()
    report = RunReport()
    roles: dict[tuple[int, int], str | None] = {}
    for c in candidates(now):
        kind = rules.reminder_due(c.expires_at, now)
        if kind is None:
            continue
        key = (c.org_id, c.user_id)
        if key not in roles:
            roles[key] = Membership.objects.filter(org_id=c.org_id, user_id=c.user_id).values_list("role", flat=True).first()
        if roles[key] is None or c.module_id not in rules.required_modules(roles[key]):
            continue
        if Reminder.objects.filter(completion=c, kind=kind).exists():
            continue
        if _send(c, kind):
            report.sent.append((c.pk, kind))
    report.hires = remind_new_hires(now)
    return report


def _hire_candidates(now: datetime):
    """Members of organizations under the Texas policy whose new-hire deadline is within the
    widest reminder window (or past) and who have not had the "overdue" notice yet."""
    texas = TrainingSettings.objects.filter(policy=rules.Policy.TEXAS.value).values("org_id")
    joined_before = now - timedelta(days=rules.TEXAS_HIRE_DAYS - max(rules.REMINDER_DAYS))
    done = HireReminder.objects.filter(org=OuterRef("org"), user=OuterRef("user"), joined=OuterRef("created"),
                                       kind="lapsed")
    return (Membership.objects.filter(org_id__in=texas, created__lte=joined_before, user__is_active=True)
            .exclude(Exists(done)).select_related("org", "user").order_by("created", "pk"))


def _current_passes(members: list[Membership], now: datetime) -> set[tuple[int, int, str]]:
    """(org, user, module) of every unexpired pass of these members: one query."""
    rows = Completion.objects.filter(org_id__in={m.org_id for m in members}, user_id__in={m.user_id for m in members},
                                     passed=True, expires_at__gt=now).values_list("org_id", "user_id", "module_id")
    return set(rows)


def _sent_already(members: list[Membership]) -> set[tuple[int, int, datetime, str]]:
    rows = HireReminder.objects.filter(org_id__in={m.org_id for m in members},
                                       user_id__in={m.user_id for m in members})
    return set(rows.values_list("org_id", "user_id", "joined", "kind"))


def remind_new_hires(now: datetime) -> list[tuple[int, str]]:
    """One reminder per due kind to each new hire with a required module still to pass."""
    members = list(_hire_candidates(now))
    passes, done = _current_passes(members, now), _sent_already(members)
    sent = []
    for m in members:
        kind = rules.reminder_due(rules.hire_deadline(rules.Policy.TEXAS, m.created), now)
        waiting = any((m.org_id, m.user_id, mid) not in passes for mid in rules.required_modules(m.role))
        if kind is None or not waiting or (m.org_id, m.user_id, m.created, kind) in done:
            continue
        try:
            with transaction.atomic():
                HireReminder.objects.create(org=m.org, user=m.user, joined=m.created, kind=kind)
                notify(m.org, EVENTS[kind], to=[m.user], link=f"/o/{m.org.slug}/training/",
                       obj=("membership", m.pk), reason=HIRE_REASONS[kind])
        except IntegrityError:      # another worker sent it first
            continue
        sent.append((m.pk, kind))
    return sent
