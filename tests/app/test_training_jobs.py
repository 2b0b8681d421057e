"""The training reminder job with the real database and notification service: TRAINING_DUE 30
and 7 days before a required pass expires, TRAINING_LAPSED when it lapses, each once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safepost.app.accounts.models import Membership
from safepost.app.accounts.rules import Role
from safepost.app.notify.models import Notification
from safepost.app.training import reminders, services
from safepost.app.training.models import Completion, Reminder
from safepost.app.worker import discover_jobs

from .conftest import make_member

NOW = timezone.now()


@pytest.fixture
def nina(people):
    """nina: a community manager of acme, one pass of review-replies done 350 days ago (expires in 15 days)."""
    user = make_member(people.acme, "nina", Role.COMMUNITY)
    services.train(user, people.acme, modules=["review-replies"], when=NOW - timedelta(days=350))
    return user


def sent(user):
    return [(n.event, n.reason, n.link) for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_a_pass_expiring_within_30_days_gets_one_due_reminder(people, nina):
    assert reminders.remind(NOW).sent and reminders.remind(NOW).sent == []
    assert sent(nina) == [("training.due", "due_30_days", "/o/acme/training/m/review-replies/")]


def test_then_one_at_7_days_and_one_when_it_lapses_and_nothing_after(people, nina):
    reminders.remind(NOW)
    reminders.remind(NOW + timedelta(days=9))                  # 6 days left
    reminders.remind(NOW + timedelta(days=10))
    reminders.remind(NOW + timedelta(days=16))                 # expired yesterday
    reminders.remind(NOW + timedelta(days=40))
    assert [r for _e, r, _l in sent(nina)] == ["due_30_days", "due_7_days", "lapsed"]
    assert sent(nina)[-1][0] == "training.lapsed"
    c = Completion.objects.get(user=nina)
    assert c not in reminders.candidates(NOW + timedelta(days=40))


def test_a_pass_found_only_after_it_lapsed_gets_the_lapsed_notice_alone(people, nina):
    reminders.remind(NOW + timedelta(days=20))
    assert [r for _e, r, _l in sent(nina)] == ["lapsed"]


def test_a_pass_replaced_by_a_newer_one_gets_no_reminder(people, nina):
    services.train(nina, people.acme, modules=["review-replies"], when=NOW - timedelta(days=1))
    assert reminders.remind(NOW + timedelta(days=20)).sent == []
    assert sent(nina) == []


def test_modules_the_role_does_not_need_and_former_members_get_nothing(people, nina):
    andy = people["andy"]
    services.train(andy, people.acme, modules=["review-replies"], when=NOW - timedelta(days=350))  # not an author's
    Completion.objects.filter(user=people["cora"]).update(expires_at=NOW + timedelta(days=3))
    Membership.objects.filter(user=people["cora"]).delete()                  # cora left acme
    reminders.remind(NOW)
    assert sent(andy) == [] and sent(people["cora"]) == []
    assert len(sent(nina)) == 1


def test_a_reminder_is_recorded_once_even_when_two_workers_race(people, nina):
    c = Completion.objects.get(user=nina)
    assert reminders._send(c, "due30") is True
    assert reminders._send(c, "due30") is False
    assert Reminder.objects.filter(completion=c).count() == 1 and len(sent(nina)) == 1


def test_the_worker_runs_the_job_and_counts_what_it_sent(people, nina):
    [job] = discover_jobs(["training-reminders"])
    assert job.run("w1") == 1 and job.run("w1") == 0
