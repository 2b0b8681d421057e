"""The post workflow through the services, on the real database: every transition audited,
illegal ones refused with a message, the HIPAA gates enforced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.posts import services
from safepost.app.posts.models import Post
from safepost.app.posts.rules import Refused

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, BLOCK_TEXT, STORY_TEXT

REASON = "The number is our published fax line, not a patient's SSN; checked with the author."


@pytest.fixture
def draft(people, who, channel):
    return lambda text=ALLOW_TEXT, **kw: services.create_post(who("andy"), people.acme, text, [channel.pk], **kw)


def states(post):
    post.refresh_from_db()
    return post.state


def test_an_allowed_post_goes_draft_review_approved_scheduled(draft, who):
    post = draft(publish_at=timezone.now() + timedelta(hours=1))
    assert (post.state, post.verdict) == ("draft", "ALLOW")
    services.submit(who("andy"), post)
    assert states(post) == "in_review"
    services.approve(who("rita"), post)
    assert states(post) == "scheduled"
    assert [d.state for d in post.deliveries.all()] == ["pending"]
    actions = list(AuditEntry.objects.filter(object_type="posts.post", object_id=str(post.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["post.create", "post.submit", "post.approve", "post.approved", "post.schedule"]


def test_without_a_time_an_approved_post_waits_to_be_scheduled(draft, who):
    post = draft()
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    assert states(post) == "approved"
    services.schedule(who("andy"), post, None)
    assert states(post) == "scheduled"


def test_authors_cannot_approve_their_own_posts(people, who, channel):
    post = services.create_post(who("rita"), people.acme, ALLOW_TEXT, [channel.pk])
    services.submit(who("rita"), post)
    with pytest.raises(Refused, match="Authors cannot approve their own posts"):
        services.approve(who("rita"), post)


def test_the_number_of_approvals_is_an_organization_setting(draft, who, people):
    services.set_approvals_required(who("alice"), people.acme, 2)
    post = draft()
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    assert states(post) == "in_review"
    with pytest.raises(Refused, match="already approved"):
        services.approve(who("rita"), post)
    services.approve(who("pat"), post)
    assert states(post) == "approved"
    with pytest.raises(Refused, match="between 1 and 5"):
        services.set_approvals_required(who("alice"), people.acme, 0)


def test_a_blocked_post_needs_a_privacy_officers_override_with_a_reason(draft, who, people):
    post = draft(BLOCK_TEXT)
    services.submit(who("andy"), post)
    assert post.verdict == "BLOCK"
    with pytest.raises(Refused, match="override"):
        services.approve(who("rita"), post)
    with pytest.raises(Refused, match="written reason"):
        services.override(who("pat"), post, "fine")
    services.override(who("pat"), post, REASON)
    assert states(post) == "approved"
    post.refresh_from_db()
    assert post.overridden and post.override_reason == REASON and post.override_by == people["pat"]
    entry = AuditEntry.objects.get(action="post.override")
    assert entry.meta["reason_chars"] == len(REASON) and "fax" not in str(entry.meta)


def test_a_patient_story_cannot_be_approved_without_a_covering_consent(draft, who, consent, people):
    post = draft(STORY_TEXT)
    services.submit(who("andy"), post)
    assert post.verdict == "NEEDS_AUTHORIZATION"
    with pytest.raises(Refused, match="link a signed authorization"):
        services.approve(who("rita"), post)
    services.edit_post(who("andy"), post, consent_id=consent.pk)
    assert states(post) == "in_review"
    services.approve(who("rita"), post)
    assert states(post) == "approved"
    assert post.approvals.get(decision="approve").consent_id == consent.pk


def test_a_consent_that_does_not_cover_the_platform_is_named(people, who, draft):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms

    only_bluesky = consents.record_consent(who("pat"), people.acme, synthetic_terms("Acme Clinic",
                                           platforms=("bluesky",)), document=SAMPLE_PDF)
    post = draft(STORY_TEXT, consent_id=only_bluesky.pk)
    services.submit(who("andy"), post)
    with pytest.raises(Refused, match="(?i)mastodon"):
        services.approve(who("rita"), post)


def test_editing_after_approval_sends_the_post_back_to_review(draft, who):
    post = draft(publish_at=timezone.now() + timedelta(days=1))
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    assert states(post) == "scheduled"
    services.edit_post(who("andy"), post, text=ALLOW_TEXT + " Bring your card.")
    assert states(post) == "in_review"
    assert [d.state for d in post.deliveries.all()] == ["cancelled"]
    services.approve(who("rita"), post)     # the earlier approval was for the earlier version
    assert states(post) == "scheduled"
    assert [d.state for d in post.deliveries.all()] == ["pending"]


def test_members_whose_training_lapsed_cannot_submit(draft, who, people):
    services.set_training_current(who("alice"), people.acme, people["andy"], False)
    post = draft()
    with pytest.raises(Refused, match="training has lapsed"):
        services.submit(who("andy"), post)
    services.set_training_current(who("alice"), people.acme, people["andy"], True)
    services.submit(who("andy"), post)


@pytest.mark.parametrize("call,message", [
    (lambda s, w, p: s.approve(w("rita"), p), "submit it for review first"),
    (lambda s, w, p: s.schedule(w("andy"), p, None), "submit it for review first"),
    (lambda s, w, p: s.reject(w("rita"), p, "no"), "cannot be rejected"),
    (lambda s, w, p: s.override(w("pat"), p, REASON), "cannot be overridden"),
])
def test_illegal_transitions_are_refused_with_a_clear_message(draft, who, call, message):
    post = draft()
    with pytest.raises(Refused, match=message):
        call(services, who, post)
    assert states(post) == "draft"


def test_withdrawn_and_published_posts_are_final(draft, who):
    post = draft()
    services.withdraw(who("andy"), post)
    for call in (lambda: services.submit(who("andy"), post), lambda: services.edit_post(who("andy"), post, text="x"),
                 lambda: services.withdraw(who("andy"), post)):
        with pytest.raises(Refused, match="withdrawn cannot be"):
            call()


def test_a_rejected_post_is_fixed_and_submitted_again(draft, who):
    post = draft()
    services.submit(who("andy"), post)
    services.reject(who("rita"), post, "Say which clinics.")
    assert states(post) == "rejected" and post.review_note == "Say which clinics."
    services.edit_post(who("andy"), post, text=ALLOW_TEXT + " All three clinics.")
    assert states(post) == "draft"
    services.submit(who("andy"), post)
    assert states(post) == "in_review"


def test_channels_must_belong_to_the_organization(people, who):
    from safepost.app.channels.models import Channel

    theirs = Channel.objects.create(org=people.other, platform="mastodon", name="Theirs", credentials="{}")
    with pytest.raises(Refused, match="No such channel"):
        services.create_post(who("andy"), people.acme, ALLOW_TEXT, [theirs.pk])


def test_the_audit_never_holds_the_post_text(draft, who):
    post = draft(BLOCK_TEXT)
    services.submit(who("andy"), post)
    services.override(who("pat"), post, REASON)
    dump = str(list(AuditEntry.objects.values_list("meta", flat=True)))
    for piece in ("Jane", "Roe", "123-45-6789", "surgery", "fax"):
        assert piece not in dump
    assert Post.objects.get(pk=post.pk).text == BLOCK_TEXT


def test_the_text_is_encrypted_at_rest(draft):
    from django.db import connection

    post = draft(BLOCK_TEXT)
    with connection.cursor() as cur:
        cur.execute("SELECT text FROM posts_post WHERE id = %s", [post.pk])
        raw = cur.fetchone()[0]
    assert "123-45-6789" not in raw and "Jane" not in raw


def test_a_lapsed_member_cannot_send_an_approved_post_back_to_review_by_editing(draft, who, people):
    post = draft()
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    services.set_training_current(who("alice"), people.acme, people["andy"], False)
    with pytest.raises(Refused, match="training has lapsed"):
        services.edit_post(who("andy"), post, text=ALLOW_TEXT + " Updated.")
    assert Post.objects.get(pk=post.pk).state == "approved"
