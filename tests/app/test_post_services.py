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
from safepost.app.training.models import Completion
from safepost.app.training.services import train

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, BLOCK_TEXT, OVERRIDABLE_TEXT, STORY_TEXT

REASON = "The story was shared publicly by the family and the press office confirmed it today."
OK = "RELEASE"


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


def test_a_blocked_post_needs_two_privacy_officers_a_reason_and_a_typed_confirmation(draft, who, people, second_officer):
    post = draft(OVERRIDABLE_TEXT)
    services.submit(who("andy"), post)
    assert post.verdict == "BLOCK"
    with pytest.raises(Refused, match="override"):
        services.approve(who("rita"), post)
    with pytest.raises(Refused, match="written reason"):
        services.override(who("pat"), post, "fine", OK)
    with pytest.raises(Refused, match="names a person"):
        services.override(who("pat"), post, "Maria Lopez said yes on the phone after her surgery, call 555-201-7788.", OK)
    with pytest.raises(Refused, match="Type RELEASE"):
        services.override(who("pat"), post, REASON, "release it")
    services.override(who("pat"), post, REASON, OK)          # a request, not yet a release
    assert states(post) == "in_review" and not Post.objects.get(pk=post.pk).overridden
    with pytest.raises(Refused, match="second privacy officer"):
        services.override(who("pat"), post, REASON, OK)
    services.override(who("priya"), post, REASON, OK)
    assert states(post) == "approved"
    post.refresh_from_db()
    assert post.overridden and post.override_reason == REASON and post.override_by == second_officer
    entry = AuditEntry.objects.get(action="post.override")
    assert entry.meta["reason_chars"] == len(REASON) and entry.meta["requested_by"] == people["pat"].pk
    assert "press" not in str(entry.meta)


def test_an_organization_may_turn_the_two_person_rule_off(draft, who, people):
    services.set_two_person_override(who("alice"), people.acme, False)
    post = draft(OVERRIDABLE_TEXT)
    services.submit(who("andy"), post)
    services.override(who("pat"), post, REASON, OK)
    assert states(post) == "approved"


def test_no_override_releases_identifiers_that_consent_cannot_cure(draft, who, second_officer):
    post = draft(BLOCK_TEXT)
    services.submit(who("andy"), post)
    for officer in ("pat", "priya"):
        with pytest.raises(Refused, match="No override can release a post that shows a Social Security number"):
            services.override(who(officer), post, REASON, OK)
    assert not Post.objects.get(pk=post.pk).overridden


def test_an_override_reason_that_names_a_patient_is_refused(draft, who):
    post = draft(OVERRIDABLE_TEXT)
    services.submit(who("andy"), post)
    with pytest.raises(Refused, match="reason names a person"):
        services.override(who("pat"), post, "Delbert Mayfield told us on 3/14 his DUI crash story is fine to share.", OK)


def test_whoever_edited_the_text_may_not_approve_or_override_it(draft, who, people, second_officer):
    post = draft(ALLOW_TEXT)
    services.edit_post(who("rita"), post, text=ALLOW_TEXT + " Bring a friend!")
    services.submit(who("andy"), post)
    with pytest.raises(Refused, match="You edited this post's text"):
        services.approve(who("rita"), post)
    services.set_approvals_required(who("alice"), people.acme, 1)
    blocked = draft(OVERRIDABLE_TEXT)
    services.edit_post(who("pat"), blocked, text=OVERRIDABLE_TEXT + " Again.")
    services.submit(who("andy"), blocked)
    with pytest.raises(Refused, match="You edited this post's text"):
        services.override(who("pat"), blocked, REASON, OK)
    services.override(who("priya"), blocked, REASON, OK)     # a request by someone who did not write it
    assert Post.objects.get(pk=blocked.pk).editors == [people["andy"].pk, people["pat"].pk]


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


def test_a_post_naming_someone_else_cannot_be_approved_on_this_authorization(people, who, draft, consent):
    post = draft("Meet Rosa Delgado, who ran her first 5K six months after her knee replacement at Acme Clinic.",
                 consent_id=consent.pk)            # the consent is Maria Lopez's
    services.submit(who("andy"), post)
    assert post.verdict == "NEEDS_AUTHORIZATION"
    with pytest.raises(Refused, match="characters 5–17 is not this authorization's patient") as e:
        services.approve(who("rita"), post)
    assert e.value.code == "consent_subject_mismatch" and "Rosa" not in e.value.message


def test_the_other_names_an_authorization_lists_are_covered(people, who, draft):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms

    c = consents.record_consent(who("pat"), people.acme, synthetic_terms("Acme Clinic", patient_name="Maria Lopez",
                                platforms=("mastodon",)), other_names="Mari, Ana Lopez (her mother)", document=SAMPLE_PDF)
    post = draft("Mari and her mom Ana Lopez celebrated six months after Mari's knee replacement at Acme Clinic.",
                 consent_id=c.pk)
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    assert states(post) == "approved"


def test_a_consent_that_does_not_cover_the_platform_is_named(people, who, draft):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms

    only_bluesky = consents.record_consent(who("pat"), people.acme, synthetic_terms("Acme Clinic",
                                           patient_name="Maria Lopez", platforms=("bluesky",)), document=SAMPLE_PDF)
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


def lapse(people, name):
    """The persona's passes expired yesterday."""
    Completion.objects.filter(org=people.acme, user=people[name]).update(
        expires_at=timezone.now() - timedelta(days=1))


def test_members_whose_training_lapsed_cannot_submit(draft, who, people):
    lapse(people, "andy")
    post = draft()
    with pytest.raises(Refused, match="training has lapsed") as e:
        services.submit(who("andy"), post)
    assert e.value.code == "training_required"
    train(people["andy"], people.acme)
    services.submit(who("andy"), post)


@pytest.mark.parametrize("call,message", [
    (lambda s, w, p: s.approve(w("rita"), p), "submit it for review first"),
    (lambda s, w, p: s.schedule(w("andy"), p, None), "submit it for review first"),
    (lambda s, w, p: s.reject(w("rita"), p, "no"), "cannot be rejected"),
    (lambda s, w, p: s.override(w("pat"), p, REASON, OK), "cannot be overridden"),
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


def test_the_audit_never_holds_the_post_text(draft, who, second_officer):
    post = draft(OVERRIDABLE_TEXT)
    services.submit(who("andy"), post)
    services.override(who("pat"), post, REASON, OK)
    services.override(who("priya"), post, REASON, OK)
    dump = str(list(AuditEntry.objects.values_list("meta", flat=True)))
    for piece in ("Delbert", "Mayfield", "DUI", "drunk", "press"):
        assert piece not in dump
    assert Post.objects.get(pk=post.pk).text == OVERRIDABLE_TEXT


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
    lapse(people, "andy")
    with pytest.raises(Refused, match="training has lapsed"):
        services.edit_post(who("andy"), post, text=ALLOW_TEXT + " Updated.")
    assert Post.objects.get(pk=post.pk).state == "approved"
