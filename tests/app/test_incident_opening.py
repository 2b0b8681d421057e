"""Incidents open by themselves when a post released by an override is published (through the
real publishing worker, against the fake platform), and not for ordinary posts."""

from __future__ import annotations

from safepost.app.audit.models import AuditEntry
from safepost.app.incidents.models import Incident
from safepost.app.notify.models import Notification
from safepost.app.posts import publishing, services

from .posting import *
from .posting import ALLOW_TEXT, OVERRIDABLE_TEXT

REASON = "The story was shared publicly by the family and the press office confirmed it today."


def publish(people, who, channel, text, override=False):
    post = services.create_post(who("andy"), people.acme, text, [channel.pk])
    services.submit(who("andy"), post)
    if override:
        services.set_two_person_override(who("alice"), people.acme, False)
        services.override(who("pat"), post, REASON, "RELEASE")
    else:
        services.approve(who("rita"), post)
    services.schedule(who("andy"), post, None)
    assert publishing.publish_due("w1") == 1
    post.refresh_from_db()
    assert post.state == "published"
    return post


def test_publishing_an_overridden_post_opens_an_incident_and_tells_the_privacy_officer(people, who, channel):
    post = publish(people, who, channel, OVERRIDABLE_TEXT, override=True)
    i = Incident.objects.get()
    assert (i.org, i.source_kind, i.source_id, i.open_reason, i.state) == (
        people.acme, "post", post.pk, "override_published", "open")
    assert i.discovered_at == post.published_at
    assert Notification.objects.filter(event="incident.opened", recipient=people["pat"],
                                       reason="override_published").exists()
    entry = AuditEntry.objects.get(action="incident.open")
    assert entry.actor == "system:incidents" and entry.meta["source_id"] == post.pk
    assert "Delbert" not in i.title and "Delbert" not in str(entry.meta)


def test_publishing_an_ordinary_post_opens_no_incident(people, who, channel):
    publish(people, who, channel, ALLOW_TEXT)
    assert not Incident.objects.exists()
