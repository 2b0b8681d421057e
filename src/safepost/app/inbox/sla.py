"""The first-response clock, watched: open items past `due_at` are recorded once each (audit
`inbox.sla_breach`; the audit log is the memory, so no column is needed), the community
managers are told (INBOX_SLA_BREACH) and `signals.item_past_sla` is sent."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who, record
from safepost.app.inbox.models import Item
from safepost.app.inbox.rules import State
from safepost.app.inbox.signals import item_past_sla
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify

SYSTEM_ACTOR = "system:inbox-sla"
BATCH = 200


def _already_flagged(item: Item) -> bool:
    return AuditEntry.objects.filter(org_id=item.org_id, action="inbox.sla_breach", object_type="inbox.item",
                                     object_id=str(item.pk)).exists()


def _unflagged(now: datetime) -> list[int]:
    """Open items past `due_at` not yet recorded, oldest first (at most BATCH). Items recorded
    earlier stay open and late; they are skipped here so they never hide newer ones."""
    late = list(Item.objects.filter(state=State.OPEN.value, due_at__lt=now).order_by("due_at", "id")
                .values_list("pk", flat=True))
    out: list[int] = []
    for start in range(0, len(late), 500):
        chunk = late[start:start + 500]
        flagged = set(AuditEntry.objects.filter(action="inbox.sla_breach", object_type="inbox.item",
                                                object_id__in=[str(pk) for pk in chunk]).values_list("object_id", flat=True))
        out += [pk for pk in chunk if str(pk) not in flagged]
        if len(out) >= BATCH:
            break
    return out[:BATCH]


def flag_past_sla(worker: str = "worker", now: datetime | None = None) -> int:
    """One slice of the `inboxsla` job: returns how many items were newly recorded as past their SLA."""
    now = now or timezone.now()
    flagged = 0
    for pk in _unflagged(now):
        with transaction.atomic():
            item = Item.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
            if item.state != State.OPEN.value or _already_flagged(item):
                continue
            who = Who(org=item.org, actor_id=None, actor=SYSTEM_ACTOR)
            hours = int((now - item.due_at).total_seconds() // 3600)
            record(who, "inbox.sla_breach", item, {"verdict": item.verdict, "hours_late": hours,
                                                   "hidden": item.hidden_at is not None})
            notify(item.org, Event.INBOX_SLA_BREACH, link=f"/o/{item.org.slug}/inbox/{item.pk}/", obj=item,
                   reason=item.verdict.lower())
            item_past_sla.send(sender=Item, item=item, who=who)
            flagged += 1
    return flagged
