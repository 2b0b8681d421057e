"""The Texas training policy with the real database: the settings (page and audit), a new
hire's standing and the gate (403 training_required after day 90, on the API), the 2-year
pass, the reminders before and at a new hire's deadline, the team report and its CSV, and
/api/v1/training/me."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.accounts.models import Membership
from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.notify.models import Notification
from safepost.app.posts import services as posts
from safepost.app.training import reminders, rules, services
from safepost.app.training.models import HireReminder
from safepost.app.training.rules import Policy, Standing

from .conftest import make_member
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

NOW = timezone.now()


def texas(people):
    services.set_settings(Who.user(people["alice"], people.acme), people.acme, 365, 80, Policy.TEXAS)


def hired(people, name, days_ago, role=Role.AUTHOR):
    """A new member of acme whose membership started `days_ago` days ago."""
    user = make_member(people.acme, name, role)
    Membership.objects.filter(org=people.acme, user=user).update(created=NOW - timedelta(days=days_ago))
    return user


def test_the_policy_is_saved_audited_and_refused_when_unknown(people):
    texas(people)
    assert services.settings_for(people.acme) == services.Settings(365, 80, Policy.TEXAS)
    e = AuditEntry.objects.filter(action="training.settings").last()
    assert (e.meta["policy"], e.meta["was_policy"]) == ("texas", "default")
    with pytest.raises(services.TrainingError, match="Choose a training policy"):
        services.set_settings(Who.cli(people.acme), people.acme, 365, 80, "california")
    assert services.settings_for(people.other).policy is Policy.DEFAULT


def test_a_texas_pass_lasts_two_calendar_years_and_a_default_one_the_period(people):
    nina = hired(people, "nina", 0)
    [default] = services.train(nina, people.acme, modules=["photos-and-video"])
    assert default.expires_at - default.completed_at == timedelta(days=365)
    texas(people)
    [two_years] = services.train(nina, people.acme, modules=["photos-and-video"])
    assert two_years.expires_at == rules.add_years(two_years.completed_at, 2)


@pytest.mark.parametrize("days_ago, current, standing", [(0, True, Standing.NEW_HIRE), (89, True, Standing.NEW_HIRE),
                                                         (90, False, Standing.NOT_DONE), (200, False, Standing.NOT_DONE)])
def test_a_new_hire_may_post_for_90_days_under_texas(people, days_ago, current, standing):
    nina = hired(people, "nina", days_ago)
    assert not services.is_current(people.acme, nina)          # the default policy: no grace
    texas(people)
    assert services.is_current(people.acme, nina) is current
    rows = services.my_training(people.acme, nina)
    assert services.overall(rows) is standing
    due = {r.due_by for r in rows if r.required}
    assert due == ({Membership.objects.get(user=nina).created + timedelta(days=90)} if current else {None})
    assert all(r.due_by is None for r in rows if not r.required)


def call(tok, method, path):
    return Client().generic(method, path, data="", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {tok}")


def test_the_api_gate_follows_the_new_hires_deadline(people, who, channel):
    texas(people)
    nina = hired(people, "nina", 89)
    tok = accounts.create_api_key(Who.cli(people.acme), people.acme, "nina key", user=nina)[1]
    first = posts.create_post(Who.user(nina, people.acme), people.acme, ALLOW_TEXT, [channel.pk])
    assert call(tok, "post", f"/api/v1/posts/{first.pk}/submit").status_code == 200
    Membership.objects.filter(user=nina).update(created=NOW - timedelta(days=91))
    second = posts.create_post(Who.user(nina, people.acme), people.acme, ALLOW_TEXT, [channel.pk])
    r = call(tok, "post", f"/api/v1/posts/{second.pk}/submit")
    assert r.status_code == 403 and r.json()["code"] == "training_required"
    services.train(nina, people.acme)
    assert call(tok, "post", f"/api/v1/posts/{second.pk}/submit").status_code == 200
    me = call(tok, "get", "/api/v1/training/me").json()
    assert (me["policy"], me["standing"], me["current"]) == ("texas", "current", True)


def test_the_api_shows_a_new_hires_deadline(people):
    texas(people)
    nina = hired(people, "nina", 10)
    tok = accounts.create_api_key(Who.cli(people.acme), people.acme, "nina key", user=nina)[1]
    me = call(tok, "get", "/api/v1/training/me").json()
    assert (me["standing"], me["current"]) == ("new_hire", True)
    deadline = (Membership.objects.get(user=nina).created + timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%S")
    mods = {m["id"]: m for m in me["modules"]}
    assert mods["patient-stories"]["due_by"].startswith(deadline) and mods["patient-stories"]["standing"] == "new_hire"
    assert mods["review-replies"]["due_by"] is None                           # not an author's module


def sent(user):
    return [(n.event, n.reason, n.link) for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_a_new_hire_is_reminded_at_day_60_83_and_90_once_each(people):
    texas(people)
    nina = hired(people, "nina", 0)
    start = NOW
    for day in (10, 59, 60, 61, 83, 84, 90, 120):
        reminders.remind(start + timedelta(days=day, minutes=1))
    assert sent(nina) == [("training.due", "new_hire_due_30_days", "/o/acme/training/"),
                          ("training.due", "new_hire_due_7_days", "/o/acme/training/"),
                          ("training.lapsed", "new_hire_overdue", "/o/acme/training/")]
    assert HireReminder.objects.filter(user=nina).count() == 3


def test_no_new_hire_reminder_once_trained_or_under_the_default_policy(people):
    nina = hired(people, "nina", 70)
    omar = hired(people, "omar", 70, Role.COMMUNITY)
    assert reminders.remind(NOW).hires == []                   # the default policy
    texas(people)
    services.train(nina, people.acme)
    report = reminders.remind(NOW)
    assert report.hires == [(Membership.objects.get(user=omar).pk, "due30")]
    assert sent(nina) == [] and len(sent(omar)) == 1
    audrey = people["audrey"]                                  # the auditor needs no training
    Membership.objects.filter(user=audrey).update(created=NOW - timedelta(days=85))
    assert reminders.remind(NOW).hires == [] and sent(audrey) == []


def test_the_team_report_and_csv_show_the_new_hires_deadline(people, as_user):
    texas(people)
    nina = hired(people, "nina", 30)
    report = {m.user.email: m for m in services.team_report(people.acme)}
    deadline = Membership.objects.get(user=nina).created + timedelta(days=90)
    assert report["nina@acme.test"].standing is Standing.NEW_HIRE and report["nina@acme.test"].due_by == deadline
    assert "patient-stories" in report["nina@acme.test"].missing
    assert report["alice@acme.test"].due_by is None
    page = as_user("pat").get("/o/acme/training/team/").content.decode()
    assert f'data-due-by="{deadline:%Y-%m-%d}"' in page and "standing-new_hire" in page
    rows = list(csv.DictReader(io.StringIO(as_user("audrey").get("/o/acme/training/team.csv").content.decode())))
    [mine] = [r for r in rows if r["email"] == "nina@acme.test" and r["standing"]]
    assert mine["standing"] == "new_hire" and mine["new_hire_due_by_utc"] == f"{deadline:%Y-%m-%dT%H:%M:%SZ}"


def test_the_settings_form_chooses_the_policy_and_my_training_explains_it(people, as_user):
    page = as_user("alice").get("/o/acme/training/team/").content.decode()
    assert 'name="policy" value="texas"' in page
    r = as_user("alice").post("/o/acme/training/settings/", {"policy": "texas", "validity_days": "365",
                                                             "passing_percent": "80"})
    assert r.status_code == 302 and services.settings_for(people.acme).policy is Policy.TEXAS
    assert 'data-policy="texas"' in as_user("andy").get("/o/acme/training/").content.decode()
    r = as_user("alice").post("/o/acme/training/settings/", {"policy": "ohio", "validity_days": "365",
                                                             "passing_percent": "80"}, follow=True)
    assert "Choose one of the training policies shown." in r.content.decode()
    assert services.settings_for(people.acme).policy is Policy.TEXAS
    r = as_user("alice").post("/o/acme/training/settings/", {"validity_days": "365", "passing_percent": "80"},
                              follow=True)
    assert "Choose a training policy." in r.content.decode()
    assert services.settings_for(people.acme).policy is Policy.TEXAS


def test_a_new_hire_reminder_is_recorded_once_even_when_two_workers_race(people):
    texas(people)
    nina = hired(people, "nina", 61)
    HireReminder.objects.create(org=people.acme, user=nina, joined=Membership.objects.get(user=nina).created,
                                kind="due30")                  # as if another worker just sent it
    assert reminders.remind_new_hires(NOW) == [] and sent(nina) == []


def test_the_new_hire_reminders_take_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    texas(people)
    for i in range(6):
        services.train(hired(people, f"new{i}", 200), people.acme)    # trained: looked at on every run
    with django_assert_max_num_queries(4):
        assert reminders.remind_new_hires(NOW) == []
