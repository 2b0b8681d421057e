"""Incident services: opening, the team, the four-factor decision, delays, notices, closing; audited
without PHI, notified through the notification service, encrypted at rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import rules, services
from safepost.app.incidents.models import Incident
from safepost.app.incidents.rules import Assessment, FactorAnswer
from safepost.app.incidents.services import IncidentError, NewIncident
from safepost.app.notify.models import Notification

SECRET_TITLE = "Reply named Gwen Example and her crown"
SECRET_SUMMARY = "Our reply to a review confirmed Gwen Example had a crown fitted on May 2."
EVIDENCE = "The reply was public for 3 hours and had 41 views per the platform."

LOW = Assessment(
    info_types=("NAME",), reidentification="low",
    nature=FactorAnswer("low", "First name only, no health information or other identifier."),
    recipient=FactorAnswer("low", "Visible only to the clinic's own page administrators."),
    acquired=FactorAnswer("low", "Platform analytics show no views before removal."),
    mitigation=FactorAnswer("low", "Removed within 4 minutes; platform confirmed deletion."),
    rationale="All four factors show low probability; evidence attached for each.")
HIGH = replace(LOW, info_types=("NAME", "HEALTH"), reidentification="high",
               nature=FactorAnswer("high", "Full name and the procedure: clearly PHI."),
               acquired=FactorAnswer("high", EVIDENCE))


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


@pytest.fixture
def incident(people, pat):
    return services.open_reported(pat, people.acme, NewIncident(
        title=SECRET_TITLE, summary=SECRET_SUMMARY, discovered_on=timezone.localdate() - timedelta(days=3),
        affected_by_state={"CA": 1}))


def audit_dump(org) -> str:
    return str(list(AuditEntry.objects.filter(org=org).values_list("action", "meta", "object_id", "actor")))


def test_it_opens_an_incident_tells_the_privacy_officer_and_audits_no_phi(incident, people):
    assert incident.state == "open" and incident.ref == f"I-{incident.pk}"
    assert [e.action for e in services.timeline(incident)] == ["incident.open"]
    n = Notification.objects.get(event="incident.opened")
    assert n.recipient == people["pat"] and n.link == f"/o/acme/incidents/{incident.pk}/" and n.reason == "manual"
    dump = audit_dump(people.acme)
    assert "Gwen" not in dump and "crown" not in dump


def test_the_title_and_summary_are_ciphertext_at_rest(incident):
    with connection.cursor() as cur:
        cur.execute("SELECT title, summary FROM incidents_incident WHERE id = %s", [incident.pk])
        title, summary = cur.fetchone()
    assert title.startswith("sp1:") and summary.startswith("sp1:") and "Gwen" not in title + summary
    assert Incident.objects.get(pk=incident.pk).title == SECRET_TITLE


@pytest.mark.parametrize("change, field", [
    ({"title": " "}, "title"), ({"title": "x" * 201}, "title"),
    ({"discovered_on": date.today() + timedelta(days=5)}, "discovered_on"),
    ({"affected_by_state": {"California": 2}}, "affected_by_state"), ({"role": "vendor"}, "role"),
    ({"source_kind": "post"}, "source_id"), ({"source_kind": "fax"}, "source_kind"),
])
def test_an_incomplete_incident_is_refused_with_the_field_named(people, pat, change, field):
    base = NewIncident(title="Test", discovered_on=date.today(), affected_by_state={"CA": 1})
    with pytest.raises(IncidentError) as e:
        services.open_reported(pat, people.acme, replace(base, **change))
    assert any(p.startswith(field) for p in e.value.problems)
    assert not Incident.objects.exists()


@pytest.fixture
def consent(people, pat):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import synthetic_terms

    return consents.record_consent(pat, people.acme, synthetic_terms("Acme Clinic"))


def test_open_incident_from_another_app_is_idempotent_while_the_incident_is_open(people, consent):
    first = services.open_incident(people.acme, "consent", consent.pk, "consent_revoked_after_publication")
    again = services.open_incident(people.acme, "consent", consent.pk, "consent_revoked_after_publication")
    assert first.pk == again.pk and Incident.objects.count() == 1
    assert (first.source_kind, first.source_id, first.open_reason, first.opened_by_actor) == (
        "consent", consent.pk, "consent_revoked_after_publication", "system:incidents")
    assert first.discovered_on == timezone.localdate() and first.discovered_at is not None


def test_an_incident_cannot_point_at_another_organizations_object(people, consent):
    with pytest.raises(IncidentError, match=f"no consent {consent.pk} in this organization"):
        services.open_incident(people.other, "consent", consent.pk, "consent_revoked_after_publication")
    with pytest.raises(IncidentError, match="no post 999"):
        services.open_incident(people.acme, "post", 999, "override_published")
    assert not Incident.objects.exists()


def test_open_incident_refuses_an_unknown_source(people):
    with pytest.raises(IncidentError, match="source_kind"):
        services.open_incident(people.acme, "manual", 1, "x")


def test_assigning_tells_the_assignee_and_only_managers_may_be_assigned(incident, people, pat):
    services.assign(pat, incident, people["alice"])
    assert Incident.objects.get(pk=incident.pk).assignee == people["alice"]
    assert Notification.objects.filter(event="incident.assigned", recipient=people["alice"]).count() == 1
    for name in ("audrey", "rita", "charlie"):
        with pytest.raises(IncidentError, match="assignee"):
            services.assign(pat, incident, people[name])


def test_acknowledging_is_recorded_once(incident, people, pat):
    services.acknowledge(pat, incident, people["pat"])
    first = Incident.objects.get(pk=incident.pk).acknowledged_at
    services.acknowledge(pat, incident, people["alice"])
    i = Incident.objects.get(pk=incident.pk)
    assert i.acknowledged_at == first and i.acknowledged_by == people["pat"]
    assert [e.action for e in services.timeline(i)].count("incident.acknowledge") == 1


def test_a_complete_low_assessment_decides_low_probability_and_owes_no_notices(incident, people, pat):
    services.assess(pat, incident, LOW)
    i = services.decide(pat, Incident.objects.get(pk=incident.pk))
    assert (i.state, i.conclusion) == ("assessing", "low_probability")
    assert Incident.objects.get(pk=i.pk).deadlines() == []
    services.close(pat, i)
    assert Incident.objects.get(pk=i.pk).state == "closed"
    dump = audit_dump(people.acme)
    assert "views" not in dump and "administrators" not in dump


def test_the_evidence_is_stored_encrypted_and_read_back(incident, pat):
    services.assess(pat, incident, HIGH)
    with connection.cursor() as cur:
        cur.execute("SELECT factor_evidence, rationale FROM incidents_incident WHERE id = %s", [incident.pk])
        ev, rationale = cur.fetchone()
    assert ev.startswith("sp1:") and "views" not in ev and rationale.startswith("sp1:")
    assert Incident.objects.get(pk=incident.pk).assessment() == HIGH


def test_a_high_factor_decides_notify_and_closing_waits_for_the_individual_notice(incident, people, pat):
    services.assess(pat, incident, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=incident.pk))
    assert (i.state, i.conclusion) == ("notifying", "notify")
    with pytest.raises(IncidentError, match="individuals"):
        services.close(pat, i)
    services.record_notice(pat, i, kind="individuals", method="mail", sent_on=timezone.localdate(), recipients_count=1)
    with pytest.raises(IncidentError, match="unreachable_count"):
        services.close(pat, i)
    services.record_unreachable(pat, i, 0)
    with pytest.raises(IncidentError, match="post-incident review"):
        services.close(pat, i)
    from safepost.app.incidents.review import save_review
    save_review(pat, i, "A public reply confirmed a patient's procedure.", "process_gap",
                [rules.ActionDraft("Reply templates only", people["rita"].pk, timezone.localdate() + timedelta(days=7))])
    services.close(pat, i)
    assert [e.action for e in services.timeline(i)] == [
        "incident.open", "incident.assess", "incident.decide", "incident.notice", "incident.unreachable",
        "incident.review", "incident.close"]


def test_an_incomplete_assessment_cannot_be_decided_and_names_the_factor(incident, pat):
    services.assess(pat, incident, replace(LOW, acquired=FactorAnswer("low", "")))
    with pytest.raises(IncidentError) as e:
        services.decide(pat, Incident.objects.get(pk=incident.pk))
    assert any(p.startswith("acquired:") for p in e.value.problems)


def test_an_assessment_with_unknown_codes_is_refused(incident, pat):
    with pytest.raises(IncidentError, match="SHOE"):
        services.assess(pat, incident, replace(LOW, info_types=("SHOE",)))
    with pytest.raises(IncidentError, match="rate the risk"):
        services.assess(pat, incident, replace(LOW, nature=FactorAnswer("maybe", "x")))


def test_a_statutory_exception_is_recorded_as_not_a_breach(incident, pat):
    i = services.claim_exception(pat, incident, "unable_to_retain", "Sent to a fax that printed nothing.", False)
    assert (i.conclusion, i.exception_code) == ("exception", "unable_to_retain")
    services.close(pat, i)


def test_a_notice_the_incident_does_not_owe_is_refused(incident, pat):
    services.assess(pat, incident, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=incident.pk))
    with pytest.raises(IncidentError, match="owes no media"):
        services.record_notice(pat, i, kind="media", method="press", sent_on=timezone.localdate(), recipients_count=0)
    with pytest.raises(IncidentError, match="sent_on"):
        services.record_notice(pat, i, kind="individuals", method="mail",
                               sent_on=timezone.localdate() + timedelta(days=1), recipients_count=1)


def test_a_law_enforcement_delay_moves_the_deadlines(incident, pat):
    start = incident.deadlines()[0].due
    services.record_delay(pat, incident, kind="oral", stated_on=incident.discovered_on, until=None,
                          official="Det. Example, City PD")
    i = Incident.objects.get(pk=incident.pk)
    assert i.deadlines()[0].due == start + timedelta(days=rules.ORAL_DELAY_MAX_DAYS)
    assert i.deadlines()[0].counsel_decision
    assert "Example" not in audit_dump(i.org)


def test_correcting_the_counts_changes_the_deadlines(incident, pat):
    services.update_facts(pat, incident, discovered_on=incident.discovered_on, affected_by_state={"CA": 600})
    keys = {d.key: d for d in Incident.objects.get(pk=incident.pk).deadlines()}
    assert set(keys) == {"individuals", "media", "hhs"} and not keys["hhs"].annual


def test_a_closed_incident_takes_no_more_changes(incident, people, pat):
    services.claim_exception(pat, incident, "unable_to_retain", "Sent to a fax that printed nothing.", False)
    i = services.close(pat, Incident.objects.get(pk=incident.pk))
    with pytest.raises(IncidentError, match="closed"):
        services.assess(pat, i, LOW)
    with pytest.raises(IncidentError, match="already closed"):
        services.close(pat, i)


def test_the_demo_loads_one_open_incident_once(people):
    from safepost.app.accounts.rules import Role
    from safepost.app.incidents.demo import load_demo

    members = {Role.PRIVACY: people["pat"]}
    load_demo(people.acme, members)
    load_demo(people.acme, members)
    i = Incident.objects.get(org=people.acme)
    assert (i.state, i.assignee, i.open_reason) == ("assessing", people["pat"], "demo")
    assert i.acknowledged_at is not None and i.deadlines()[0].due == i.discovered_on + timedelta(days=60)


def test_moving_the_discovery_date_needs_a_written_rationale_kept_encrypted(incident, pat, people):
    earlier = incident.discovered_on - timedelta(days=4)
    with pytest.raises(IncidentError, match="rationale"):
        services.update_facts(pat, incident, discovered_on=earlier, affected_by_state={"CA": 1})
    why = "The scanner flagged the reply four days before anyone reviewed it."
    services.update_facts(pat, incident, discovered_on=earlier, affected_by_state={"CA": 1}, rationale=why)
    i = Incident.objects.get(pk=incident.pk)
    assert i.discovered_on == earlier and why in i.discovery_notes
    assert i.deadlines()[0].due == earlier + timedelta(days=60)
    entry = AuditEntry.objects.filter(action="incident.update_facts").last()
    assert entry.meta["discovered_on_before"] == incident.discovered_on.isoformat() and "scanner" not in str(entry.meta)
