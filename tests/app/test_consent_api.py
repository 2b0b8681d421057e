"""The consent API: shapes, permissions, defective authorizations named per element, isolation."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.consent import rules, services
from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms
from safepost.app.consent.models import Consent

CONSENT_KEYS = {
    "id", "ref", "status", "information", "media", "discloser", "recipients", "platforms", "uses",
    "purpose_description", "expires_on", "expiry_event", "expiry_event_occurred_on", "signed_on",
    "signature_method", "signer", "representative_authority", "statements", "third_party_remuneration",
    "combined_with", "jurisdiction", "form_version", "copy_provided_on", "document", "recorded_at", "recorded_by",
    "revoked_at", "revocation_received_on", "expired_at", "reminder_at", "retain_until", "patient",
}


@pytest.fixture
def key(people):
    def make(name: str, org=None) -> Client:
        org = org or people.acme
        token = accounts.create_api_key(Who.cli(org), org, f"{name}'s key", user=people[name])[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def body(**changes) -> dict:
    d = asdict(synthetic_terms("Acme Clinic"))
    for k in ("media", "platforms", "uses"):
        d[k] = list(d[k])
    for k in ("expires_on", "signed_on"):
        d[k] = d[k].isoformat() if d[k] else None
    d["patient_identifiers"] = "MRN 42"
    d.update(changes)
    return d


def post(c: Client, path: str, data) -> "object":
    return c.post(path, data=json.dumps(data), content_type="application/json")


def test_a_privacy_officer_records_an_authorization(key, people):
    r = post(key("pat"), "/api/v1/consents", body())
    assert r.status_code == 201, r.content
    got = r.json()
    assert set(got) == CONSENT_KEYS
    assert got["status"] == "active" and got["ref"] == f"C-{got['id']}" and got["patient"] is None
    assert got["media"] == ["name", "story", "photo"] and got["document"] is None
    assert got["recorded_by"].startswith("pat@acme.test (apikey:")
    c = Consent.objects.get(pk=got["id"])
    assert c.patient_name == "Jordan Example" and c.patient_identifiers == "MRN 42"


def test_the_forms_statements_are_filled_in_for_its_version(key):
    r = post(key("alice"), "/api/v1/consents", body(statement_revocation="", statement_conditioning="",
                                                    statement_redisclosure=""))
    assert r.status_code == 201
    assert r.json()["statements"]["revocation"] == rules.statement("revocation", "Acme Clinic")
    r = post(key("alice"), "/api/v1/consents", body(statement_redisclosure="", form_version="Our 2019 form"))
    assert r.status_code == 422


def test_a_defective_authorization_is_refused_element_by_element_without_echo(key):
    r = post(key("pat"), "/api/v1/consents", body(expires_on=None, signer="representative", patient_name="Zed Q"))
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert {d["loc"][-1] for d in detail} == {"expires_on", "representative_authority", "representative_name"}
    assert all(d["type"] == "defective_authorization" for d in detail)
    assert any("Expiration date or expiration event (164.508(c)(1)(v))" in d["msg"] for d in detail)
    assert "Zed Q" not in r.content.decode() and not Consent.objects.exists()


@pytest.mark.parametrize("change", [{"signed_on": "yesterday"}, {"media": "photo"}, {"surprise": 1},
                                    {"signature_obtained": "yes"}])
def test_malformed_bodies_are_422(key, change):
    assert post(key("pat"), "/api/v1/consents", body(**change)).status_code == 422


def test_roles_without_consents_manage_may_not_record_or_revoke(key, people):
    c = services.record_consent(Who.user(people["pat"], people.acme), people.acme, synthetic_terms())
    for name in ("rita", "andy", "cora", "audrey"):
        assert post(key(name), "/api/v1/consents", body()).status_code == 403
        assert post(key(name), f"/api/v1/consents/{c.pk}/revoke", {}).status_code == 403


def test_a_service_key_may_not_use_the_registry(people):
    token = accounts.create_api_key(Who.cli(people.acme), people.acme, "ci")[1]
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert c.get("/api/v1/consents").status_code == 403
    assert post(c, "/api/v1/consents", body()).status_code == 403


def test_the_document_upload_is_multipart_and_checked(key, people):
    c = services.record_consent(Who.user(people["pat"], people.acme), people.acme, synthetic_terms())
    client = key("pat")
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(f"/api/v1/consents/{c.pk}/document",
                      {"document": SimpleUploadedFile("a.gif", b"GIF89a....", content_type="image/gif")})
    assert bad.status_code == 422 and "PDF, JPEG or PNG" in bad.json()["detail"]
    r = client.post(f"/api/v1/consents/{c.pk}/document",
                    {"document": SimpleUploadedFile("a.pdf", SAMPLE_PDF, content_type="application/pdf")})
    assert r.status_code == 201 and r.json()["size"] == len(SAMPLE_PDF)
    assert set(r.json()) == {"content_type", "size", "sha256", "uploaded_at"}
    again = client.post(f"/api/v1/consents/{c.pk}/document",
                        {"document": SimpleUploadedFile("a.pdf", SAMPLE_PDF, content_type="application/pdf")})
    assert again.status_code == 409


def test_get_shows_the_patient_only_to_roles_that_may_see_it(key, people):
    c = services.record_consent(Who.user(people["pat"], people.acme), people.acme, synthetic_terms(),
                                patient_identifiers="MRN 42", document=SAMPLE_PDF)
    r = key("rita").get(f"/api/v1/consents/{c.pk}")
    assert r.status_code == 200 and r.json()["patient"] is None and "Jordan" not in r.content.decode()
    assert r.json()["document"]["content_type"] == "application/pdf"
    r = key("audrey").get(f"/api/v1/consents/{c.pk}")
    assert r.json()["patient"] == {"name": "Jordan Example", "identifiers": "MRN 42", "representative_name": ""}
    assert AuditEntry.objects.filter(action="consent.view_identity", object_id=str(c.pk)).count() == 1


def test_list_filters_by_status_and_never_includes_the_patient(key, people):
    who = Who.user(people["pat"], people.acme)
    a = services.record_consent(who, people.acme, synthetic_terms())
    b = services.record_consent(who, people.acme, synthetic_terms())
    services.revoke(who, b)
    c = key("andy")
    assert [x["id"] for x in c.get("/api/v1/consents").json()] == [b.pk, a.pk]
    assert [x["id"] for x in c.get("/api/v1/consents?status=revoked").json()] == [b.pk]
    assert [x["id"] for x in c.get("/api/v1/consents?status=active").json()] == [a.pk]
    assert all(x["patient"] is None for x in key("pat").get("/api/v1/consents").json())
    assert c.get("/api/v1/consents?status=gone").status_code == 422


def test_revoke_takes_effect_and_twice_is_409(key, people):
    c = services.record_consent(Who.user(people["pat"], people.acme), people.acme, synthetic_terms())
    r = post(key("pat"), f"/api/v1/consents/{c.pk}/revoke", {"received_on": timezone.localdate().isoformat()})
    assert r.status_code == 200 and r.json()["status"] == "revoked" and r.json()["revoked_at"]
    assert post(key("pat"), f"/api/v1/consents/{c.pk}/revoke", {}).status_code == 409
    # an empty body: received today
    d = services.record_consent(Who.user(people["pat"], people.acme), people.acme, synthetic_terms())
    r = post(key("alice"), f"/api/v1/consents/{d.pk}/revoke", {})
    assert r.status_code == 200 and r.json()["revocation_received_on"] == timezone.localdate().isoformat()


def test_another_organizations_consents_are_not_found(key, people):
    theirs = services.record_consent(Who.user(people["charlie"], people.other), people.other, synthetic_terms())
    c = key("pat")
    assert c.get(f"/api/v1/consents/{theirs.pk}").status_code == 404
    assert post(c, f"/api/v1/consents/{theirs.pk}/revoke", {}).status_code == 404
    assert c.get("/api/v1/consents").json() == []
    theirs.refresh_from_db()
    assert theirs.status == "active"
