"""The post-incident review: what happened, the root cause's category, corrective actions with
an owner and a due date; a breach incident closes only with it; owners are reminded through the
notification service (the worker job) 7 days and 1 day before; encrypted and audited without text."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import review, services
from safepost.app.incidents.models import CorrectiveAction, Incident
from safepost.app.incidents.rules import ActionDraft, Assessment, FactorAnswer
from safepost.app.incidents.services import IncidentError, NewIncident
from safepost.app.notify.models import Notification
from safepost.app.worker import discover_jobs

TODAY = timezone.localdate()
WHAT = "A reviewer released a reply naming Gwen Example; the override had no second check."
HIGH = Assessment(
    info_types=("NAME", "HEALTH"), reidentification="high",
    nature=FactorAnswer("high", "Full name and the procedure: clearly PHI."),
    recipient=FactorAnswer("high", "Public page, anyone could read it for hours."),
    acquired=FactorAnswer("high", "The platform shows 41 views before removal."),
    mitigation=FactorAnswer("high", "Removed after 3 hours; copies may exist."), rationale="")


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


@pytest.fixture
def breach(people, pat):
    """A breach (decided 'notify') with the individual notice sent and everyone reachable: only the
    review is missing."""
    i = services.open_reported(pat, people.acme, NewIncident(
        title="Synthetic breach", discovered_on=TODAY - timedelta(days=3), affected_by_state={"CA": 1}))
    services.assess(pat, i, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=i.pk))
    services.record_notice(pat, i, kind="individuals", method="mail", sent_on=TODAY, recipients_count=1)
    services.record_unreachable(pat, i, 0)
    return Incident.objects.get(pk=i.pk)


def action(people, days=10, owner="rita", text="Require a second privacy officer for every reply override"):
    return ActionDraft(text, people[owner].pk, TODAY + timedelta(days=days))


def test_a_breach_closes_only_after_its_review_with_a_corrective_action(breach, people, pat):
    with pytest.raises(IncidentError, match="post-incident review"):
        services.close(pat, breach)
    review.save_review(pat, breach, WHAT, "override", [action(people)])
    i = services.close(pat, Incident.objects.get(pk=breach.pk))
    assert i.state == "closed"
    entry = AuditEntry.objects.get(action="incident.review")
    assert entry.meta["root_cause"] == "override" and len(entry.meta["actions_added"]) == 1
    assert "Gwen" not in str(entry.meta) and "second privacy officer" not in str(entry.meta)


def test_an_incident_decided_not_a_breach_closes_without_a_review(people, pat):
    i = services.open_reported(pat, people.acme, NewIncident(title="Fax", discovered_on=TODAY, affected_by_state={}))
    i = services.claim_exception(pat, i, "unable_to_retain", "Sent to a fax that printed nothing.", False)
    assert services.close(pat, i).state == "closed"


def test_the_review_names_each_thing_to_fix(breach, people, pat):
    with pytest.raises(review.ReviewError) as e:
        review.save_review(pat, breach, "short", "bad_luck", [ActionDraft("", None, TODAY - timedelta(days=1))])
    fields = sorted({p.split(":")[0] for p in e.value.problems})
    assert fields == ["actions", "root_cause", "what_happened"]
    assert any("needs an owner" in p for p in e.value.problems) and any("today or later" in p for p in e.value.problems)
    with pytest.raises(review.ReviewError, match="at least one corrective action"):
        review.save_review(pat, breach, WHAT, "override", [])
    with pytest.raises(review.ReviewError, match="not an active member"):
        review.save_review(pat, breach, WHAT, "override", [replace(action(people), owner_id=people["charlie"].pk)])


def test_the_review_text_is_stored_encrypted(breach, people, pat):
    review.save_review(pat, breach, WHAT, "override", [action(people)])
    with connection.cursor() as cur:
        cur.execute("SELECT what_happened FROM incidents_review WHERE incident_id = %s", [breach.pk])
        (stored,) = cur.fetchone()
        cur.execute("SELECT description FROM incidents_correctiveaction WHERE incident_id = %s", [breach.pk])
        (desc,) = cur.fetchone()
    assert stored.startswith("sp1:") and "Gwen" not in stored and desc.startswith("sp1:")


def test_owners_are_reminded_7_days_and_1_day_before_once_each_by_the_worker_job(breach, people, pat):
    review.save_review(pat, breach, WHAT, "override", [action(people, days=7), action(people, days=30, owner="alice")])
    jobs = discover_jobs(["incident-actions"])
    assert sum(j.run("w1") for j in jobs) == 1
    assert sum(j.run("w1") for j in jobs) == 0                       # once per threshold
    n = Notification.objects.get(event="incident.action_due")
    assert n.recipient == people["rita"] and n.reason == "action_7d" and n.link.endswith(f"/incidents/{breach.pk}/#review")
    tomorrow_eve = timezone.now() + timedelta(days=6)
    assert [d for _, d in review.remind_actions(tomorrow_eve)] == [1]
    assert review.remind_actions(timezone.now() + timedelta(days=8)) == []   # past due: no more reminders


def test_a_done_action_is_not_reminded(breach, people, pat):
    review.save_review(pat, breach, WHAT, "override", [action(people, days=1)])
    a = CorrectiveAction.objects.get()
    review.complete_action(pat, a)
    assert review.remind_actions() == []
    with pytest.raises(review.ReviewError, match="already done"):
        review.complete_action(pat, a)


def test_the_review_form_on_the_incident_page_records_and_closes(as_user, people, breach):
    pat = as_user("pat")
    page = reverse("incidents-review", kwargs={"org": "acme", "incident_id": breach.pk})
    r = pat.post(page, {"what_happened": WHAT, "root_cause": "override"})
    assert r.status_code == 422 and "at least one corrective action" in r.content.decode()
    r = pat.post(page, {"what_happened": WHAT, "root_cause": "override", "action_1_description": "Two-person rule",
                        "action_1_owner": people["rita"].pk, "action_1_due": (TODAY + timedelta(days=5)).isoformat()})
    assert r.status_code == 302
    html = pat.get(reverse("incidents-detail", kwargs={"org": "acme", "incident_id": breach.pk})).content.decode()
    assert "Two-person rule" in html and "A person released content the check had blocked" in html
    a = CorrectiveAction.objects.get()
    assert pat.post(page, {"done": "1", "action": a.pk}).status_code == 302
    assert CorrectiveAction.objects.get().done_at is not None
    pat.post(reverse("incidents-close", kwargs={"org": "acme", "incident_id": breach.pk}))
    assert Incident.objects.get(pk=breach.pk).state == "closed"
