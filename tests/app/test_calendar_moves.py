"""Moving a scheduled post to another day on the calendar (dragged, or typed into "Move to…"):
the time of day stays the same in the person's zone, and the post is checked again (state,
verdict, approvals, authorization, not in the past) before anything changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest

from django.utils import timezone

from safepost.app.accounts.models import User
from safepost.app.audit.models import AuditEntry
from safepost.app.posts import services as posts
from safepost.app.posts.models import Delivery, Post

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

UTC = dt_timezone.utc


def scheduled_at(people, who, channel, when: datetime) -> Post:
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    posts.submit(who("andy"), post)
    posts.approve(who("rita"), post)
    return posts.schedule(who("rita"), post, when)


def move(client, post, day: str, view="week", start="2030-03-11"):
    return client.post(f"/o/acme/calendar/move/{post.pk}/", {"day": day, "view": view, "start": start}, follow=True)


def messages_of(r) -> str:
    return " ".join(str(m) for m in r.context["messages"])


def test_a_moved_post_keeps_its_time_of_day_in_the_person_s_zone(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 3, 30, tzinfo=UTC))   # 22:30 on the 11th in Chicago
    User.objects.filter(pk=people["rita"].pk).update(time_zone="America/Chicago")
    r = move(as_user("rita"), post, "2030-03-20")
    post.refresh_from_db()
    assert post.publish_at == datetime(2030, 3, 21, 3, 30, tzinfo=UTC)                  # 22:30 on the 20th, CDT
    assert post.state == "scheduled"
    assert set(Delivery.objects.filter(post=post).values_list("state", "due_at")) == {("pending", post.publish_at)}
    assert f"Post #{post.pk} moved to Wednesday 20 March 2030 at 22:30" in messages_of(r)
    assert r.redirect_chain[-1][0] == "/o/acme/calendar/?view=week&start=2030-03-11"
    entry = AuditEntry.objects.filter(action="post.schedule").order_by("-seq").first()
    assert entry.meta["moved_from"] == "2030-03-11" and entry.meta["publish_at"] == "2030-03-21T03:30+00:00"


def test_a_post_is_not_moved_into_the_past(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, timezone.now() + timedelta(days=2))
    before = post.publish_at
    r = move(as_user("rita"), post, (timezone.localdate() - timedelta(days=1)).isoformat())
    assert "cannot be moved into the past" in messages_of(r)
    post.refresh_from_db()
    assert post.publish_at == before


def test_a_published_post_cannot_be_moved(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 9, 0, tzinfo=UTC))
    Post.objects.filter(pk=post.pk).update(state="published")
    r = move(as_user("rita"), post, "2030-03-14")
    assert "A post that is published cannot be moved" in messages_of(r)
    assert Post.objects.get(pk=post.pk).publish_at == datetime(2030, 3, 12, 9, 0, tzinfo=UTC)


def test_a_post_without_the_approvals_now_required_is_refused(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 9, 0, tzinfo=UTC))
    posts.set_approvals_required(who("alice"), people.acme, 2)
    r = move(as_user("rita"), post, "2030-03-14")
    assert "has 1 of the 2 approvals" in messages_of(r)
    assert Post.objects.get(pk=post.pk).publish_at == datetime(2030, 3, 12, 9, 0, tzinfo=UTC)


def test_a_post_whose_check_no_longer_gives_its_verdict_is_refused(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 9, 0, tzinfo=UTC))
    Post.objects.filter(pk=post.pk).update(verdict="NEEDS_AUTHORIZATION")    # approved under another verdict
    r = move(as_user("rita"), post, "2030-03-14")
    assert "no longer gives the verdict it was approved with" in messages_of(r)
    Post.objects.filter(pk=post.pk).update(verdict="ALLOW", scanned_version=0)   # checked on an older version
    assert "no longer gives the verdict" in messages_of(move(as_user("rita"), post, "2030-03-14"))
    assert Post.objects.get(pk=post.pk).publish_at == datetime(2030, 3, 12, 9, 0, tzinfo=UTC)


def test_a_day_that_is_not_a_date_is_refused_with_the_expected_form(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 9, 0, tzinfo=UTC))
    r = move(as_user("rita"), post, "next tuesday", view="nonsense", start="")
    assert "enter the day as a date, like 2030-03-14" in messages_of(r)
    assert r.redirect_chain[-1][0].startswith("/o/acme/calendar/?view=week&start=")
    # years past 9000 are not taken (an evening of 9999-12-31 in Chicago is year 10000 in UTC)
    assert "enter the day as a date" in messages_of(move(as_user("rita"), post, "9999-12-31"))
    assert Post.objects.get(pk=post.pk).publish_at == datetime(2030, 3, 12, 9, 0, tzinfo=UTC)


def test_only_writers_get_the_move_controls_and_other_organizations_get_404(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 9, 0, tzinfo=UTC))
    page = as_user("rita").get("/o/acme/calendar/?view=week&start=2030-03-12").content.decode()
    assert f'data-move-form="move-{post.pk}"' in page and f'id="move-{post.pk}"' in page and "Move to…" in page
    audit_page = as_user("audrey").get("/o/acme/calendar/?view=month&start=2030-03-01").content.decode()
    assert f'data-post="{post.pk}"' in audit_page and "data-move-form" not in audit_page
    assert as_user("audrey").post(f"/o/acme/calendar/move/{post.pk}/", {"day": "2030-03-14"}).status_code == 403
    assert as_user("charlie").post(f"/o/other/calendar/move/{post.pk}/", {"day": "2030-03-14"}).status_code == 404


def test_a_patient_story_moves_only_to_days_its_authorization_covers(people, who, channel, consent):
    from .posting import STORY_TEXT

    post = posts.create_post(who("andy"), people.acme, STORY_TEXT, [channel.pk], consent_id=consent.pk,
                             publish_at=timezone.now() + timedelta(days=10))
    posts.submit(who("andy"), post)
    posts.approve(who("rita"), post)
    assert (post.state, post.verdict) == ("scheduled", "NEEDS_AUTHORIZATION")
    late, before = consent.expires_on + timedelta(days=1), post.publish_at
    with pytest.raises(posts.Refused, match=f"does not cover this post on {late:%d %B %Y}"):
        posts.move(who("rita"), post, late, UTC)
    assert Post.objects.get(pk=post.pk).publish_at == before == post.publish_at
    soon = timezone.localdate() + timedelta(days=20)
    moved = posts.move(who("rita"), Post.objects.get(pk=post.pk), soon, UTC)
    assert timezone.localtime(moved.publish_at, UTC).date() == soon


def test_the_move_rules_name_the_first_reason_a_move_is_refused():
    from safepost.app.posts.rules import MoveFacts, State, move_refusal

    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    ok = MoveFacts(state=State.SCHEDULED, when=now + timedelta(days=1), now=now, scanned=True, verdict="ALLOW",
                   verdict_now="ALLOW", approvals=1, required=1, overridden=False)
    assert move_refusal(ok) is None
    assert move_refusal(replace(ok, state=State.IN_REVIEW)).startswith("A post in review cannot be moved")
    assert "into the past" in move_refusal(replace(ok, when=now))
    assert "no longer gives the verdict" in move_refusal(replace(ok, verdict_now="BLOCK"))
    assert "no privacy officer has overridden it" in move_refusal(replace(ok, verdict="BLOCK", verdict_now="BLOCK"))
    assert move_refusal(replace(ok, verdict="BLOCK", verdict_now="BLOCK", overridden=True)) is None
    assert "has 1 of the 3 approvals" in move_refusal(replace(ok, required=3))
