"""The notification service: who is told, what an e-mail may carry, delivery over a real SMTP
server (aiosmtpd) with retries and daily digests, and the bell's pages."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from safepost.app import settings as app_settings
from safepost.app.accounts.rules import Role
from safepost.app.notify import jobs, services
from safepost.app.notify.events import Email, Event
from safepost.app.notify.models import Notification
from safepost.app.notify.services import NotifyError, notify
from safepost.app.posts import services as posts

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

LINK = "/o/acme/posts/7/"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()     # nobody listens


def names(notes):
    return sorted(n.recipient.name.lower() for n in notes)


# -- who is told ---------------------------------------------------------------------------
def test_it_tells_the_events_default_roles_when_no_one_is_named(people):
    assert names(notify(people.acme, Event.INCIDENT_OPENED, link=LINK)) == ["pat"]
    assert names(notify(people.acme, Event.INBOX_PHI, link=LINK)) == ["cora", "pat"]


def test_it_tells_named_people_and_roles_but_never_outsiders_or_the_actor(people):
    notes = notify(people.acme, Event.INCIDENT_ASSIGNED, link=LINK, to=[people["andy"], people["charlie"]],
                   roles=[Role.PRIVACY, Role.REVIEWER], exclude=people["rita"])
    assert names(notes) == ["andy", "pat"]


def test_a_deactivated_member_is_not_told(people):
    people["pat"].is_active = False
    people["pat"].save()
    assert notify(people.acme, Event.INCIDENT_OPENED, link=LINK) == []


@pytest.mark.parametrize("reason", ["Maria Lopez had surgery", "x" * 61, "MRN 12345"])
def test_a_reason_must_be_a_code_never_text(people, reason):
    with pytest.raises(NotifyError, match="reason code"):
        notify(people.acme, Event.INCIDENT_OPENED, link=LINK, reason=reason)


@pytest.mark.parametrize("link", ["https://evil.example/x", "//evil.example/x", "posts/7", "/o/acme/ x"])
def test_a_link_must_stay_inside_safepost(people, link):
    with pytest.raises(NotifyError, match="path inside SafePost"):
        notify(people.acme, Event.INCIDENT_OPENED, link=link)


def test_a_persons_choices_decide_the_bell_and_the_email(people):
    pat = people["pat"]
    services.set_choice(people.acme, pat, Event.INCIDENT_OPENED, in_app=False, email=Email.OFF)
    assert notify(people.acme, Event.INCIDENT_OPENED, link=LINK) == []
    services.set_choice(people.acme, pat, Event.INCIDENT_OPENED, in_app=False, email=Email.NOW)
    [n] = notify(people.acme, Event.INCIDENT_OPENED, link=LINK)
    assert (n.shown_in_app, n.mail) == (False, "pending")
    assert services.unread_count(pat, people.acme) == 0


def test_the_review_cycle_tells_reviewers_and_the_author(people, who, channel):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    posts.submit(who("andy"), post)
    waiting = Notification.objects.filter(event="post.submitted")
    assert sorted(n.recipient.name for n in waiting) == ["Pat", "Rita"]
    assert {n.link for n in waiting} == {f"/o/acme/posts/{post.pk}/"}
    posts.reject(who("rita"), post, "Please say which clinics.")
    [back] = Notification.objects.filter(event="post.returned")
    assert (back.recipient.name, back.reason) == ("Andy", "rejected")


def test_phi_in_an_inbound_item_tells_privacy_and_community_with_a_link_to_it(people):
    from safepost.app.audit.services import Who
    from safepost.app.inbox import services as inbox

    now = timezone.now()
    [safe, phi] = inbox.ingest(Who.cli(people.acme), people.acme, None, [
        inbox.Incoming("yelp", "y-1", "review", "Parking was easy and the lobby is bright.", now),
        inbox.Incoming("yelp", "y-2", "review", "My neighbor Tom Reyes is in your ICU after his stroke, "
                       "call his wife at 614-555-0142", now)])
    told = Notification.objects.filter(event="inbox.phi")
    assert sorted(n.recipient.name for n in told) == ["Cora", "Pat"]
    assert {n.link for n in told} == {f"/o/acme/inbox/{phi.pk}/"}
    assert all("Reyes" not in n.reason and "614" not in n.reason for n in told)


# -- e-mail ------------------------------------------------------------------------------------
def test_an_email_goes_out_over_smtp_with_a_link_and_no_text(people, smtp):
    notify(people.acme, Event.INCIDENT_OPENED, link="/o/acme/incidents/3/", reason="override_published")
    assert jobs.send_now("w1") == 1
    [(to, raw)] = smtp.messages
    assert to == ["pat@acme.test"]
    assert "Subject: [SafePost] An incident was opened" in raw
    assert "http://127.0.0.1:8000/o/acme/incidents/3/" in raw and "override_published" in raw
    n = Notification.objects.get()
    assert (n.mail, n.mail_attempts) == ("sent", 0) and n.mailed_at is not None
    assert jobs.send_now("w1") == 0                     # sent once


def test_a_failed_send_is_retried_with_backoff_then_parked_never_dropped(people, smtp_down):
    notify(people.acme, Event.INCIDENT_OPENED, link=LINK)
    assert jobs.send_now("w1") == 1
    n = Notification.objects.get()
    assert (n.mail, n.mail_attempts, n.mail_error) == ("pending", 1, "ConnectionRefusedError")
    assert jobs.send_now("w1") == 0                     # not before its next try
    for _ in range(jobs.MAX_ATTEMPTS - 1):
        Notification.objects.update(mail_next_try=timezone.now() - timedelta(seconds=1))
        jobs.send_now("w1")
    n.refresh_from_db()
    assert (n.mail, n.mail_attempts) == ("failed", jobs.MAX_ATTEMPTS)
    assert services.unread_count(people["pat"], people.acme) == 1     # still in the bell


def test_a_send_abandoned_by_a_crashed_worker_is_picked_up_after_its_lease(people, smtp):
    notify(people.acme, Event.INCIDENT_OPENED, link=LINK)
    Notification.objects.update(mail="sending", mail_worker="dead:1", mail_lease_until=timezone.now() - timedelta(seconds=1))
    assert jobs.send_now("w2") == 1
    assert len(smtp.messages) == 1 and Notification.objects.get().mail == "sent"


def test_the_digest_collects_a_days_notifications_into_one_email_once_a_day(people, smtp, settings):
    settings.SAFEPOST_DIGEST_HOUR = 0
    notify(people.acme, Event.POST_APPROVED, link="/o/acme/posts/1/", to=[people["andy"]])
    notify(people.acme, Event.POST_PUBLISHED, link="/o/acme/posts/2/", to=[people["andy"]])
    assert jobs.send_now("w1") == 0                     # digest events are not sent at once
    assert jobs.send_digests("w1") == 2
    [(to, raw)] = smtp.messages
    assert to == ["andy@acme.test"] and "2 notifications" in raw
    assert "/o/acme/posts/1/" in raw and "/o/acme/posts/2/" in raw
    notify(people.acme, Event.POST_APPROVED, link="/o/acme/posts/3/", to=[people["andy"]])
    assert jobs.send_digests("w1") == 0                 # tomorrow's digest
    assert len(smtp.messages) == 1


def test_no_digest_goes_out_before_the_digest_hour(people, smtp, settings):
    settings.SAFEPOST_DIGEST_HOUR = 23 if timezone.now().hour < 23 else 24
    notify(people.acme, Event.POST_APPROVED, link=LINK, to=[people["andy"]])
    assert jobs.send_digests("w1") == 0 and smtp.messages == []


def test_the_smtp_url_setting_is_parsed_and_bad_ones_are_refused():
    conf = app_settings._smtp("smtp://mailer:s%40cret@mail.example.org:587?starttls=1")
    assert (conf["EMAIL_HOST"], conf["EMAIL_PORT"], conf["EMAIL_HOST_PASSWORD"], conf["EMAIL_USE_TLS"]) == \
        ("mail.example.org", 587, "s@cret", True)
    assert app_settings._smtp("smtp+ssl://mail.example.org")["EMAIL_PORT"] == 465
    with pytest.raises(ImproperlyConfigured, match="smtp://"):
        app_settings._smtp("http://mail.example.org")


# -- pages -------------------------------------------------------------------------------------
def test_the_bell_counts_unread_and_opening_one_marks_it_read(people, as_user):
    [n] = notify(people.acme, Event.INCIDENT_OPENED, link="/o/acme/posts/")
    c = as_user("pat")
    page = c.get("/o/acme/notifications/").content.decode()
    assert "Notifications: 1 unread" in page and "An incident was opened" in page
    r = c.post(f"/o/acme/notifications/{n.pk}/open/")
    assert r.status_code == 302 and r["Location"] == "/o/acme/posts/"
    assert "Notifications: 0 unread" in c.get("/o/acme/notifications/").content.decode()


def test_nobody_opens_someone_elses_notification(people, as_user):
    [n] = notify(people.acme, Event.INCIDENT_OPENED, link=LINK)
    assert as_user("alice").post(f"/o/acme/notifications/{n.pk}/open/").status_code == 404
    assert as_user("charlie").post(f"/o/other/notifications/{n.pk}/open/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(people, as_user):
    notify(people.acme, Event.INCIDENT_OPENED, link=LINK)
    notify(people.acme, Event.INCIDENT_DEADLINE, link=LINK)
    r = as_user("pat").post("/o/acme/notifications/read/", follow=True)
    assert "Marked 2 notifications as read." in r.content.decode()
    assert services.unread_count(people["pat"], people.acme) == 0


def test_the_settings_page_saves_choices_and_refuses_an_unknown_one(people, as_user):
    c = as_user("andy")
    form = {f"email-{e.value}": "digest" for e in Event}
    form["email-post.returned"] = "off"
    form["app-post.returned"] = "on"
    assert c.post("/o/acme/notifications/settings/", form).status_code == 302
    assert services.choice(people.acme, people["andy"], Event.POST_RETURNED) == (True, Email.OFF)
    assert services.choice(people.acme, people["andy"], Event.POST_APPROVED) == (False, Email.DIGEST)
    form["email-post.returned"] = "hourly"
    page = c.post("/o/acme/notifications/settings/", form).content.decode()
    assert "at once, daily digest or no e-mail" in page
    assert services.choice(people.acme, people["andy"], Event.POST_RETURNED) == (True, Email.OFF)
