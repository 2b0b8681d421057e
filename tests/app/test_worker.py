"""Publishing through the worker against a fake platform over real HTTP (Mastodon's API,
safepost.app.channels.fakeplatform): publish, retry with backoff, park, re-check consent at the
moment of use, survive a crash between the platform's answer and the database write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.channels.models import Channel
from safepost.app.notify.models import Notification
from safepost.app.posts import publishing, services
from safepost.app.posts.models import Delivery, Post
from safepost.connectors import OutboundPost
from safepost.app.channels import services as channel_services
from safepost.app.posts import rules

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, STORY_TEXT


@pytest.fixture
def scheduled(people, who, channel):
    def make(text=ALLOW_TEXT, consent=None):
        post = services.create_post(who("andy"), people.acme, text, [channel.pk], consent_id=consent)
        services.submit(who("andy"), post)
        services.approve(who("rita"), post)
        services.schedule(who("andy"), post, None)
        return post
    return make


def delivery(post) -> Delivery:
    return Delivery.objects.get(post=post)


def test_it_publishes_a_due_post_and_records_where(scheduled, fake_platform, people):
    post = scheduled()
    assert publishing.publish_due("w1") == 1
    post.refresh_from_db()
    d = delivery(post)
    assert (post.state, d.state, d.attempts) == ("published", "published", 1)
    assert fake_platform.texts() == [ALLOW_TEXT]
    assert d.remote["id"] == fake_platform.statuses[0]["id"]
    entry = AuditEntry.objects.get(action="post.publish")
    assert entry.meta["remote_id"] == d.remote["id"] and entry.actor == "worker:w1"
    assert publishing.publish_due("w1") == 0          # nothing left


def test_the_api_shows_the_remote_post_per_channel(scheduled, people, channel):
    post = scheduled()
    publishing.publish_due("w1")
    _key, token = accounts.create_api_key(publishing.worker_who(people.acme, "t"), people.acme, "t", user=people["rita"])
    body = Client().get(f"/api/v1/posts/{post.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["state"] == "published"
    assert body["remote"][str(channel.pk)]["id"] == delivery(post).remote["id"]


def test_a_transient_failure_is_retried_with_backoff(scheduled, fake_platform, channel):
    post = scheduled()
    fake_platform.fail_next(503, {"error": "overloaded"})
    before = timezone.now()
    publishing.publish_due("w1")
    d = delivery(post)
    assert (d.state, d.attempts, d.error_code) == ("pending", 1, "server_error")
    assert d.due_at >= before + rules.BACKOFF_BASE
    assert publishing.publish_due("w1") == 0            # not due yet
    assert Channel.objects.get(pk=channel.pk).last_error.startswith("mastodon: publish failed (HTTP 503")
    Delivery.objects.filter(pk=d.pk).update(due_at=timezone.now())      # time passes
    assert publishing.publish_due("w1") == 1
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("published", 2)
    assert len(fake_platform.statuses) == 1
    assert Channel.objects.get(pk=channel.pk).last_error == ""


def test_a_rate_limit_waits_at_least_as_long_as_the_platform_asks(scheduled, fake_platform):
    post = scheduled()
    fake_platform.fail_next(429, {"error": "Too many requests"}, {"Retry-After": "900"})
    publishing.publish_due("w1")
    d = delivery(post)
    assert d.state == "pending" and d.due_at >= timezone.now() + timedelta(seconds=890)


def test_a_permanent_failure_is_parked_with_the_reason(scheduled, fake_platform, channel, as_user):
    post = scheduled()
    fake_platform.fail_next(422, {"error": "Validation failed: Text character limit of 500 exceeded"})
    publishing.publish_due("w1")
    post.refresh_from_db()
    d = delivery(post)
    assert (post.state, d.state, d.error_code) == ("failed", "failed", "invalid")
    assert "HTTP 422" in d.last_error
    page = as_user("andy").get(f"/o/acme/channels/{channel.pk}/").content.decode()
    assert "HTTP 422" in page                     # the channel's last error is on its page
    told = {(n.recipient.name, n.event, n.reason) for n in Notification.objects.filter(event="post.publish_failed")}
    assert told == {("Andy", "post.publish_failed", "invalid"), ("Alice", "post.publish_failed", "invalid")}
    # a person tries again: scheduled anew, same idempotency key
    services.schedule(publishing.worker_who(post.org, "x"), post, None)
    assert publishing.publish_due("w1") == 1
    post.refresh_from_db()
    assert post.state == "published" and len(fake_platform.statuses) == 1
    assert Notification.objects.filter(event="post.published", recipient__name="Andy").count() == 1


def test_refused_credentials_mark_the_channel_for_reconnecting(scheduled, fake_platform, channel):
    scheduled()
    fake_platform.token = "rotated"
    publishing.publish_due("w1")
    channel.refresh_from_db()
    assert channel.status == "needs_reconnect" and "reconnect" in channel.last_error


def test_two_claims_never_get_the_same_delivery(scheduled):
    scheduled()
    first, second = publishing.claim("a"), publishing.claim("b")
    assert len(first) == 1 and second == []


def test_a_crash_after_the_platform_answered_does_not_publish_twice(scheduled, fake_platform):
    """The worker claims, the platform publishes, the worker dies before writing the result.
    The lease runs out; the next worker retries with the same key and first_attempt_at."""
    fake_platform.honor_idempotency = False       # only our side may prevent the duplicate
    post = scheduled()
    [pk] = publishing.claim("doomed")
    d = Delivery.objects.get(pk=pk)
    with channel_services.connector(d.channel) as conn:      # what publish_one does, then "crash"
        conn.publish(OutboundPost(key=rules.idempotency_key(post.pk, d.channel_id), text=post.text,
                                  first_attempt_at=d.first_attempt_at, attempt=d.attempts))
    assert len(fake_platform.statuses) == 1
    assert publishing.publish_due("w2") == 0                 # still leased to the dead worker
    Delivery.objects.filter(pk=pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert publishing.publish_due("w2") == 1
    d.refresh_from_db()
    assert (d.state, d.attempts, d.remote["already_existed"]) == ("published", 2, True)
    assert len(fake_platform.statuses) == 1 and fake_platform.duplicates() == {}
    # the dead worker's late write is dropped, not applied over the new one
    assert publishing._finish(d, "doomed", rules.Delivery.PUBLISHED, publishing.worker_who(post.org, "doomed"),
                              None) == "lost"


def test_a_withdrawn_post_is_not_published(scheduled, fake_platform, who):
    post = scheduled()
    services.withdraw(who("andy"), post)
    assert publishing.publish_due("w1") == 0
    assert fake_platform.statuses == [] and delivery(post).state == "cancelled"


def test_consent_is_checked_again_at_publishing_time(scheduled, consent, fake_platform, who):
    post = scheduled(STORY_TEXT, consent=consent.pk)
    # the consent stops covering the post (revocation is handled by the signal; here the
    # expiry date passed without the expiry job having run yet)
    type(consent).objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    publishing.publish_due("w1")
    post.refresh_from_db()
    assert post.state == "in_review" and "no longer covered" in post.review_note
    assert fake_platform.statuses == []


def test_revoking_a_consent_sends_scheduled_posts_back_and_takes_published_ones_down(
        scheduled, consent, fake_platform, who, people):
    from safepost.app.consent import services as consents

    published = scheduled(STORY_TEXT, consent=consent.pk)
    publishing.publish_due("w1")
    waiting = services.create_post(who("andy"), people.acme, STORY_TEXT + " Congratulations!",
                                   list(published.channels.values_list("pk", flat=True)), consent_id=consent.pk,
                                   publish_at=timezone.now() + timedelta(days=2))
    services.submit(who("andy"), waiting)
    services.approve(who("rita"), waiting)
    assert Post.objects.get(pk=waiting.pk).state == "scheduled"
    assert len(fake_platform.statuses) == 1

    consents.revoke(who("pat"), consent)

    waiting.refresh_from_db()
    assert waiting.state == "in_review" and "revoked" in waiting.review_note
    assert delivery(waiting).state == "cancelled"
    assert publishing.takedown_due("w1") == 1
    assert fake_platform.statuses == [] and fake_platform.deleted == [delivery(published).remote["id"]]
    assert delivery(published).state == "deleted"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"post.send_back", "post.takedown_requested", "post.takedown"} <= actions
    with pytest.raises(rules.Refused, match="link a signed authorization|revoked"):
        services.approve(who("pat"), waiting)
