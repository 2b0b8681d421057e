"""The incidents API: the issue's example (deadlines in the answer), strict schemas, refusals that
name the field, permissions, and isolation between organizations."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.audit.services import Who
from safepost.app.incidents import services
from safepost.app.incidents.models import Incident

TODAY = timezone.localdate()
FACTOR_HIGH = {"risk": "high", "evidence": "Public reply with the full name and the procedure."}
FACTOR_LOW = {"risk": "low", "evidence": "Seen by nobody: removed before the platform showed it."}


@pytest.fixture
def key(people):
    def make(name: str, org=None) -> Client:
        org = org or people.acme
        token = accounts.create_api_key(Who.cli(org), org, f"{name}'s key", user=people[name])[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def post(c: Client, path: str, data=None):
    return c.post(path, data=json.dumps(data or {}), content_type="application/json")


def test_the_issue_example_answers_201_with_the_deadlines(key):
    r = post(key("pat"), "/api/v1/incidents", {"title": "Reply named a patient", "discovered_on": "2026-03-03",
                                               "affected_by_state": {"CA": 600, "NV": 20}})
    assert r.status_code == 201, r.content
    got = r.json()
    assert got["deadlines"] == {"individuals": "2026-05-02", "media": "2026-05-02", "hhs": "2026-05-02",
                                "covered_entity": None}
    assert got["state"] == "open" and got["affected_total"] == 620 and got["ref"] == f"I-{got['id']}"
    media = next(d for d in got["deadline_details"] if d["key"] == "media")
    assert media["states"] == ["CA"] and media["citation"] == "45 CFR 164.406(a)"
    again = key("audrey").get(f"/api/v1/incidents/{got['id']}")
    assert again.status_code == 200 and again.json()["deadlines"] == got["deadlines"]


def test_a_small_breach_has_no_media_deadline_and_hhs_in_the_annual_log(key):
    got = post(key("pat"), "/api/v1/incidents", {"title": "T", "discovered_on": "2023-12-31",
                                                 "affected_by_state": {"NV": 3}}).json()
    assert got["deadlines"]["media"] is None and got["deadlines"]["hhs"] == "2024-02-29"


@pytest.mark.parametrize("data, field", [
    ({"title": "T", "discovered_on": "03/03/2026"}, "discovered_on"),
    ({"title": "T", "discovered_on": "2026-03-03", "affected_by_state": {"CA": "600"}}, "affected_by_state"),
    ({"title": "T", "discovered_on": "2026-03-03", "affected_by_state": {"CA": True}}, "affected_by_state"),
    ({"title": "T", "discovered_on": "2026-03-03", "colour": "magentaXYZ"}, "colour"),
    ({"discovered_on": "2026-03-03"}, "title"),
])
def test_the_schema_is_strict(key, data, field):
    r = post(key("pat"), "/api/v1/incidents", data)
    assert r.status_code == 422
    assert any(field in json.dumps(e["loc"]) for e in r.json()["detail"])
    assert "magentaXYZ" not in r.content.decode() and "03/03/2026" not in r.content.decode()


def test_refusals_name_the_field_to_fix(key):
    r = post(key("pat"), "/api/v1/incidents", {"title": "T", "discovered_on": (TODAY + timedelta(days=2)).isoformat(),
                                               "affected_by_state": {"California": 1}})
    assert r.status_code == 422
    locs = [e["loc"][-1] for e in r.json()["detail"]]
    assert locs == ["discovered_on", "affected_by_state"]


def test_the_assessment_decides_and_the_notices_close_the_incident(key):
    c = key("pat")
    i = post(c, "/api/v1/incidents", {"title": "T", "discovered_on": TODAY.isoformat(),
                                      "affected_by_state": {"CA": 2}}).json()
    spec = {"info_types": ["NAME", "HEALTH"], "reidentification": "high", "nature": FACTOR_HIGH,
            "recipient": FACTOR_HIGH, "acquired": FACTOR_HIGH, "mitigation": FACTOR_LOW, "decide": True}
    r = post(c, f"/api/v1/incidents/{i['id']}/assessment", spec)
    assert r.status_code == 200, r.content
    assert (r.json()["conclusion"], r.json()["state"]) == ("notify", "notifying")
    assert r.json()["factor_risks"] == {"nature": "high", "recipient": "high", "acquired": "high", "mitigation": "low"}
    r = post(c, f"/api/v1/incidents/{i['id']}/close")
    assert r.status_code == 422 and "individuals" in r.json()["detail"][0]["msg"]
    r = post(c, f"/api/v1/incidents/{i['id']}/notices", {"kind": "individuals", "method": "mail",
                                                         "sent_on": TODAY.isoformat(), "recipients_count": 2})
    assert r.status_code == 201
    r = post(c, f"/api/v1/incidents/{i['id']}/close")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "unreachable_count"
    r = post(c, f"/api/v1/incidents/{i['id']}/unreachable", {"unreachable_count": 0})
    assert r.status_code == 200 and r.json()["substitute"]["rule"] == "none"
    r = post(c, f"/api/v1/incidents/{i['id']}/close")
    assert r.status_code == 422 and "post-incident review" in r.json()["detail"][0]["msg"]
    r = post(c, f"/api/v1/incidents/{i['id']}/review", {
        "what_happened": "A reply released by override named a patient and a procedure.", "root_cause": "override",
        "actions": [{"description": "Two-person rule for reply overrides", "owner_email": "nobody@example.org",
                     "due_on": (TODAY + timedelta(days=14)).isoformat()}]})
    assert r.status_code == 422 and "not an active member" in r.json()["detail"][0]["msg"]
    r = post(c, f"/api/v1/incidents/{i['id']}/review", {
        "what_happened": "A reply released by override named a patient and a procedure.", "root_cause": "override",
        "actions": [{"description": "Two-person rule for reply overrides", "owner_email": "rita@acme.test",
                     "due_on": (TODAY + timedelta(days=14)).isoformat()}]})
    assert r.status_code == 200, r.content
    r = post(c, f"/api/v1/incidents/{i['id']}/close")
    assert r.status_code == 200 and r.json()["state"] == "closed"


def test_an_incomplete_assessment_is_refused_when_deciding(key):
    c = key("pat")
    i = post(c, "/api/v1/incidents", {"title": "T", "discovered_on": TODAY.isoformat()}).json()
    short = {"risk": "low", "evidence": "ok"}
    spec = {"info_types": ["NAME"], "reidentification": "low", "nature": short, "recipient": short,
            "acquired": short, "mitigation": short, "decide": True}
    r = post(c, f"/api/v1/incidents/{i['id']}/assessment", spec)
    assert r.status_code == 422
    assert {e["loc"][-1] for e in r.json()["detail"]} == {"nature", "recipient", "acquired", "mitigation"}


def test_an_exception_is_recorded(key):
    c = key("alice")
    i = post(c, "/api/v1/incidents", {"title": "T", "discovered_on": TODAY.isoformat()}).json()
    r = post(c, f"/api/v1/incidents/{i['id']}/exception", {"exception": "inadvertent_internal",
                                                           "justification": "Sent to a colleague on the care team.",
                                                           "no_further_use": True})
    assert r.status_code == 200 and r.json()["conclusion"] == "exception" and r.json()["deadlines"]["individuals"] is None


@pytest.mark.parametrize("name, status", [("audrey", 403), ("rita", 403), ("cora", 403)])
def test_only_privacy_officers_and_admins_open_incidents(key, name, status):
    r = post(key(name), "/api/v1/incidents", {"title": "T", "discovered_on": TODAY.isoformat()})
    assert r.status_code == status


def test_the_list_puts_the_nearest_deadline_first(key, people):
    c = key("pat")
    later = post(c, "/api/v1/incidents", {"title": "later", "discovered_on": TODAY.isoformat()}).json()
    sooner = post(c, "/api/v1/incidents", {"title": "sooner", "discovered_on": (TODAY - timedelta(days=50)).isoformat()}).json()
    got = [i["id"] for i in key("audrey").get("/api/v1/incidents").json()]
    assert got == [sooner["id"], later["id"]]
    assert key("rita").get("/api/v1/incidents").status_code == 403


def test_another_organizations_incident_is_not_found(key, people):
    theirs = services.open_reported(Who.cli(people.other), people.other, services.NewIncident(
        title="Theirs", discovered_on=TODAY, affected_by_state={}))
    assert key("pat").get(f"/api/v1/incidents/{theirs.pk}").status_code == 404
    assert post(key("pat"), f"/api/v1/incidents/{theirs.pk}/close").status_code == 404
    assert key("pat").get("/api/v1/incidents").json() == []
    assert Incident.objects.get(pk=theirs.pk).state == "open"


def test_a_source_of_another_organization_is_refused(key, people):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import synthetic_terms

    theirs = consents.record_consent(Who.cli(people.other), people.other, synthetic_terms("Other Clinic"))
    r = post(key("pat"), "/api/v1/incidents", {"title": "T", "discovered_on": TODAY.isoformat(),
                                               "source_kind": "consent", "source_id": theirs.pk})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "source_id"
