"""The composer's network previews: how the post looks on each chosen channel, counted as that
network counts, and the refusal to submit text that is too long for one of them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safepost.app.channels import services as channels
from safepost.app.posts import services
from safepost.app.posts.models import Post
from safepost.app.posts.rules import Refused

from .posting import *  # noqa: F401,F403


@pytest.fixture
def x_and_bluesky(people, who, fake_platform):
    x = channels.create_channel(who("alice"), people.acme, "x", "Clinic X", {"access_token": "t"}, verify=False)
    bsky = channels.create_channel(who("alice"), people.acme, "bluesky", "Clinic Sky",
                                   {"identifier": "clinic.example", "app_password": "p",
                                    "service": fake_platform.url}, verify=False)
    return x, bsky


def test_the_preview_counts_x_weighted_and_bluesky_graphemes(as_user, x_and_bluesky):
    x, bsky = x_and_bluesky
    text = "Flu shots this week 💉 at our clinics: https://example.org/" + "p" * 60
    body = as_user("andy").post("/o/acme/posts/check/", {"text": text, "channels": [x.pk, bsky.pk]}).content.decode()
    assert "How it will look" in body
    assert "62 / 280 weighted characters" in body                # 37 + 💉 as 2 + the URL as 23
    assert f"{len(text)} / 300 graphemes" in body                # one grapheme per code point here


def test_the_part_past_the_limit_is_shown_cut_off_with_how_much_over(as_user, x_and_bluesky):
    x, _ = x_and_bluesky
    text = "Walk in for a flu shot. " + "日本" * 130                 # 24 + 520 = 544 weighted
    body = as_user("andy").post("/o/acme/posts/check/", {"text": text, "channels": [x.pk]}).content.decode()
    assert 'data-over="264"' in body and "264 weighted characters over the limit of 280" in body
    assert '<mark class="preview-cut"' in body


def test_submitting_text_too_long_for_x_is_refused_naming_the_network_and_the_excess(people, who, x_and_bluesky):
    x, bsky = x_and_bluesky
    post = services.create_post(who("andy"), people.acme, "Our new clinic hours: " + "a" * 300,
                                [x.pk, bsky.pk], timezone.now() + timezone.timedelta(days=2))
    with pytest.raises(Refused) as e:
        services.submit(who("andy"), post)
    assert 'X (channel "Clinic X"): 322 weighted characters, 42 over the limit of 280' in e.value.message
    assert 'Bluesky (channel "Clinic Sky"): 322 graphemes, 22 over the limit of 300' in e.value.message
    post.refresh_from_db()
    assert post.state == "draft"


def test_the_compose_page_shows_the_refusal_and_creates_only_the_draft(as_user, x_and_bluesky):
    x, _ = x_and_bluesky
    when = (timezone.now() + timezone.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    r = as_user("andy").post("/o/acme/posts/new/", {"text": "b" * 281, "channels": [x.pk],
                                                    "publish_at": when, "action": "submit"})
    assert r.status_code == 400
    assert "281 weighted characters, 1 over the limit of 280" in r.content.decode()
    assert not Post.objects.filter(state="in_review").exists()
