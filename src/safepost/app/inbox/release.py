"""A privacy officer releases a reply the check blocked: the same rules as a post's override
(lib/override.py: identifiers consent cannot cure are a hard stop, never the writer's own words,
a written reason the engine checks, the typed confirmation, the organization's two-person rule),
then the reply goes out through the connector as any reply does, and an incident is opened
(incidents/receivers.py, on `reply_released`).

    release_reply(who, reply, reason, confirm)   request (two-person rule) or release and send
    blocked_replies(item)                         the item's replies waiting for a release
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safepost.app.accounts.models import User
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.inbox.models import Item, Reply
from safepost.app.inbox.services import (
    NotAllowed,
    Refused,
    _deliver,
    _phi_labels,
    _scan,
)
from safepost.app.lib.override import (
    CONFIRM_WORD,
    ReleaseFacts,
    reason_has_phi,
    release_refusal,
    uncurable_names,
)
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify

BLOCKED = "blocked"


class ReleaseRefused(Refused):
    """The release rules refuse it (409 with `code`: uncurable_identifier, own_words, two_person,
    reason, confirm, not_blocked)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def blocked_replies(item: Item):
    return item.replies.filter(state=BLOCKED).select_related("author", "release_requested_by")


def _link(item: Item) -> str:
    return f"/o/{item.org.slug}/inbox/{item.pk}/"


def release_reply(who: Who, reply: Reply, reason: str, confirm: str, *, base_url: str = "") -> Reply:
    """Release a blocked reply. With the two-person rule (the organization's override setting,
    shared with posts) the first officer's release is a request and a second officer confirms
    it. Raises ReleaseRefused, NotAllowed, or SendFailed (released, but the platform failed: kept
    as failed, the incident is open all the same)."""
    from safepost.app.posts.services import two_person_override

    reason = (reason or "").strip()
    if who.actor_id is None:
        raise NotAllowed("Only a person can release a blocked reply.")
    item = reply.item
    labels = sorted(set(reply.labels) | set(_phi_labels(_scan(item, reply.body, base_url))))
    with transaction.atomic():
        row = Reply.objects.select_for_update().get(pk=reply.pk)
        if row.state != BLOCKED:
            raise ReleaseRefused("Only a blocked reply needs a release; this one is not blocked.", "not_blocked")
        two_person = two_person_override(item.org)
        requester = row.release_requested_by_id if two_person else None
        refusal = release_refusal(ReleaseFacts(
            noun="reply", officer_id=who.actor_id, reason=reason, author_id=row.author_id,
            uncurable=uncurable_names(labels), reason_has_phi=reason_has_phi(reason),
            confirmed=confirm.strip() == CONFIRM_WORD, requested_by=requester))
        if refusal is not None:
            raise ReleaseRefused(refusal.message, refusal.code)
        now = timezone.now()
        row.labels = labels
        meta = {"reply": row.pk, "fp": row.body_fp, "labels": labels[:20], "reason_fp": fingerprint(reason),
                "reason_chars": len(reason)}
        if two_person and requester is None:
            row.release_requested_by_id, row.release_requested_at, row.release_request_reason = who.actor_id, now, reason
            row.save(update_fields=["labels", "release_requested_by", "release_requested_at", "release_request_reason"])
            record(who, "inbox.reply_release_request", item, meta)
            notify(item.org, Event.OVERRIDE_REQUESTED, link=_link(item), obj=item, reason="blocked_reply",
                   roles=Event.OVERRIDE_REQUESTED.spec.roles, exclude=User(pk=who.actor_id))
            return row
        row.released_by_id, row.released_at, row.release_reason, row.state = who.actor_id, now, reason, "sending"
        row.save(update_fields=["labels", "released_by", "released_at", "release_reason", "state"])
        record(who, "inbox.reply_release", item, {**meta, "requested_by": requester})
    row.item = item
    return _deliver(who, item, row, released=True)
