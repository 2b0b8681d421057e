"""The notice to HHS (164.408) and the annual log (164.408(c)) as CSV in the breach portal's fields:
the header, one worked row, the officer's answers (codes only, checked), the breach's end from
the takedowns, who may download, and no PHI in the file."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import hhs, services
from safepost.app.incidents.models import Exposure, Incident
from safepost.app.incidents.services import IncidentError, NewIncident

from .test_incident_api import key  # noqa: F401  (fixture)
from .test_incident_substitute import HIGH

HEADER = ["SafePost Incident", "Breach Start Date", "Breach End Date", "Discovery Date",
          "Approximate Number of Individuals Affected", "State(s) of Individuals Affected", "Type of Breach",
          "Location of Breached Information", "Type of Protected Health Information Involved",
          "Safeguards in Place Prior to Breach", "Actions Taken in Response to Breach", "Business Associate Involved",
          "Covered Entity Type", "Individual Notice Provided Date", "Substitute Notice Required",
          "Substitute Notice Date", "Media Notice Required", "Media Notice Date(s)", "Report Type"]
REPORT = {"entity_type": "provider", "breach_type": "unauthorized_disclosure", "location": "other",
          "safeguards": ["privacy", "technical"], "actions": ["mitigate", "training"]}


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


@pytest.fixture
def breach(people, pat):
    """Gwen's reply (synthetic): happened 2025-03-01, discovered 2025-03-03, 2 in CA and 1 in NV,
    letters on 2025-03-20, one person unreachable and phoned on 2025-03-21."""
    i = services.open_reported(pat, people.acme, NewIncident(
        title="Reply named Gwen Example", summary="Gwen Example's crown", discovered_on=date(2025, 3, 3),
        occurred_on=date(2025, 3, 1), affected_by_state={"CA": 2, "NV": 1}))
    services.assess(pat, i, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=i.pk))
    services.record_notice(pat, i, kind="individuals", method="mail", sent_on=date(2025, 3, 20), recipients_count=2)
    services.record_unreachable(pat, i, 1)
    services.record_notice(pat, i, kind="substitute", method="phone", sent_on=date(2025, 3, 21), recipients_count=1)
    return Incident.objects.get(pk=i.pk)


def url(name, **kw):
    return reverse(name, kwargs={"org": "acme", **kw})


def rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_annual_log_has_the_portals_header_and_a_worked_row(as_user, breach):
    r = as_user("pat").post(url("incidents-hhs-report", incident_id=breach.pk), {**REPORT, "business_associate": ""})
    assert r.status_code == 302
    got = rows(as_user("audrey").get(url("incidents-log") + "?year=2025&fields=hhs"))
    assert got[0] == HEADER
    assert got[1:] == [[
        breach.ref, "2025-03-01", "", "2025-03-03", "3", "CA; NV", "Unauthorized Access/Disclosure",
        "Other (social media)", "Clinical; Demographic",
        "Privacy Rule Safeguards (Training, Policies and Procedures, etc.); Security Rule Technical Safeguards",
        "Took steps to mitigate harm; Trained or retrained workforce members", "No", "Healthcare Provider",
        "2025-03-20", "Yes", "2025-03-21", "No", "", "Annual log (fewer than 500, 164.408(c))"]]
    text = "".join(",".join(x) for x in got)
    assert "Gwen" not in text and "crown" not in text
    assert AuditEntry.objects.filter(action="incident.export", meta__fields="hhs_portal").exists()
    assert rows(as_user("pat").get(url("incidents-log") + "?year=2024&fields=hhs")) == [HEADER]
    r = as_user("pat").get(url("incidents-log") + "?year=2025&fields=portal")
    assert r.status_code == 400 and r.content.decode().startswith("fields:")


def test_a_large_breach_report_ends_with_the_last_takedown_and_lists_media_dates(as_user, people, pat):
    i = services.open_reported(pat, people.acme, NewIncident(
        title="T", discovered_on=date(2025, 6, 2), affected_by_state={"TX": 600}))
    services.assess(pat, i, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=i.pk))
    services.record_notice(pat, i, kind="media", method="press", sent_on=date(2025, 6, 10), recipients_count=3,
                           state="TX")
    for ref, day in ((1, 3), (2, 4)):
        Exposure.objects.create(incident=i, kind="post", ref_id=ref, state="manual",
                                removed_at=datetime(2025, 6, day, 15, 0, tzinfo=UTC), removed_by_actor="pat@acme.test")
    got = rows(as_user("pat").get(url("incidents-hhs-csv", incident_id=i.pk)))
    row = dict(zip(got[0], got[1], strict=True))
    assert (row["Breach End Date"], row["Media Notice Required"], row["Media Notice Date(s)"]) == (
        "2025-06-04", "Yes", "2025-06-10")
    assert row["Report Type"] == "500 or more (164.408(b))" and row["Covered Entity Type"] == "Healthcare Provider"
    assert row["Substitute Notice Required"] == ""          # the count of people not reached is not recorded yet
    Exposure.objects.create(incident=i, kind="post", ref_id=3, state="live")
    got = rows(as_user("pat").get(url("incidents-hhs-csv", incident_id=i.pk)))
    assert dict(zip(got[0], got[1], strict=True))["Breach End Date"] == ""      # something is still up


@pytest.mark.parametrize("change, error", [
    ({"breach_type": "ransomware"}, "breach_type: choose one of"),
    ({"safeguards": ["none", "technical"]}, "'none' cannot be combined"),
    ({"actions": ["apologised"]}, "actions: choose any of"),
    ({"business_associate": "yes"}, "business_associate: yes or no"),
])
def test_the_officers_answers_are_codes_from_the_portals_lists(breach, pat, change, error):
    with pytest.raises(IncidentError, match=error):
        services.record_hhs_report(pat, breach, {**REPORT, **change})
    assert Incident.objects.get(pk=breach.pk).hhs_report == {}


def test_the_form_refuses_an_unknown_choice_on_its_field(as_user, breach):
    r = as_user("pat").post(url("incidents-hhs-report", incident_id=breach.pk), {**REPORT, "location": "cloud"})
    assert r.status_code == 422 and "Select a valid choice" in r.content.decode()


@pytest.mark.parametrize("info_types, expected", [
    (["NAME"], ["Demographic"]),
    (["HEALTH", "NAME"], ["Clinical", "Demographic"]),
    (["ACCOUNT", "MRN", "OTHER_ID"], ["Clinical", "Financial", "Other"]),
    ([], []),
])
def test_factor_i_types_map_to_the_portals_types_of_phi(info_types, expected):
    assert hhs.phi_types(info_types) == expected


def test_the_auditor_downloads_but_cannot_answer_and_other_orgs_are_not_found(as_user, breach, people):
    assert as_user("audrey").get(url("incidents-hhs-csv", incident_id=breach.pk)).status_code == 200
    assert as_user("audrey").post(url("incidents-hhs-report", incident_id=breach.pk), REPORT).status_code == 403
    theirs = services.open_reported(Who.cli(people.other), people.other, NewIncident(
        title="T", discovered_on=date(2025, 3, 3), affected_by_state={"CA": 1}))
    assert as_user("pat").get(url("incidents-hhs-csv", incident_id=theirs.pk)).status_code == 404


def test_the_api_records_the_answers_and_refuses_unknown_codes(key, breach):
    c = key("pat")
    r = c.post(f"/api/v1/incidents/{breach.pk}/hhs-report", {**REPORT, "business_associate": True},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["hhs_report"]["safeguards"] == ["privacy", "technical"]
    assert Incident.objects.get(pk=breach.pk).hhs_report["business_associate"] is True
    r = c.post(f"/api/v1/incidents/{breach.pk}/hhs-report", {"safeguards": ["none", "physical"]},
               content_type="application/json")
    assert r.status_code == 422 and "'none' cannot be combined" in r.json()["detail"][0]["msg"]
    r = c.post(f"/api/v1/incidents/{breach.pk}/hhs-report", {"location": "cloud"}, content_type="application/json")
    assert r.status_code == 422 and "cloud" not in r.content.decode()
