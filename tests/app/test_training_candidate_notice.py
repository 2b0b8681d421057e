"""The privacy officers are told when a candidate scenario arrives, through the notification
service: a link to the candidate and the source as the reason code (flagged_draft,
closed_incident), never its text; nothing when no candidate is made. Real engine, database,
notification service and the worker's e-mail job."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safepost.app.audit.services import Who
from safepost.app.incidents import services as incidents
from safepost.app.incidents.services import NewIncident
from safepost.app.notify import jobs as notify_jobs
from safepost.app.notify.models import Notification
from safepost.app.posts import services as posts
from safepost.app.training.models import Scenario

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, STORY_TEXT
from .test_notify import smtp  # noqa: F401  (fixture: a real SMTP server)

EVENT = "training.scenario_candidate"


def notices(org):
    return list(Notification.objects.filter(org=org, event=EVENT).order_by("pk"))


def test_a_flagged_draft_candidate_tells_the_privacy_officers_with_a_link_and_a_code(people, who):
    post = posts.create_post(who("andy"), people.acme, STORY_TEXT)
    s = Scenario.objects.get(org=people.acme, source="flagged_draft", source_id=post.pk)
    [n] = notices(people.acme)
    assert n.recipient == people["pat"]                       # the privacy officer only
    assert (n.reason, n.link) == ("flagged_draft", f"/o/acme/training/scenarios/{s.pk}/")
    assert (n.object_type, n.object_id) == ("scenario", s.pk)
    assert not notices(people.other)


def test_a_closed_incident_candidate_tells_them_with_its_own_code(people, who):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    post.text = "Get well soon to Harold Finch, recovering from his bypass surgery in our cardiac unit!"
    post.save()
    pat = Who.user(people["pat"], people.acme)
    i = incidents.open_reported(pat, people.acme, NewIncident(
        title="Synthetic incident", discovered_on=timezone.localdate() - timedelta(days=1), affected_by_state={"CA": 1},
        source_kind="post", source_id=post.pk))
    incidents.close(pat, incidents.claim_exception(pat, i, "unable_to_retain", "Sent to a fax that printed nothing.", False))
    s = Scenario.objects.get(org=people.acme, source="closed_incident")
    assert [(n.reason, n.link) for n in notices(people.acme)] == [
        ("closed_incident", f"/o/acme/training/scenarios/{s.pk}/")]


def test_no_candidate_no_notice(people, who):
    posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    post = posts.create_post(who("andy"), people.acme, STORY_TEXT)
    posts.edit_post(who("andy"), post, text=STORY_TEXT + " She says thank you to the whole team!")   # same source
    assert len(notices(people.acme)) == 1


def test_the_notice_and_its_e_mail_carry_no_text_of_the_post(people, who, smtp):  # noqa: F811
    posts.create_post(who("andy"), people.acme, STORY_TEXT)
    [n] = notices(people.acme)
    Notification.objects.filter(pk=n.pk).update(mail=Notification.Mail.PENDING)   # as if pat chose e-mail at once
    assert notify_jobs.send_now("w1") == 1
    [(to, raw)] = smtp.messages
    assert to == ["pat@acme.test"] and "Subject: [SafePost] A practice scenario waits for your review" in raw
    assert f"/o/acme/training/scenarios/{n.object_id}/" in raw and "flagged_draft" in raw
    for word in ("Maria", "Lopez", "knee", "NAME"):
        assert word not in raw
