"""Role homes: after sign-in each person lands on /o/<org>/ and sees first what their role
needs; a refused page says which roles may do it and who the administrators are."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safepost.app.inbox import services as inbox
from safepost.app.posts import services as posts

from .conftest import PASSWORD
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, OVERRIDABLE_TEXT

PHI_REVIEW = "Dr. Smith removed my gallbladder on March 3, call me at 555-201-3344, Maria Lopez"


def submitted(who, people, channel, text, name="andy", **kw):
    return posts.submit(who(name), posts.create_post(who(name), people.acme, text, [channel.pk], **kw))


def sections(client, org="acme"):
    r = client.get(f"/o/{org}/")
    assert r.status_code == 200
    return {s.key: s for s in r.context["sections"]}


def test_signing_in_lands_on_the_organization_home(people):
    c = Client()
    c.post("/login/", {"email": "andy@acme.test", "password": PASSWORD})
    assert c.get("/")["Location"] == "/o/acme/"


def test_an_author_sees_their_drafts_and_what_came_back_from_review(people, who, as_user, channel):
    mine = posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    posts.create_post(who("cora"), people.acme, ALLOW_TEXT)               # someone else's draft
    sent = submitted(who, people, channel, ALLOW_TEXT)
    posts.reject(who("rita"), sent, "Please add the clinic's opening hours.")
    s = sections(as_user("andy"))
    assert list(s) == ["my-drafts", "returned"]
    assert [r.href for r in s["my-drafts"].rows] == [f"/o/acme/posts/{mine.pk}/"]
    assert s["returned"].total == 1 and s["returned"].rows[0].urgent


def test_a_reviewer_sees_the_queue_oldest_first_and_the_count_due_today(people, who, as_user, channel):
    soon = timezone.now().replace(hour=23, minute=0) if timezone.now().hour < 23 else timezone.now() + timedelta(minutes=5)
    first = submitted(who, people, channel, ALLOW_TEXT, publish_at=soon)
    second = submitted(who, people, channel, ALLOW_TEXT, publish_at=timezone.now() + timedelta(days=3))
    queue = sections(as_user("rita"))["review-queue"]
    assert [r.href for r in queue.rows] == [f"/o/acme/posts/{first.pk}/", f"/o/acme/posts/{second.pk}/"]
    assert queue.summary.startswith("1 due")


def test_a_privacy_officer_sees_overrides_waiting_for_a_second_officer(people, who, as_user, second_officer, channel):
    post = submitted(who, people, channel, OVERRIDABLE_TEXT)
    assert post.verdict == "BLOCK"
    assert sections(as_user("pat"))["overrides"].total == 0
    posts.override(who("pat"), post, "Staff training example, approved by the board for internal use.", "RELEASE")
    waiting = sections(as_user("priya"))["overrides"]
    assert [r.href for r in waiting.rows] == [f"/o/acme/posts/{post.pk}/"]


def test_privacy_sees_inbox_phi_and_community_sees_what_is_past_its_sla(people, who, as_user):
    now = timezone.now()
    inbox.ingest(who("cora"), people.acme, None, [
        inbox.Incoming("google", "g-1", "review", "Lovely staff, thank you!", now - timedelta(days=3), {}, rating=5),
        inbox.Incoming("yelp", "y-1", "review", PHI_REVIEW, now - timedelta(minutes=5), {}, rating=2)])
    assert sections(as_user("pat"))["inbox-phi"].total == 1
    overdue = sections(as_user("cora"))["inbox-overdue"]
    assert overdue.total == 1 and "was due" in overdue.rows[0].note


def test_an_admin_sees_the_team_and_the_channels(people, as_user, channel):
    s = sections(as_user("alice"))
    assert s["team"].total == 6
    assert [r.text for r in s["channels"].rows] == ["Main · Active"]


def test_an_auditor_sees_the_latest_audit_entries(people, as_user):
    s = sections(as_user("audrey"))
    assert list(s) == ["audit"] and s["audit"].total >= 1


def test_the_home_shows_nothing_of_another_organization(people, who, as_user):
    posts.create_post(charlie_who(people), people.other, ALLOW_TEXT)
    assert sections(as_user("charlie"), "other")["team"].total == 1
    assert sections(as_user("andy"))["my-drafts"].total == 0


def charlie_who(people):
    from safepost.app.audit.services import Who
    return Who.user(people["charlie"], people.other)


def test_a_refused_page_keeps_the_navigation_names_the_roles_and_the_admins(people, as_user):
    r = as_user("andy").get("/o/acme/audit/")
    assert r.status_code == 403
    html = r.content.decode()
    assert 'aria-label="Main"' in html                          # the organization's navigation
    assert "Privacy officer, Auditor" in html                    # who may read the audit log
    assert 'href="mailto:alice@acme.test"' in html and "charlie" not in html


def test_a_refused_post_says_who_may_approve(people, who, as_user, channel):
    post = submitted(who, people, channel, ALLOW_TEXT)
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/approve/")
    assert r.status_code == 403 and "Privacy officer, Reviewer" in r.content.decode()
