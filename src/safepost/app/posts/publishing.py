"""The worker's side of posts: publish due deliveries, retry, park, take down.

The database is the queue (no broker). A delivery (one post on one channel) is claimed with a
conditional UPDATE inside a transaction that first selects candidates with
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (on SQLite the transaction is BEGIN IMMEDIATE,
one writer at a time, and the conditional UPDATE alone decides). A claim sets
`state=publishing`, a lease, `attempts+1` and, before the first call ever, `first_attempt_at`,
and commits before the platform is called. So:

* two workers never hold the same delivery (the UPDATE is conditional on the state it read);
* a worker that dies mid-call leaves a claim whose lease runs out; the next claim retries with
  the same idempotency key (`rules.idempotency_key`) and the same `first_attempt_at`, and
  `attempt > 1`, which the connectors turn into "return the post made earlier" (Bluesky: the
  same record key; Mastodon: Idempotency-Key plus a lookup; the others: a lookup);
* the result is written only if the claim is still ours (`worker` unchanged), else dropped.

Validity is checked again at the moment of use (164.508(b)(2)): the post must still be
scheduled, and a post about a patient must still have a covering authorization.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from safepost.app.audit.services import Who, record
from safepost.app.channels import services as channel_services
from safepost.app.channels.rules import Status as ChannelStatus
from safepost.app.notify.events import Event
from safepost.app.posts import rules, services
from safepost.app.posts.models import Delivery, Post, Takedown
from safepost.app.posts.rules import Delivery as D, State
from safepost.app.posts.signals import post_published
from safepost.connectors import ConnectorError, MediaItem, OutboundPost, RemotePost

log = logging.getLogger("safepost.worker")


def worker_who(org, worker: str) -> Who:
    return Who(org=org, actor_id=None, actor=f"worker:{worker}"[:254])


# -- claiming ---------------------------------------------------------------------------------
def _due(now) -> Q:
    return Q(state=D.PENDING.value, due_at__lte=now) | Q(state=D.PUBLISHING.value, lease_until__lt=now)


def claim(worker: str, *, limit: int = 1, now=None, post_id: int | None = None) -> list[int]:
    """Claim up to `limit` due deliveries for `worker`; returns their ids. With `post_id`, only
    that post's deliveries (publish now: the request claims them as a worker would)."""
    now = now or timezone.now()
    due = _due(now) if post_id is None else _due(now) & Q(post_id=post_id)
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update(skip_locked=True).filter(due)
                   .order_by("due_at", "id").values_list("pk", flat=True)[:limit])
        claimed = []
        for pk in ids:
            n = (Delivery.objects.filter(due, pk=pk)
                 .update(state=D.PUBLISHING.value, lease_until=now + rules.LEASE, worker=worker,
                         attempts=F("attempts") + 1, first_attempt_at=Coalesce("first_attempt_at", now)))
            if n == 1:
                claimed.append(pk)
    return claimed


CLAIM_BATCH = 4     # deliveries claimed per transaction (a dead worker's batch waits for its lease)


def publish_due(worker: str, *, max_items: int = 50) -> int:
    """One slice of the publishing job: claim and publish until nothing is due (or max_items)."""
    done = 0
    while done < max_items:
        ids = claim(worker, limit=min(CLAIM_BATCH, max_items - done))
        if not ids:
            break
        for pk in ids:
            publish_one(pk, worker)
            done += 1
    return done


def publish_now(who: Who, post: Post) -> dict[str, int]:
    """Publish an approved (or scheduled, or failed) post at once, inside the request: schedule
    it for now (the same checks as scheduling), claim its deliveries as a worker would and
    publish them with the same retry and park rules. Returns how many deliveries ended in each
    outcome ("published", "retry", "failed", …; "elsewhere": a worker holds it already)."""
    services.schedule(who, post, None)
    with transaction.atomic():
        record(who, "post.publish_now", post, {"channels": post.deliveries.count()})
    worker = f"now:{who.actor_id or 'key'}:{secrets.token_hex(4)}"
    n = post.deliveries.count()
    ids = claim(worker, limit=max(n, 1), post_id=post.pk)
    outcomes: dict[str, int] = {}
    for pk in ids:
        result = publish_one(pk, worker)
        outcomes[result] = outcomes.get(result, 0) + 1
    if n - len(ids) > 0:
        outcomes["elsewhere"] = n - len(ids)
    return outcomes


# -- publishing one ---------------------------------------------------------------------------
def _media(post: Post) -> tuple[MediaItem, ...]:
    return tuple(MediaItem(mime_type=a.mime_type, alt_text=a.alt_text, data=a.published_bytes(),
                           width=a.width or None, height=a.height or None, duration=a.duration or None)
                 for a in post.attachments.all() if a.kind in ("photo", "video"))


def publish_one(delivery_id: int, worker: str) -> str:
    """Publish a claimed delivery. Returns what happened: published, retry, failed, cancelled,
    sent_back or lost (our claim was taken over)."""
    d = Delivery.objects.select_related("post", "post__org", "channel").get(pk=delivery_id)
    post, channel = d.post, d.channel
    who = worker_who(post.org, worker)
    if post.state != State.SCHEDULED.value:
        return _finish(d, worker, D.CANCELLED, who, None)
    if channel.status != ChannelStatus.ACTIVE.value:
        err = ConnectorError(f"the channel is {channel.status_label.lower()}", permanent=True,
                             code="auth" if channel.status == ChannelStatus.NEEDS_RECONNECT.value else "disabled")
        return _failed(d, worker, err, who)
    if services.pending_media(post):       # cannot be approved so; a guard all the same
        return _send_back(d, worker, who, "media_pending", "A video of this post has not been checked yet.")
    if post.verdict == rules.BLOCK and not post.overridden:
        return _send_back(d, worker, who, "blocked", "The check blocks this post and it has no override.")
    if post.verdict == rules.NEEDS_AUTHORIZATION:
        check = services.consent_check(post, timezone.localdate())
        if not check.ok:
            return _send_back(d, worker, who, check.code or "consent_invalid",
                              f"At publishing time the authorization no longer covered this post: {check.why}.")
    outbound = OutboundPost(key=rules.idempotency_key(post.pk, channel.pk), text=post.text,
                            first_attempt_at=d.first_attempt_at, media=_media(post), attempt=d.attempts)
    try:
        remote = channel_services.worker_connector(channel).publish(outbound)
    except ConnectorError as e:
        channel_services.forget_connector(channel)
        return _failed(d, worker, e, who)
    except Exception as e:   # a bug or an unexpected answer: retry later, never log the text
        channel_services.forget_connector(channel)
        log.error("publishing delivery %s failed: %s", d.pk, type(e).__name__)
        return _failed(d, worker, ConnectorError(f"internal error ({type(e).__name__})", code="internal"), who)
    return _finish(d, worker, D.PUBLISHED, who, remote)


def _send_back(d: Delivery, worker: str, who: Who, code: str, note: str) -> str:
    with transaction.atomic():
        n = Delivery.objects.filter(pk=d.pk, state=D.PUBLISHING.value, worker=worker).update(
            state=D.CANCELLED.value, lease_until=None, error_code=code[:20])
        if n == 1:
            services.send_back(who, d.post, code, note, even_while_publishing=True)
    return "sent_back" if n == 1 else "lost"


def _update_post_state(post_id: int, now) -> Post:
    post = Post.objects.select_for_update().get(pk=post_id)
    new = rules.post_state_after_deliveries(post.deliveries.values_list("state", flat=True))
    if new is not None and post.state == State.SCHEDULED.value:
        post.state = new.value
        fields = ["state", "updated"]
        if new is State.PUBLISHED:
            post.published_at = now
            fields.append("published_at")
        post.save(update_fields=fields)
    return post


def _finish(d: Delivery, worker: str, state: D, who: Who, remote: RemotePost | None) -> str:
    now = timezone.now()
    with transaction.atomic():
        n = Delivery.objects.filter(pk=d.pk, state=D.PUBLISHING.value, worker=worker).update(
            state=state.value, lease_until=None, remote=remote.to_dict() if remote else None,
            published_at=now if remote else None, error_code="", last_error="")
        if n == 0:
            return "lost"
        post = _update_post_state(d.post_id, now)
        if remote is not None:
            record(who, "post.publish", post, {
                "channel": d.channel_id, "platform": d.channel.platform, "remote_id": remote.id[:120],
                "attempt": d.attempts, "already_existed": remote.already_existed, "post_state": post.state})
            if post.state == State.PUBLISHED.value:
                services.tell(post, Event.POST_PUBLISHED)
                post_published.send(sender=Post, post=post, who=who)
    if remote is not None:
        channel_services.note_success(d.channel)
    return "published" if remote else state.value


def _failed(d: Delivery, worker: str, e: ConnectorError, who: Who) -> str:
    now = timezone.now()
    state, retry_at = rules.after_failure(
        rules.Failure(permanent=e.permanent, attempts=d.attempts - d.budget_from, retry_after=e.retry_after), now)
    with transaction.atomic():
        n = Delivery.objects.filter(pk=d.pk, state=D.PUBLISHING.value, worker=worker).update(
            state=state.value, due_at=retry_at or d.due_at, lease_until=None, error_code=(e.code or "")[:20],
            last_error=e.message[:300])
        if n == 0:
            return "lost"
        post = _update_post_state(d.post_id, now)
        record(who, "post.publish_failed" if state is D.FAILED else "post.publish_retry", post, {
            "channel": d.channel_id, "platform": d.channel.platform, "code": e.code or None,
            "permanent": e.permanent, "attempt": d.attempts,
            "retry_at": retry_at.isoformat(timespec="seconds") if retry_at else None, "post_state": post.state})
        if state is D.FAILED:
            services.tell(post, Event.POST_PUBLISH_FAILED, reason=e.code or "failed",
                          roles=Event.POST_PUBLISH_FAILED.spec.roles)
    channel_services.note_error(d.channel, e)
    return "failed" if state is D.FAILED else "retry"


# -- consent revoked or expired ---------------------------------------------------------------
def consent_withdrawn(who: Who, consent) -> dict[str, int]:
    """Posts relying on a revoked or expired consent: the unpublished ones go back to review,
    the published ones get a takedown (the worker deletes them where the connector can)."""
    reason = f"consent {consent.pk} revoked or expired"
    sent_back = takedowns = 0
    with transaction.atomic():
        posts = Post.objects.filter(org_id=consent.org_id, consent_id=consent.pk)
        for post in posts.filter(state__in=[s.value for s in rules.ALLOWED_FROM[rules.Op.SEND_BACK]]):
            live = list(post.deliveries.filter(state=D.PUBLISHING.value))
            for d in live:      # being published right now: take it down once it is out
                _takedown(who, d, reason, consent.pk)
                takedowns += 1
            services.send_back(who, post, "consent_withdrawn",
                               "The patient's authorization was revoked or has expired; it cannot be "
                               "published on it.", even_while_publishing=True)
            sent_back += 1
        for d in Delivery.objects.filter(post__in=posts, state=D.PUBLISHED.value).select_related("post"):
            _takedown(who, d, reason, consent.pk)
            takedowns += 1
    return {"sent_back": sent_back, "takedowns": takedowns}


def _takedown(who: Who, d: Delivery, reason: str, consent_id: int) -> None:
    t, created = Takedown.objects.get_or_create(delivery=d, state="open", defaults={
        "org_id": d.org_id, "post_id": d.post_id, "reason": reason[:200], "due_at": timezone.now()})
    if created:
        record(who, "post.takedown_requested", d.post, {"channel": d.channel_id, "delivery": d.pk,
                                                         "consent": consent_id, "takedown": t.pk})


def claim_takedowns(worker: str, *, now=None) -> list[int]:
    now = now or timezone.now()
    due = Q(state="open", due_at__lte=now) & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))
    with transaction.atomic():
        ids = list(Takedown.objects.select_for_update(skip_locked=True).filter(due)
                   .order_by("due_at", "id").values_list("pk", flat=True)[:1])
        return [pk for pk in ids
                if Takedown.objects.filter(due, pk=pk).update(lease_until=now + rules.LEASE,
                                                              attempts=F("attempts") + 1) == 1]


def takedown_due(worker: str, *, max_items: int = 20) -> int:
    done = 0
    while done < max_items:
        ids = claim_takedowns(worker)
        if not ids:
            break
        take_down(ids[0], worker)
        done += 1
    return done


def take_down(takedown_id: int, worker: str) -> str:
    t = Takedown.objects.select_related("delivery", "delivery__channel", "post", "post__org").get(pk=takedown_id)
    d, who = t.delivery, worker_who(t.post.org, worker)
    now = timezone.now()
    if d.state == D.PUBLISHING.value:          # still going out: look again after the lease
        Takedown.objects.filter(pk=t.pk).update(due_at=now + timedelta(minutes=1), lease_until=None)
        return "waiting"
    if d.state != D.PUBLISHED.value or not d.remote:
        with transaction.atomic():
            Takedown.objects.filter(pk=t.pk).update(state="done", done_at=now, lease_until=None)
            record(who, "post.takedown", t.post, {"channel": d.channel_id, "takedown": t.pk, "deleted": False,
                                                  "note": "never published"})
        return "done"
    remote = RemotePost.from_dict(d.remote)
    try:
        with channel_services.connector(d.channel) as conn:
            conn.delete(remote)
    except (ConnectorError, NotImplementedError) as e:
        err = e if isinstance(e, ConnectorError) else ConnectorError(
            f"{d.channel.platform}: deleting is not supported", permanent=True, code="unsupported")
        state, retry_at = rules.after_failure(rules.Failure(err.permanent, t.attempts, err.retry_after), now)
        with transaction.atomic():
            if state is D.FAILED:
                Takedown.objects.filter(pk=t.pk).update(state="manual", last_error=err.message[:300], lease_until=None)
                record(who, "post.takedown_failed", t.post, {"channel": d.channel_id, "takedown": t.pk,
                                                             "code": err.code or None})
            else:
                Takedown.objects.filter(pk=t.pk).update(due_at=retry_at, last_error=err.message[:300],
                                                        lease_until=None)
        return "manual" if state is D.FAILED else "retry"
    with transaction.atomic():
        Delivery.objects.filter(pk=d.pk).update(state=D.DELETED.value)
        Takedown.objects.filter(pk=t.pk).update(state="done", done_at=now, lease_until=None, last_error="")
        record(who, "post.takedown", t.post, {"channel": d.channel_id, "platform": d.channel.platform,
                                              "remote_id": remote.id[:120], "takedown": t.pk, "deleted": True})
    return "done"
