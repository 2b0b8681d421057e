"""Incident pages: the list (nearest deadline first), opening one (errors on the field), the
detail page with the deadlines timeline and the four-factor form, the team, notices, closing,
who may do what, and isolation between organizations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import services
from safepost.app.incidents.models import Incident
from safepost.app.incidents.services import NewIncident

TODAY = timezone.localdate()
EVIDENCE_HIGH = "The reply was public for 3 hours with the full name."
EVIDENCE_LOW = "Removed within minutes; the platform confirmed nobody saw it."


def url(name: str, **kw) -> str:
    return reverse(name, kwargs={"org": "acme", **kw})


@pytest.fixture
def make(people):
    def make(title="Synthetic incident", days_ago=0, affected=None, org=None):
        org = org or people.acme
        return services.open_reported(Who.cli(org), org, NewIncident(
            title=title, discovered_on=TODAY - timedelta(days=days_ago), affected_by_state=affected or {"CA": 1}))
    return make


def assessment(risk="high", evidence=EVIDENCE_HIGH, **extra) -> dict:
    d = {"info_types": ["NAME", "HEALTH"], "reidentification": "high", "rationale": ""}
    for k in ("nature", "recipient", "acquired", "mitigation"):
        d[f"{k}_risk"], d[f"{k}_evidence"] = risk, evidence
    d.update(extra)
    return d


def test_the_list_shows_the_nearest_deadline_first(as_user, make):
    later = make("Later one", days_ago=0)
    sooner = make("Sooner one", days_ago=55)
    html = as_user("pat").get(url("web-incidents")).content.decode()
    assert html.index(sooner.ref) < html.index(later.ref)
    assert (TODAY + timedelta(days=5)).isoformat() in html and "5 days left" in html
    assert "Open an incident" in html


def test_the_auditor_sees_incidents_but_cannot_open_one(as_user, make):
    make()
    r = as_user("audrey").get(url("web-incidents"))
    assert r.status_code == 200 and "Open an incident" not in r.content.decode()
    assert as_user("audrey").get(url("incidents-new")).status_code == 403


def test_opening_an_incident_from_the_form(as_user, people):
    r = as_user("pat").post(url("incidents-new"), {"title": "Reply confirmed a patient", "summary": "",
                                                   "discovered_on": TODAY.isoformat(), "affected": "CA 600, NV 20",
                                                   "role": "covered_entity"})
    i = Incident.objects.get()
    assert r.status_code == 302 and r["Location"] == url("incidents-detail", incident_id=i.pk)
    assert i.affected_by_state == {"CA": 600, "NV": 20}
    html = as_user("pat").get(r["Location"]).content.decode()
    assert "Notice to prominent media" in html and "More than 500 residents of: CA" in html


@pytest.mark.parametrize("data, error", [
    ({"affected": "California six hundred"}, "two-letter code"),
    ({"discovered_on": (TODAY + timedelta(days=3)).isoformat()}, "cannot be in the future"),
    ({"title": ""}, "required"),
])
def test_a_refused_incident_names_the_field(as_user, data, error):
    base = {"title": "T", "discovered_on": TODAY.isoformat(), "affected": "CA 1", "role": "covered_entity"}
    r = as_user("pat").post(url("incidents-new"), {**base, **data})
    assert r.status_code == 422 and error in r.content.decode()
    assert not Incident.objects.exists()


def test_the_detail_page_shows_the_deadlines_timeline_and_the_four_factors(as_user, make):
    i = make(days_ago=10, affected={"CA": 3})
    html = as_user("pat").get(url("incidents-detail", incident_id=i.pk)).content.decode()
    assert "Notice to the individuals" in html and (TODAY + timedelta(days=50)).isoformat() in html
    assert "45 CFR 164.404(b)" in html and "45 CFR 164.408(c)" in html and "annual log" in html
    for factor in ("(i) Nature and extent", "(ii) The unauthorized person", "(iii) Whether the PHI was actually",
                   "(iv) The extent to which the risk"):
        assert factor in html
    assert AuditEntry.objects.filter(action="incident.view", object_id=str(i.pk)).exists()


def test_a_high_assessment_decides_notify_and_notices_close_it(as_user, make):
    i = make()
    c = as_user("pat")
    r = c.post(url("incidents-assess", incident_id=i.pk), {**assessment(), "decide": "1"})
    assert r.status_code == 302
    i.refresh_from_db()
    assert (i.state, i.conclusion) == ("notifying", "notify")
    c.post(url("incidents-close", incident_id=i.pk))
    assert Incident.objects.get(pk=i.pk).state == "notifying"
    r = c.post(url("incidents-notice", incident_id=i.pk), {"kind": "individuals", "method": "mail",
                                                            "sent_on": TODAY.isoformat(), "recipients_count": "1"})
    assert r.status_code == 302
    c.post(url("incidents-close", incident_id=i.pk))
    assert Incident.objects.get(pk=i.pk).state == "notifying"          # the count of people not reached is missing
    assert c.post(url("incidents-unreachable", incident_id=i.pk), {"unreachable_count": "0"}).status_code == 302
    c.post(url("incidents-close", incident_id=i.pk))
    assert Incident.objects.get(pk=i.pk).state == "notifying"          # the post-incident review is missing
    r = c.post(url("incidents-review", incident_id=i.pk), {
        "what_happened": "A public reply named a patient and the procedure.", "root_cause": "process_gap",
        "action_1_description": "Reply templates only", "action_1_owner": i.org.memberships.first().user_id,
        "action_1_due": (TODAY + timedelta(days=7)).isoformat()})
    assert r.status_code == 302
    c.post(url("incidents-close", incident_id=i.pk))
    assert Incident.objects.get(pk=i.pk).state == "closed"
    html = c.get(url("incidents-detail", incident_id=i.pk)).content.decode()
    assert "incident.close" in html and "Save and decide" not in html


def test_deciding_an_incomplete_assessment_shows_the_factor_to_fix(as_user, make):
    i = make()
    r = as_user("pat").post(url("incidents-assess", incident_id=i.pk),
                            {**assessment(risk="low", evidence=EVIDENCE_LOW, reidentification="low",
                                          acquired_evidence="short"), "decide": "1"})
    assert r.status_code == 422
    assert "acquired: write the evidence" in r.content.decode()
    assert Incident.objects.get(pk=i.pk).conclusion == ""


def test_low_probability_needs_every_factor_low_and_a_rationale(as_user, make):
    i = make()
    data = assessment(risk="low", evidence=EVIDENCE_LOW, reidentification="low", info_types=["NAME"],
                      rationale="Every factor low, with the platform's confirmation attached.")
    as_user("pat").post(url("incidents-assess", incident_id=i.pk), {**data, "decide": "1"})
    i.refresh_from_db()
    assert i.conclusion == "low_probability" and i.deadlines() == []


def test_acknowledging_and_assigning(as_user, make, people):
    i = make()
    c = as_user("pat")
    c.post(url("incidents-acknowledge", incident_id=i.pk))
    c.post(url("incidents-assign", incident_id=i.pk), {"assignee": people["alice"].pk})
    i.refresh_from_db()
    assert i.acknowledged_by == people["pat"] and i.assignee == people["alice"]
    c.post(url("incidents-assign", incident_id=i.pk), {"assignee": people["rita"].pk})
    assert Incident.objects.get(pk=i.pk).assignee == people["alice"]


def test_a_law_enforcement_delay_shows_both_dates_for_counsel(as_user, make):
    i = make(days_ago=0)
    r = as_user("pat").post(url("incidents-delay", incident_id=i.pk), {
        "kind": "oral", "stated_on": TODAY.isoformat(), "until": "", "official": "Det. Example, City PD"})
    assert r.status_code == 302
    html = as_user("pat").get(url("incidents-detail", incident_id=i.pk)).content.decode()
    assert (TODAY + timedelta(days=90)).isoformat() in html and "ask counsel" in html


def test_an_oral_delay_with_an_end_date_is_refused_on_the_field(as_user, make):
    i = make()
    r = as_user("pat").post(url("incidents-delay", incident_id=i.pk), {
        "kind": "oral", "stated_on": TODAY.isoformat(), "until": (TODAY + timedelta(days=3)).isoformat(),
        "official": "Det. Example"})
    assert r.status_code == 422 and "at most 30 days" in r.content.decode()


def test_another_organizations_incident_is_not_found(as_user, make, people):
    theirs = make(org=people.other)
    for name in ("incidents-detail", "incidents-close", "incidents-acknowledge"):
        c = as_user("pat")
        r = c.get(url(name, incident_id=theirs.pk)) if name == "incidents-detail" else c.post(url(name, incident_id=theirs.pk))
        assert r.status_code == 404
    assert Incident.objects.get(pk=theirs.pk).acknowledged_at is None


def test_the_navigation_leads_to_the_incidents_page(as_user):
    html = as_user("pat").get(url("web-org")).content.decode()
    assert f'href="{url("web-incidents")}"' in html
    assert "placeholder" not in as_user("pat").get(url("web-incidents")).content.decode().lower()
