"""The posts pages: compose with the live check and per-channel counts, the review queue, the
calendar, the history, one post with its actions, the publishing settings."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safepost.app.posts import services
from safepost.app.posts.models import Post

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, BLOCK_TEXT, OVERRIDABLE_TEXT


def test_compose_shows_the_channels(as_user, channel):
    body = as_user("andy").get("/o/acme/posts/new/").content.decode()
    assert "Compose a post" in body and "Main · Mastodon" in body and 'hx-post="/o/acme/posts/check/"' in body


def test_the_live_check_gives_the_verdict_and_the_count_per_channel(as_user, channel):
    r = as_user("andy").post("/o/acme/posts/check/", {"text": BLOCK_TEXT, "channels": [channel.pk]})
    body = r.content.decode()
    assert 'data-verdict="BLOCK"' in body and 'mark class="phi"' in body
    assert f'data-count="{len(BLOCK_TEXT)}"' in body and f"{len(BLOCK_TEXT)} / 500 characters" in body
    long = as_user("andy").post("/o/acme/posts/check/", {"text": "Walk-in flu shots. " * 30,
                                                         "channels": [channel.pk]}).content.decode()
    assert "over the limit" in long


def test_compose_and_submit_then_a_reviewer_approves_from_the_post_page(as_user, channel):
    when = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    r = as_user("andy").post("/o/acme/posts/new/", {"text": ALLOW_TEXT, "channels": [channel.pk],
                                                    "publish_at": when, "action": "submit"})
    assert r.status_code == 302
    post = Post.objects.get()
    assert post.state == "in_review" and r["Location"] == f"/o/acme/posts/{post.pk}/"
    assert "Approve</button>" not in as_user("andy").get(r["Location"]).content.decode()
    assert f'data-post="{post.pk}"' in as_user("rita").get("/o/acme/posts/review/").content.decode()
    page = as_user("rita").get(r["Location"]).content.decode()
    assert "Approve</button>" in page and "post.submit" in page        # actions and the history
    as_user("rita").post(f"/o/acme/posts/{post.pk}/approve/")
    post.refresh_from_db()
    assert post.state == "scheduled"
    month = timezone.localtime(post.publish_at).strftime("%Y-%m")
    cal = as_user("audrey").get(f"/o/acme/posts/calendar/?month={month}").content.decode()
    assert f"/o/acme/posts/{post.pk}/" in cal


def test_a_refusal_is_shown_as_a_message(as_user, channel, people, who):
    post = services.create_post(who("rita"), people.acme, ALLOW_TEXT, [channel.pk])
    services.submit(who("rita"), post)
    r = as_user("rita").post(f"/o/acme/posts/{post.pk}/approve/", follow=True)
    assert "Authors cannot approve their own posts" in r.content.decode()


def test_two_privacy_officers_override_a_block_with_a_reason(as_user, channel, people, who, second_officer):
    post = services.create_post(who("andy"), people.acme, OVERRIDABLE_TEXT, [channel.pk])
    services.submit(who("andy"), post)
    assert "Override the block" not in as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert "Override the block" in as_user("pat").get(f"/o/acme/posts/{post.pk}/").content.decode()
    reason = "The family published this story themselves and asked us to share it."
    form = {"reason": reason, "confirm": "RELEASE"}
    page = as_user("pat").post(f"/o/acme/posts/{post.pk}/override/", form, follow=True).content.decode()
    assert "Override requested" in page
    page = as_user("priya").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert "Override requested" in page and "Confirm the override" in page
    page = as_user("priya").post(f"/o/acme/posts/{post.pk}/override/", form, follow=True).content.decode()
    assert "Block overridden" in page and reason in page
    rita_sees = as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert "Block overridden" in rita_sees and reason not in rita_sees     # the reason is the privacy role's


def test_the_history_filters_by_state(as_user, channel, people, who):
    a = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    b = services.create_post(who("andy"), people.acme, ALLOW_TEXT + " Today.", [channel.pk])
    services.submit(who("andy"), b)
    body = as_user("cora").get("/o/acme/posts/?state=in_review").content.decode()
    assert f'data-post="{b.pk}"' in body and f'data-post="{a.pk}"' not in body


def test_editing_a_scheduled_post_from_the_page_sends_it_back(as_user, channel, people, who):
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk],
                                publish_at=timezone.now() + timedelta(days=1))
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/edit/", {"text": ALLOW_TEXT + " Masks optional.",
                                                                "channels": [channel.pk]})
    assert r.status_code == 302
    post.refresh_from_db()
    assert post.state == "in_review" and post.version == 2


def test_another_organizations_post_is_not_found(as_user, channel, people, who):
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    c = as_user("charlie")
    for path in (f"/o/other/posts/{post.pk}/", f"/o/other/posts/{post.pk}/edit/"):
        assert c.get(path).status_code == 404
    assert c.post(f"/o/other/posts/{post.pk}/withdraw/").status_code == 404
    assert c.get(f"/o/other/channels/{channel.pk}/").status_code == 404
    assert Post.objects.get(pk=post.pk).state == "draft"


def test_publishing_settings(as_user, people):
    assert services.two_person_override(people.acme)                      # on unless turned off
    r = as_user("pat").post("/o/acme/posts/settings/", {"approvals_required": "2"})
    assert r.status_code == 302 and services.approvals_required(people.acme) == 2
    assert not services.two_person_override(people.acme)                  # an unticked box turns it off
    as_user("pat").post("/o/acme/posts/settings/", {"approvals_required": "2", "two_person_override": "on"})
    assert services.two_person_override(people.acme)
    assert "second privacy officer confirms" in as_user("pat").get("/o/acme/posts/settings/").content.decode()
    assert "training report" in as_user("alice").get("/o/acme/posts/settings/").content.decode()


def test_the_channel_page_connects_an_account(as_user, fake_platform):
    r = as_user("alice").post("/o/acme/channels/new/", {"platform": "mastodon", "name": "Toots",
                                                        "url": fake_platform.url, "secret": fake_platform.token})
    assert r.status_code == 302
    page = as_user("andy").get(r["Location"]).content.decode()
    assert "Toots" in page and "safepost" in page and fake_platform.token not in page
