"""Incidents open by themselves from the other places a disclosure happens: a public inbound
item with PHI still up past its first-response time (the inbox's SLA job), and a consent
revoked while a post it covered is published. Real services, the real database, the fake
platform over HTTP; one incident per source."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.inbox import services as inbox
from safepost.app.inbox.models import Item
from safepost.app.inbox.sla import flag_past_sla
from safepost.app.incidents.models import Incident
from safepost.app.notify.models import Notification
from safepost.app.posts import publishing, services

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, STORY_TEXT

PHI_REVIEW = "My daughter Emma was diagnosed with leukemia here last week, call me at 555-201-3344"
KIND_REVIEW = "Kind staff, thank you!"


def ingest(people, *rows):
    now = timezone.now()
    incoming = [inbox.Incoming(source, ext, kind, text, now - age, {"author_handle": "Al"})
                for source, ext, kind, text, age in rows]
    return inbox.ingest(Who.cli(people.acme), people.acme, None, incoming)


# -- a public inbound item with PHI past its SLA ------------------------------------------------
def test_a_public_phi_review_left_unanswered_past_its_sla_opens_one_incident(people):
    phi, kind = ingest(people, ("yelp", "y-1", "review", PHI_REVIEW, timedelta(days=3)),
                       ("google", "g-1", "review", KIND_REVIEW, timedelta(days=3)))
    assert phi.verdict != "ALLOW" and kind.verdict == "ALLOW"

    assert flag_past_sla("w1") == 2                          # both are late; only one is PHI
    i = Incident.objects.get()
    assert (i.source_kind, i.source_id, i.open_reason) == ("inbox_item", phi.pk, "phi_public_past_sla")
    assert "Emma" not in i.title
    assert Notification.objects.filter(event="inbox.sla_breach", recipient=people["cora"]).count() == 2
    assert Notification.objects.filter(event="incident.opened", recipient=people["pat"]).exists()
    breach = AuditEntry.objects.get(action="inbox.sla_breach", object_id=str(phi.pk))
    assert breach.meta["hours_late"] >= 47 and "Emma" not in str(breach.meta)

    assert flag_past_sla("w1") == 0                          # recorded once per item
    assert Incident.objects.count() == 1


def test_an_item_still_within_its_sla_or_hidden_or_private_opens_no_incident(people):
    fresh, hidden, private = ingest(people, ("yelp", "y-1", "review", PHI_REVIEW, timedelta(hours=1)),
                                    ("yelp", "y-2", "review", PHI_REVIEW + " again", timedelta(days=3)),
                                    ("secure_form", "s-1", "direct_message", PHI_REVIEW, timedelta(days=3)))
    Item.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    assert flag_past_sla("w1") == 2                          # the hidden and the private one are late
    assert not Incident.objects.exists()


def test_an_answered_item_is_not_past_its_sla(people):
    (phi,) = ingest(people, ("yelp", "y-1", "review", PHI_REVIEW, timedelta(days=3)))
    inbox.resolve(Who.user(people["cora"], people.acme), phi)
    assert flag_past_sla("w1") == 0
    assert not Incident.objects.exists()


# -- a consent revoked after publication -------------------------------------------------------------
def publish(people, who, channel, text, consent=None):
    post = services.create_post(who("andy"), people.acme, text, [channel.pk], consent_id=consent)
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    services.schedule(who("andy"), post, None)
    assert publishing.publish_due("w1") == 1
    post.refresh_from_db()
    assert post.state == "published"
    return post


def test_revoking_a_consent_whose_post_is_published_opens_one_incident(people, who, channel, consent):
    from safepost.app.consent import services as consents

    publish(people, who, channel, STORY_TEXT, consent=consent.pk)
    consents.revoke(who("pat"), consent)
    i = Incident.objects.get()
    assert (i.source_kind, i.source_id, i.open_reason) == ("consent", consent.pk, "consent_revoked_published")
    assert "Maria" not in i.title
    assert AuditEntry.objects.filter(action="incident.open", meta__source_id=consent.pk).count() == 1


def test_revoking_a_consent_no_published_post_relied_on_opens_no_incident(people, who, channel, consent):
    from safepost.app.consent import services as consents

    publish(people, who, channel, ALLOW_TEXT)
    consents.revoke(who("pat"), consent)
    assert not Incident.objects.exists()


def test_items_recorded_earlier_do_not_hide_newer_late_items_from_the_job(people, monkeypatch):
    from safepost.app.inbox import sla

    monkeypatch.setattr(sla, "BATCH", 1)                      # a small slice, as with a long backlog
    older, newer = ingest(people, ("yelp", "y-1", "review", PHI_REVIEW, timedelta(days=5)),
                          ("yelp", "y-2", "review", PHI_REVIEW + " again", timedelta(days=3)))
    assert flag_past_sla("w1") == 1 and flag_past_sla("w1") == 1 and flag_past_sla("w1") == 0
    assert set(Incident.objects.values_list("source_id", flat=True)) == {older.pk, newer.pk}
