"""The incidents' worker jobs, as the worker discovers and runs them: deadline reminders once per
threshold, escalation once when nobody acknowledged within 24 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import services
from safepost.app.incidents.models import Incident
from safepost.app.incidents.services import NewIncident
from safepost.app.notify.models import Notification
from safepost.app.worker import discover_jobs

JOBS = ["incident-deadlines", "incident-escalation"]


def work() -> int:
    """Each job as the worker finds and runs it (`run_once` also closes old database connections,
    which would end the test's transaction on PostgreSQL)."""
    return sum(job.run("test-worker") for job in discover_jobs(JOBS))


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


def opened(people, pat, days_ago: int, affected=None) -> Incident:
    i = services.open_reported(pat, people.acme, NewIncident(
        title="Synthetic incident", discovered_on=timezone.localdate() - timedelta(days=days_ago),
        affected_by_state=affected or {"CA": 1}))
    services.acknowledge(pat, i, people["pat"])
    return i


def reminders(reason_prefix=""):
    return list(Notification.objects.filter(event="incident.deadline", reason__startswith=reason_prefix).order_by("id")
                .values_list("reason", "recipient__email"))


def test_the_worker_knows_both_jobs():
    assert [j.name for j in discover_jobs(JOBS)] == JOBS


def test_a_deadline_30_days_away_is_reminded_once(people, pat):
    i = opened(people, pat, days_ago=30)              # individuals due in 30 days
    assert work() == 1
    assert reminders() == [("individuals_30d", "pat@acme.test")]
    assert work() == 0 and len(reminders()) == 1        # idempotent
    assert Incident.objects.get(pk=i.pk).reminders_sent == {"individuals": [30]}
    entry = AuditEntry.objects.get(action="incident.deadline_reminder")
    assert entry.meta["deadline"] == "individuals" and entry.meta["days_left"] == 30


def test_the_assignee_is_reminded_beside_the_privacy_officers(people, pat):
    i = opened(people, pat, days_ago=53)               # 7 days left
    services.assign(pat, i, people["alice"])
    work()
    assert sorted(reminders()) == [("individuals_7d", "alice@acme.test"), ("individuals_7d", "pat@acme.test")]


def test_every_threshold_comes_once_as_the_days_pass(people, pat):
    i = opened(people, pat, days_ago=30)
    sent = []
    for days_ago in (30, 31, 46, 47, 53, 59, 60, 61):
        Incident.objects.filter(pk=i.pk).update(discovered_on=timezone.localdate() - timedelta(days=days_ago))
        work()
        sent.append(sorted(Incident.objects.get(pk=i.pk).reminders_sent.get("individuals", [])))
    assert sent[-1] == [1, 7, 14, 30]
    assert [r for r, _ in reminders()] == ["individuals_30d", "individuals_14d", "individuals_7d", "individuals_1d"]


def test_a_sent_notice_and_a_no_breach_decision_stop_the_reminders(people, pat):
    i = opened(people, pat, days_ago=30)
    services.update_facts(pat, i, discovered_on=i.discovered_on, affected_by_state={"CA": 1})
    j = opened(people, pat, days_ago=30)
    services.claim_exception(pat, j, "unable_to_retain", "The recipient's fax printed nothing at all.", False)
    from safepost.app.incidents.rules import Assessment, FactorAnswer
    hi = FactorAnswer("high", "Public reply with the full name and procedure.")
    services.assess(pat, i, Assessment(("NAME",), "high", hi, hi, hi, hi, ""))
    services.decide(pat, Incident.objects.get(pk=i.pk))
    services.record_notice(pat, Incident.objects.get(pk=i.pk), kind="individuals", method="mail",
                           sent_on=timezone.localdate(), recipients_count=1)
    assert work() == 0 and reminders() == []


def test_an_unacknowledged_incident_escalates_once_after_24_hours(people, pat):
    i = services.open_reported(pat, people.acme, NewIncident(title="Synthetic", discovered_on=timezone.localdate(),
                                                      affected_by_state={}))
    assert work() == 0
    Incident.objects.filter(pk=i.pk).update(opened_at=timezone.now() - timedelta(hours=25))
    assert work() == 1
    got = Notification.objects.filter(event="incident.escalated").values_list("recipient__email", "reason")
    assert sorted(got) == [("alice@acme.test", "not_acknowledged_24h"), ("pat@acme.test", "not_acknowledged_24h")]
    assert work() == 0 and Notification.objects.filter(event="incident.escalated").count() == 2
    assert AuditEntry.objects.get(action="incident.escalate").meta == {"hours_unacknowledged": 25}


def test_an_acknowledged_incident_does_not_escalate(people, pat):
    i = opened(people, pat, days_ago=0)
    Incident.objects.filter(pk=i.pk).update(opened_at=timezone.now() - timedelta(hours=48))
    work()
    assert not Notification.objects.filter(event="incident.escalated").exists()
