"""Containment: an incident records what of ours is up on the platforms (published posts, sent
replies), and "Take down" deletes it through the real connector against the fake platform over
HTTP: success (when, by whom), the platform's refusal kept and shown, removal by hand, one
takedown at a time (the claim), and only the incident's own rows. Audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.inbox import services as inbox
from safepost.app.inbox.models import Reply
from safepost.app.incidents import containment
from safepost.app.incidents.models import Exposure, Incident
from safepost.app.incidents.services import NewIncident, open_incident, open_reported
from safepost.app.posts import publishing, services
from safepost.app.posts.models import Delivery

from .posting import *  # noqa: F401,F403
from .posting import OVERRIDABLE_TEXT

REASON = "The story was shared publicly by the family and the press office confirmed it today."


def url(name: str, **kw) -> str:
    return reverse(name, kwargs={"org": "acme", **kw})


@pytest.fixture
def incident(people, who, channel):
    """An overridden post published on the fake platform: the incident opens with one exposure."""
    post = services.create_post(who("andy"), people.acme, OVERRIDABLE_TEXT, [channel.pk])
    services.submit(who("andy"), post)
    services.set_two_person_override(who("alice"), people.acme, False)
    services.override(who("pat"), post, REASON, "RELEASE")
    services.schedule(who("andy"), post, None)
    assert publishing.publish_due("w1") == 1
    return Incident.objects.get(source_kind="post", source_id=post.pk)


def test_an_incident_about_a_published_post_tracks_its_delivery_as_still_up(incident):
    (e,) = incident.exposures.all()
    d = Delivery.objects.get(pk=e.ref_id)
    assert (e.kind, e.post_id, e.channel_id, e.state) == ("post", incident.source_id, d.channel_id, "live")


def test_take_down_deletes_the_post_on_the_platform_and_records_when_and_by_whom(as_user, people, incident, fake_platform):
    (e,) = incident.exposures.all()
    remote_id = Delivery.objects.get(pk=e.ref_id).remote["id"]
    r = as_user("pat").post(url("incidents-containment", incident_id=incident.pk), {"op": "take_down_all"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.state == "removed" and e.removed_by_actor == people["pat"].email and e.removed_at is not None
    assert fake_platform.deleted == [remote_id] and fake_platform.statuses == []
    assert Delivery.objects.get(pk=e.ref_id).state == "deleted"
    entry = AuditEntry.objects.get(action="incident.takedown")
    assert entry.meta["remote_id"] == remote_id and entry.object_id == str(incident.pk)
    html = as_user("pat").get(url("incidents-detail", incident_id=incident.pk)).content.decode()
    assert "Taken down (platform confirmed)" in html and "incident.takedown" in html
    with pytest.raises(containment.ContainmentError, match="already taken down"):
        containment.take_down(Who.user(people["pat"], people.acme), e)


def test_a_platform_refusal_is_kept_and_shown_then_a_removal_by_hand_is_recorded(as_user, people, incident, fake_platform):
    (e,) = incident.exposures.all()
    fake_platform.token = "revoked-token"                     # the platform now refuses our credentials
    pat = as_user("pat")
    r = pat.post(url("incidents-containment", incident_id=incident.pk), {"op": "take_down", "exposure": e.pk})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.state == "failed" and e.error_code == "auth" and e.last_error
    assert AuditEntry.objects.get(action="incident.takedown_failed").meta["code"] == "auth"
    html = pat.get(url("incidents-detail", incident_id=incident.pk)).content.decode()
    assert "Takedown failed" in html and "The platform answered:" in html

    pat.post(url("incidents-containment", incident_id=incident.pk), {"op": "mark_done", "exposure": e.pk})
    e.refresh_from_db()
    assert e.state == "manual" and e.removed_by_actor == people["pat"].email
    assert AuditEntry.objects.filter(action="incident.takedown_manual", object_id=str(incident.pk)).exists()


def test_only_one_takedown_runs_at_a_time_and_a_dead_claim_is_taken_over(people, incident, fake_platform):
    (e,) = incident.exposures.all()
    Exposure.objects.filter(pk=e.pk).update(state="removing", worker="w-dead", lease_until=timezone.now() + timedelta(minutes=3))
    who = Who.user(people["pat"], people.acme)
    with pytest.raises(containment.ContainmentError, match="right now"):
        containment.take_down(who, e)
    assert fake_platform.deleted == []
    Exposure.objects.filter(pk=e.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert containment.take_down(who, e).state == "removed"
    assert len(fake_platform.deleted) == 1


def test_a_reply_the_platform_no_longer_has_counts_as_taken_down(people, channel, fake_platform):
    (item,) = inbox.ingest(Who.cli(people.acme), people.acme, channel, [
        inbox.Incoming("mastodon", "m-1", "reply", "Thanks for the visit", timezone.now(), {})])
    Reply.objects.create(org=people.acme, item=item, body="Our reply", body_fp="x", state="sent",
                         remote={"platform": "mastodon", "id": "424242", "url": None})
    i = open_incident(people.acme, "inbox_item", item.pk, "reported")
    (e,) = i.exposures.all()
    assert (e.kind, e.item_id, e.channel_id) == ("reply", item.pk, channel.pk)
    assert containment.take_down(Who.user(people["pat"], people.acme), e).state == "removed"   # 404: gone is fine


def test_an_exposure_of_another_incident_is_not_found(as_user, people, incident):
    other = open_reported(Who.cli(people.acme), people.acme, NewIncident(
        title="By hand", discovered_on=timezone.localdate(), affected_by_state={}))
    (e,) = incident.exposures.all()
    r = as_user("pat").post(url("incidents-containment", incident_id=other.pk), {"op": "take_down", "exposure": e.pk})
    assert r.status_code == 404
    r = as_user("pat").post(url("incidents-containment", incident_id=other.pk), {"op": "take_down"})
    assert r.status_code == 302 and Exposure.objects.get().state == "live"


def test_only_incident_managers_take_down(as_user, incident):
    r = as_user("audrey").post(url("incidents-containment", incident_id=incident.pk), {"op": "take_down_all"})
    assert r.status_code == 403
    assert Exposure.objects.get().state == "live"
