"""Containment: what of ours the incident involves on the platforms, and taking it down.

    track(who, incident) -> list[Exposure]      find the published posts and sent replies (idempotent)
    take_down(who, exposure) -> Exposure         the connector's delete, worker-safe, audited
    take_down_all(who, incident) -> dict         track, then take down everything still up
    mark_removed_by_hand(who, exposure)          a platform without delete: staff did it, audited

The claim follows posts/publishing.py: a conditional UPDATE (state, lease) that commits before
the platform is called, and the result is written only if the claim is still ours, so a request
and a worker (or two clicks) never delete twice. A post the platform no longer has is already
what we wanted (`gone_is_fine`). The platform's error is kept on the row and shown; the audit
log gets codes and ids only.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from safepost.app.audit.services import Who, record
from safepost.app.channels import services as channel_services
from safepost.app.incidents import rules
from safepost.app.incidents.models import Exposure, Incident
from safepost.connectors import ConnectorError, RemotePost
from safepost.connectors.base import gone_is_fine


class ContainmentError(ValueError):
    """A refused containment step; the message says what to do instead."""


def _targets(incident: Incident) -> list[dict]:
    """What of ours is (or was) on a platform for the incident's source."""
    from safepost.app.inbox.models import Reply
    from safepost.app.posts.models import Delivery

    org, kind, pk = incident.org_id, incident.source_kind, incident.source_id
    deliveries = Delivery.objects.none()
    replies = Reply.objects.none()
    if kind == "post":
        deliveries = Delivery.objects.filter(org_id=org, post_id=pk)
    elif kind == "consent":
        deliveries = Delivery.objects.filter(org_id=org, post__consent_id=pk)
    elif kind == "inbox_item":
        replies = Reply.objects.filter(org_id=org, item_id=pk)
    out = [{"kind": "post", "ref_id": d.pk, "post_id": d.post_id, "channel_id": d.channel_id}
           for d in deliveries.filter(state="published")]
    out += [{"kind": "reply", "ref_id": r.pk, "item_id": r.item_id, "channel_id": r.item.channel_id}
            for r in replies.filter(state="sent").exclude(remote=None).select_related("item")]
    return out


def track(who: Who, incident: Incident) -> list[Exposure]:
    """Record the published posts and sent replies the incident involves (once each)."""
    with transaction.atomic():
        added = []
        for t in _targets(incident):
            e, created = Exposure.objects.get_or_create(incident=incident, kind=t["kind"], ref_id=t["ref_id"], defaults=t)
            if created:
                added.append(e)
        if added:
            record(who, "incident.containment_track", incident, {
                "exposures": [e.pk for e in added][:20], "posts": sum(e.kind == "post" for e in added),
                "replies": sum(e.kind == "reply" for e in added)})
    return list(incident.exposures.all())


def _remote(e: Exposure) -> RemotePost | None:
    from safepost.app.inbox.models import Reply
    from safepost.app.posts.models import Delivery

    model = Delivery if e.kind == "post" else Reply
    row = model.objects.filter(pk=e.ref_id).first()
    return RemotePost.from_dict(row.remote) if row is not None and row.remote else None


def _claim(e: Exposure, worker: str) -> bool:
    now = timezone.now()
    claimable = Q(state__in=("live", "failed")) | Q(state="removing", lease_until__lt=now) | \
        Q(state="removing", lease_until=None)
    with transaction.atomic():
        n = Exposure.objects.filter(claimable, pk=e.pk).update(
            state="removing", worker=worker, lease_until=now + rules.TAKEDOWN_LEASE, attempts=F("attempts") + 1)
    return n == 1


def _delete(e: Exposure, remote: RemotePost) -> None:
    if e.channel is None:
        raise ConnectorError("the channel was removed from SafePost; take it down by hand", permanent=True, code="no_channel")
    try:
        with channel_services.connector(e.channel) as conn, gone_is_fine():
            conn.delete(remote)
    except NotImplementedError:
        raise ConnectorError(f"{e.channel.platform}: deleting is not supported; take it down by hand",
                             permanent=True, code="unsupported") from None


def take_down(who: Who, exposure: Exposure) -> Exposure:
    """Delete one exposure on its platform. Refuses one already down or being taken down now."""
    e = Exposure.objects.select_related("incident", "incident__org", "channel").get(pk=exposure.pk)
    if e.incident.state == "closed":
        raise ContainmentError(f"{e.incident.ref} is closed; nothing more can be recorded on it")
    if e.removed:
        raise ContainmentError("already taken down")
    worker = f"{who.actor}:{secrets.token_hex(4)}"[:80]
    if not _claim(e, worker):
        raise ContainmentError("someone is taking it down right now; look again in a few minutes")
    remote = _remote(e)
    try:
        if remote is None:
            raise ConnectorError("SafePost has no platform reference for it; take it down by hand",
                                 permanent=True, code="no_reference")
        _delete(e, remote)
    except ConnectorError as err:
        if e.channel is not None:
            channel_services.note_error(e.channel, err)
        return _finish(e, worker, who, error=err)
    except Exception as exc:   # a bug or an unexpected answer: keep it retriable, never log content
        return _finish(e, worker, who, error=ConnectorError(f"internal error ({type(exc).__name__})", code="internal"))
    return _finish(e, worker, who, remote=remote)


def _finish(e: Exposure, worker: str, who: Who, *, remote: RemotePost | None = None,
            error: ConnectorError | None = None) -> Exposure:
    now = timezone.now()
    meta = {"exposure": e.pk, "kind": e.kind, "ref": e.ref_id, "channel": e.channel_id,
            "platform": e.channel.platform if e.channel else None}
    with transaction.atomic():
        mine = Exposure.objects.filter(pk=e.pk, state="removing", worker=worker)
        if error is not None:
            if mine.update(state="failed", lease_until=None, error_code=(error.code or "")[:20],
                           last_error=error.message[:300]) == 1:
                record(who, "incident.takedown_failed", e.incident, {**meta, "code": error.code or None,
                                                                      "permanent": error.permanent})
        elif mine.update(state="removed", lease_until=None, error_code="", last_error="", removed_at=now,
                         removed_by_actor=who.actor[:254]) == 1:
            _note_deleted(e)
            record(who, "incident.takedown", e.incident, {**meta, "remote_id": remote.id[:120], "deleted": True})
    e.refresh_from_db()
    return e


def _note_deleted(e: Exposure) -> None:
    """The post's delivery is gone from the platform: the posts app shows it as deleted."""
    if e.kind == "post":
        from safepost.app.posts.models import Delivery

        Delivery.objects.filter(pk=e.ref_id, state="published").update(state="deleted")


def take_down_all(who: Who, incident: Incident) -> dict[str, int]:
    """Track what the incident involves, then take down everything still up. Returns counts by outcome."""
    outcomes: dict[str, int] = {}
    for e in track(who, incident):
        if e.removed or not rules.can_take_down(e.state, e.lease_until, timezone.now()):
            continue
        try:
            state = take_down(who, e).state
        except ContainmentError:
            state = "busy"
        outcomes[state] = outcomes.get(state, 0) + 1
    return outcomes


def mark_removed_by_hand(who: Who, exposure: Exposure) -> Exposure:
    """Staff removed it on the platform themselves (no delete in the API, or it failed)."""
    with transaction.atomic():
        e = Exposure.objects.select_for_update(of=("self", "incident")).select_related("incident").get(pk=exposure.pk)
        if e.incident.state == "closed":
            raise ContainmentError(f"{e.incident.ref} is closed; nothing more can be recorded on it")
        if e.removed:
            raise ContainmentError("already taken down")
        if e.state == "removing" and e.lease_until and e.lease_until >= timezone.now():
            raise ContainmentError("a takedown through the platform is running; look again in a few minutes")
        e.state, e.removed_at, e.removed_by_actor, e.lease_until = "manual", timezone.now(), who.actor[:254], None
        e.save(update_fields=["state", "removed_at", "removed_by_actor", "lease_until"])
        record(who, "incident.takedown_manual", e.incident, {"exposure": e.pk, "kind": e.kind, "ref": e.ref_id,
                                                              "channel": e.channel_id})
    return e
