"""Time zones (each person's, set on their profile; stored in UTC) and the calendar of scheduled
posts with Week and List views."""

from __future__ import annotations

from datetime import datetime, timezone as dt_timezone

from safepost.app.accounts.models import User
from safepost.app.audit.models import AuditEntry
from safepost.app.posts import services as posts
from safepost.app.posts.models import Post

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

UTC = dt_timezone.utc


def scheduled_at(people, who, channel, when: datetime) -> Post:
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    posts.submit(who("andy"), post)
    posts.approve(who("rita"), post)
    return posts.schedule(who("rita"), post, when)


def set_zone(people, name, tz):
    User.objects.filter(pk=people[name].pk).update(time_zone=tz)


def test_a_person_chooses_their_time_zone_on_the_profile(people, as_user):
    r = as_user("andy").post("/o/acme/profile/", {"name": "Andy A.", "time_zone": "America/Chicago"})
    assert r.status_code == 302
    andy = User.objects.get(pk=people["andy"].pk)
    assert (andy.time_zone, andy.name) == ("America/Chicago", "Andy A.")
    assert AuditEntry.objects.get(action="user.profile").meta == {"time_zone": "America/Chicago", "name_changed": True}


def test_an_unknown_time_zone_is_refused_with_what_to_choose(people, as_user):
    r = as_user("andy").post("/o/acme/profile/", {"time_zone": "Mars/Olympus_Mons"})
    assert r.status_code == 400 and "Choose a time zone from the list" in r.content.decode()
    assert User.objects.get(pk=people["andy"].pk).time_zone == ""


def test_times_are_shown_in_the_person_s_zone(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 3, 30, tzinfo=UTC))
    set_zone(people, "rita", "America/Chicago")
    html = as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert "2030-03-11 22:30 America/Chicago" in html                 # CDT, the evening before
    assert "2030-03-12 03:30 UTC" in as_user("andy").get(f"/o/acme/posts/{post.pk}/").content.decode()


def test_a_time_entered_is_read_in_the_person_s_zone_and_stored_in_utc(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 1, 1, 12, 0, tzinfo=UTC))
    set_zone(people, "rita", "Asia/Tokyo")
    as_user("rita").post(f"/o/acme/posts/{post.pk}/schedule/", {"publish_at": "2030-01-10T09:00"})
    assert Post.objects.get(pk=post.pk).publish_at == datetime(2030, 1, 10, 0, 0, tzinfo=UTC)


def test_the_week_view_puts_each_post_on_its_local_day(people, who, as_user, channel):
    post = scheduled_at(people, who, channel, datetime(2030, 3, 12, 3, 30, tzinfo=UTC))   # a Tuesday in UTC
    posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk],
                      publish_at=datetime(2030, 3, 12, 4, 0, tzinfo=UTC))                 # a draft: not shown
    r = as_user("andy").get("/o/acme/calendar/?view=week&start=2030-03-13")
    days = {d.isoformat(): [p.pk for p in ps] for d, ps in r.context["days"]}
    assert list(days)[0] == "2030-03-11" and len(days) == 7                   # Monday to Sunday
    assert days["2030-03-12"] == [post.pk]
    set_zone(people, "andy", "America/Chicago")
    r = as_user("andy").get("/o/acme/calendar/?view=week&start=2030-03-13")
    days = {d.isoformat(): [p.pk for p in ps] for d, ps in r.context["days"]}
    assert days["2030-03-11"] == [post.pk] and days["2030-03-12"] == []
    assert "22:30" in r.content.decode()


def test_the_list_view_shows_the_next_30_days_in_order(people, who, as_user, channel):
    late = scheduled_at(people, who, channel, datetime(2030, 5, 20, 9, 0, tzinfo=UTC))
    early = scheduled_at(people, who, channel, datetime(2030, 5, 2, 9, 0, tzinfo=UTC))
    scheduled_at(people, who, channel, datetime(2030, 7, 1, 9, 0, tzinfo=UTC))           # after the 30 days
    r = as_user("audrey").get("/o/acme/calendar/?view=list&start=2030-05-01")
    assert [p.pk for _d, ps in r.context["days"] for p in ps] == [early.pk, late.pk]
    html = r.content.decode()
    assert html.index(f'data-post="{early.pk}"') < html.index(f'data-post="{late.pk}"')


def test_the_calendar_shows_nothing_of_another_organization(people, who, as_user, channel):
    scheduled_at(people, who, channel, datetime(2030, 5, 2, 9, 0, tzinfo=UTC))
    r = as_user("charlie").get("/o/other/calendar/?view=list&start=2030-05-01")
    assert r.context["days"] == []
    assert "Calendar" in dict(as_user("andy").get("/o/acme/").context["nav"])


def test_a_bad_start_date_falls_back_to_today(people, as_user):
    r = as_user("andy").get("/o/acme/calendar/?view=nonsense&start=yesterday")
    assert r.status_code == 200 and r.context["view"] == "week"
