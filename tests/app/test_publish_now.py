"""Publish now: a reviewer or an administrator publishes an approved post from its page. The
request claims that one post's deliveries exactly as a worker would (publishing.claim with
post_id) and publishes them with the worker's retry and park rules, on the real database."""

from __future__ import annotations

from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.posts import publishing, rules, services
from safepost.app.posts.models import Delivery, Post

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT


def approved(people, who, channel, text=ALLOW_TEXT):
    post = services.create_post(who("andy"), people.acme, text, [channel.pk])
    services.submit(who("andy"), post)
    return services.approve(who("rita"), post)


def test_a_reviewer_publishes_an_approved_post_now_from_its_page(people, who, as_user, channel, fake_platform):
    post = approved(people, who, channel)
    page = as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert f'action="/o/acme/posts/{post.pk}/publish-now/"' in page
    r = as_user("rita").post(f"/o/acme/posts/{post.pk}/publish-now/", follow=True)
    assert "Publish now: 1 published." in r.content.decode()
    post.refresh_from_db()
    d = Delivery.objects.get(post=post)
    assert (post.state, d.state, d.attempts) == ("published", "published", 1)
    assert fake_platform.texts() == [ALLOW_TEXT]
    now_entry = AuditEntry.objects.get(action="post.publish_now")
    assert now_entry.actor == "rita@acme.test" and now_entry.meta == {"channels": 1}
    assert AuditEntry.objects.get(action="post.publish").actor.startswith("worker:now:")


def test_claim_narrowed_to_a_post_leaves_other_due_posts_to_the_worker(people, who, channel):
    first, second = approved(people, who, channel), approved(people, who, channel)
    for p in (first, second):
        services.schedule(who("rita"), p, None)
    ids = publishing.claim("w-now", limit=10, post_id=second.pk)
    assert ids == [Delivery.objects.get(post=second).pk]
    assert Delivery.objects.get(post=first).state == "pending"
    assert publishing.claim("w-now", limit=10, post_id=second.pk) == []     # already ours


def test_a_transient_failure_leaves_the_post_to_the_worker_s_retry(people, who, as_user, channel, fake_platform):
    post = approved(people, who, channel)
    fake_platform.fail_next(503, {"error": "overloaded"})
    r = as_user("alice").post(f"/o/acme/posts/{post.pk}/publish-now/", follow=True)
    assert "1 will be retried" in r.content.decode()
    d = Delivery.objects.get(post=post)
    assert (d.state, d.error_code) == ("pending", "server_error") and d.due_at > timezone.now()
    Delivery.objects.filter(pk=d.pk).update(due_at=timezone.now())
    assert publishing.publish_due("w1") == 1
    assert Post.objects.get(pk=post.pk).state == "published"


def test_a_refused_platform_parks_the_post_as_failed(people, who, as_user, channel, fake_platform):
    post = approved(people, who, channel)
    fake_platform.fail_next(422, {"error": "Validation failed"})
    publishing.publish_now(who("rita"), post)
    d = Delivery.objects.get(post=post)
    assert d.state == rules.Delivery.FAILED.value
    assert Post.objects.get(pk=post.pk).state == "failed"


def test_a_post_in_review_cannot_be_published_now(people, who, as_user, channel, fake_platform):
    post = services.submit(who("andy"), services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk]))
    r = as_user("rita").post(f"/o/acme/posts/{post.pk}/publish-now/", follow=True)
    assert "cannot be scheduled until it is approved" in r.content.decode()
    assert fake_platform.texts() == [] and not Delivery.objects.filter(post=post).exists()


def test_an_author_may_not_publish_now_and_another_organization_sees_nothing(people, who, as_user, channel):
    post = approved(people, who, channel)
    assert as_user("andy").post(f"/o/acme/posts/{post.pk}/publish-now/").status_code == 403
    assert as_user("charlie").post(f"/o/other/posts/{post.pk}/publish-now/").status_code == 404
    assert Post.objects.get(pk=post.pk).state == "approved"
