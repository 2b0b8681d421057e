"""The organization's time zone: an administrator sets it; members who have not chosen their own
see and enter every time in it; a member's own choice still wins."""

from __future__ import annotations

from datetime import datetime, timezone as dt_timezone

import pytest

from safepost.app.accounts import services as accounts
from safepost.app.accounts.models import Organization
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts.models import Post

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT


def test_an_administrator_sets_the_organization_time_zone_and_it_is_audited(as_user, people):
    r = as_user("alice").post("/o/acme/settings/time-zone/", {"time_zone": "America/Chicago"})
    assert r.status_code == 302
    assert Organization.objects.get(slug="acme").time_zone == "America/Chicago"
    entry = AuditEntry.objects.filter(action="org.time_zone").get()
    assert entry.meta == {"time_zone": "America/Chicago", "was": None}


def test_only_administrators_may_set_it(as_user, people):
    assert as_user("pat").post("/o/acme/settings/time-zone/", {"time_zone": "Asia/Tokyo"}).status_code == 403
    page = as_user("pat").get("/o/acme/settings/").content.decode()
    assert "data-org-tz" in page and 'action="/o/acme/settings/time-zone/"' not in page


def test_an_unknown_zone_is_refused_with_what_to_choose(as_user, people):
    r = as_user("alice").post("/o/acme/settings/time-zone/", {"time_zone": "Mars/Olympus"}, follow=True)
    assert "Choose a time zone from the list" in r.content.decode()
    assert Organization.objects.get(slug="acme").time_zone == ""
    with pytest.raises(accounts.AccountError):
        accounts.set_org_time_zone(Who.user(people["alice"], people.acme), people.acme, "Nowhere/City")


def test_members_without_their_own_zone_read_and_enter_times_in_the_organizations(as_user, people, channel):
    accounts.set_org_time_zone(Who.user(people["alice"], people.acme), people.acme, "Asia/Tokyo")
    client = as_user("andy")
    assert "Asia/Tokyo" in client.get("/o/acme/calendar/").content.decode()
    r = client.post("/o/acme/posts/new/", {"text": ALLOW_TEXT, "channels": [channel.pk],
                                           "publish_at": "2031-03-01T09:00", "action": "draft"})
    assert r.status_code == 302
    assert Post.objects.get().publish_at == datetime(2031, 3, 1, 0, 0, tzinfo=dt_timezone.utc)


def test_a_members_own_zone_wins_over_the_organizations(as_user, people):
    accounts.set_org_time_zone(Who.user(people["alice"], people.acme), people.acme, "Asia/Tokyo")
    accounts.set_profile(Who.user(people["rita"], people.acme), people["rita"], name="Rita", time_zone="Europe/Paris")
    page = as_user("rita").get("/o/acme/calendar/").content.decode()
    assert "Europe/Paris" in page and "Asia/Tokyo" not in page
    profile = as_user("andy").get("/o/acme/profile/").content.decode()
    assert "The organization&#x27;s (Asia/Tokyo)" in profile
