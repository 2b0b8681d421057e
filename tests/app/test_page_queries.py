"""The list pages make as many database queries for 50 rows as for 5 (no query per row), so they
stay fast with 10,000 posts and inbox items (timings: bench/pages_load.py, not here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safepost.app.accounts.rules import Role
from safepost.app.audit.services import Who, fingerprint
from safepost.app.channels.models import Channel
from safepost.app.consent import services as consents
from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms
from safepost.app.inbox import services as inbox
from safepost.app.incidents import services as incidents
from safepost.app.posts.models import Approval, Delivery, Post

STATES = ["draft", "in_review", "approved", "scheduled", "published", "failed", "rejected", "withdrawn"]

PAGES = [
    *[(f"home ({r.value})", name, "/o/acme/") for r, name in
      [(Role.ADMIN, "alice"), (Role.PRIVACY, "pat"), (Role.REVIEWER, "rita"), (Role.AUTHOR, "andy"),
       (Role.COMMUNITY, "cora"), (Role.AUDITOR, "audrey")]],
    ("posts list", "rita", "/o/acme/posts/"),
    ("calendar month", "rita", "/o/acme/posts/calendar/"),
    ("calendar week", "rita", "/o/acme/calendar/?view=week"),
    ("calendar list", "rita", "/o/acme/calendar/?view=list"),
    ("review queue", "rita", "/o/acme/posts/review/"),
    ("inbox", "cora", "/o/acme/inbox/"),
    ("search", "pat", "/o/acme/search/?q=scheduled"),
    ("consents", "pat", "/o/acme/consents/"),
    ("consents (auditor)", "audrey", "/o/acme/consents/"),
    ("incidents", "pat", "/o/acme/incidents/"),
]


def grow(people, channels: list[Channel], start: int, stop: int) -> None:
    """Posts (every state, on today's calendar, with channels, deliveries and approvals), open
    inbox items, consents with their signed form and incidents, numbered start..stop-1."""
    org, pat = people.acme, Who.user(people["pat"], people.acme)
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    posts = Post.objects.bulk_create([
        Post(org=org, author=people["andy"], text=f"Open house number {i}", text_fp=fingerprint(str(i)),
             state=STATES[i % len(STATES)], publish_at=midnight + timedelta(minutes=i), verdict="ALLOW",
             scanned_version=1, editors=[people["andy"].pk], submitted_at=midnight, approved_at=midnight)
        for i in range(start, stop)])
    Post.channels.through.objects.bulk_create([Post.channels.through(post_id=p.pk, channel_id=c.pk)
                                               for p in posts for c in channels])
    Delivery.objects.bulk_create([Delivery(org=org, post=p, channel=c, due_at=p.publish_at)
                                  for p in posts for c in channels])
    Approval.objects.bulk_create([Approval(post=p, user=people["rita"], version=1, decision="approve") for p in posts])
    inbox.ingest(Who.cli(org), org, None, [
        inbox.Incoming("google", f"r-{i}", "review", f"Friendly staff, visit {i}", timezone.now(), {"author_handle": f"u{i}"})
        for i in range(start, stop)])
    for i in range(start, stop):
        consents.record_consent(pat, org, replace(synthetic_terms("Acme Clinic"), patient_name=f"Pat Example {i}"),
                                document=SAMPLE_PDF)
        incidents.open_reported(pat, org, incidents.NewIncident(
            title=f"Synthetic incident {i}", discovered_on=timezone.localdate(), affected_by_state={"CA": 1}))


def count(client, url: str) -> int:
    assert client.get(url).status_code == 200           # warm: sessions, caches
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q.captured_queries)


def test_the_list_pages_make_as_many_queries_for_50_rows_as_for_5(people, as_user):
    channels = [Channel.objects.create(org=people.acme, platform=p, name=f"Clinic {p}", credentials="{}")
                for p in ("mastodon", "bluesky")]
    clients = {name: as_user(name) for name in {n for _, n, _ in PAGES}}
    grow(people, channels, 0, 5)
    few = {page: count(clients[name], url) for page, name, url in PAGES}
    grow(people, channels, 5, 50)
    many = {page: count(clients[name], url) for page, name, url in PAGES}
    grown = {page: (few[page], many[page]) for page in few if many[page] != few[page]}
    assert grown == {}, f"queries (5 rows, 50 rows) per page: {grown}"
    assert Post.objects.filter(org=people.acme).count() == 50


def test_the_posts_history_shows_50_a_page_newest_first_with_a_link_to_older_ones(people, as_user):
    grow_posts = [Post(org=people.acme, author=people["andy"], text=f"Post {i}", state="draft") for i in range(60)]
    ids = [p.pk for p in Post.objects.bulk_create(grow_posts)]
    client = as_user("rita")
    first = client.get("/o/acme/posts/")
    assert [p.pk for p in first.context["posts"]] == sorted(ids, reverse=True)[:50]
    assert "page=2" in first.content.decode() and "Older" in first.content.decode()
    second = client.get("/o/acme/posts/?page=2")
    assert [p.pk for p in second.context["posts"]] == sorted(ids, reverse=True)[50:]
    assert "Older" not in second.content.decode() and "Newer" in second.content.decode()
    assert client.get("/o/acme/posts/?page=nonsense").context["page"] == 1


def test_the_consents_list_pages_by_100_and_keeps_its_filter(people, as_user):
    pat = Who.user(people["pat"], people.acme)
    for i in range(101):
        consents.record_consent(pat, people.acme, replace(synthetic_terms("Acme Clinic"), patient_name=f"Pat Example {i}"))
    first = as_user("pat").get("/o/acme/consents/?status=active")
    assert len(first.context["consents"]) == 100 and "status=active&amp;page=2" in first.content.decode()
    second = as_user("pat").get("/o/acme/consents/?status=active&page=2")
    assert [c.patient_name for c in second.context["consents"]] == ["Pat Example 0"]      # the oldest
    assert "Older" not in second.content.decode()


def test_the_review_queue_shows_the_50_oldest_first_then_the_next_page(people, as_user):
    now = timezone.now()
    posts = Post.objects.bulk_create([Post(org=people.acme, author=people["andy"], text=f"Post {i}", state="in_review",
                                           verdict="ALLOW", scanned_version=1, submitted_at=now - timedelta(hours=i))
                                      for i in range(55)])
    oldest_first = [p.pk for p in sorted(posts, key=lambda p: p.submitted_at)]
    first = as_user("rita").get("/o/acme/posts/review/")
    assert [p.pk for p, _n in first.context["rows"]] == oldest_first[:50] and "page=2" in first.content.decode()
    second = as_user("rita").get("/o/acme/posts/review/?page=2")
    assert [p.pk for p, _n in second.context["rows"]] == oldest_first[50:]


def test_a_crowded_calendar_shows_a_few_posts_a_day_in_the_month_and_pages_the_list(people, as_user):
    from safepost.app.web import planner

    day = datetime(2030, 3, 12, 9, 0, tzinfo=dt_timezone.utc)
    n = planner.LIST_LIMIT + 1
    Post.objects.bulk_create([Post(org=people.acme, text=f"Post {i}", state="scheduled",
                                   publish_at=day + timedelta(minutes=i)) for i in range(n)])
    month = as_user("rita").get("/o/acme/calendar/?view=month&start=2030-03-01")
    cell = [(d, shown, more) for week in month.context["weeks"] for d, shown, more, _inside in week
            if d.isoformat() == "2030-03-12"][0]
    assert len(cell[1]) == planner.MONTH_PER_DAY and cell[2] == n - planner.MONTH_PER_DAY
    assert f"+ {n - planner.MONTH_PER_DAY} more" in month.content.decode()
    listed = as_user("rita").get("/o/acme/calendar/?view=list&start=2030-03-01")
    assert sum(len(ps) for _d, ps in listed.context["days"]) == planner.LIST_LIMIT
    assert listed.context["truncated"] and "view=list&amp;start=2030-03-13" in listed.content.decode()


def test_the_list_view_cut_keeps_whole_days_and_continues_with_the_cut_day(people, as_user):
    from safepost.app.web import planner

    first, second = datetime(2030, 3, 12, 9, 0, tzinfo=dt_timezone.utc), datetime(2030, 3, 14, 9, 0, tzinfo=dt_timezone.utc)
    Post.objects.bulk_create([Post(org=people.acme, text="x", state="scheduled", publish_at=first + timedelta(minutes=i))
                              for i in range(10)] +
                             [Post(org=people.acme, text="x", state="scheduled", publish_at=second + timedelta(minutes=i))
                              for i in range(planner.LIST_LIMIT)])
    listed = as_user("rita").get("/o/acme/calendar/?view=list&start=2030-03-01")
    assert [(d.isoformat(), len(ps)) for d, ps in listed.context["days"]] == [("2030-03-12", 10)]
    assert "view=list&amp;start=2030-03-14" in listed.content.decode()


def test_a_calendar_start_at_the_ends_of_time_falls_back_to_today(people, as_user):
    for url in ("/o/acme/calendar/?view=month&start=9999-12-31", "/o/acme/calendar/?view=week&start=0001-01-01",
                "/o/acme/calendar/?view=list&start=9999-12-20", "/o/acme/posts/calendar/?month=9999-12"):
        r = as_user("rita").get(url)
        assert r.status_code == 200 and abs((r.context["first"] - timezone.localdate()).days) < 40, url
