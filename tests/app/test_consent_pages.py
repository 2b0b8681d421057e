"""Consent pages: list and filters, the record form (errors name the element), revoke, the signed
document (audited), the blank form (PDF with every required element), who sees the patient."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.consent import rules, services
from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms
from safepost.app.consent.form import blank_form_pdf
from safepost.app.consent.models import Consent
from safepost.app.consent.signals import consent_revoked


@pytest.fixture
def consent(people):
    return services.record_consent(Who.user(people["pat"], people.acme), people.acme,
                                   synthetic_terms("Acme Clinic"), document=SAMPLE_PDF)


def url(name: str, **kw) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"org": "acme", **kw})


def form_data(**changes) -> dict:
    t = synthetic_terms("Acme Clinic")
    d = {
        "patient_name": t.patient_name, "patient_identifiers": "DOB 1980-02-03", "information": t.information,
        "media": list(t.media), "discloser": t.discloser, "recipients": t.recipients,
        "platforms": list(t.platforms), "uses": list(t.uses), "purpose_description": t.purpose_description,
        "expires_on": t.expires_on.isoformat(), "expiry_event": "", "signature_obtained": "on",
        "signature_method": "ink", "signed_on": t.signed_on.isoformat(), "signer": "self",
        "representative_name": "", "representative_authority": "",
        "statement_revocation": t.statement_revocation, "statement_conditioning": t.statement_conditioning,
        "statement_redisclosure": t.statement_redisclosure, "remuneration_statement": "",
        "combined_with": "none", "jurisdiction": "", "form_version": t.form_version, "copy_provided_on": "",
    }
    d.update(changes)
    return {k: v for k, v in d.items() if v is not None}


# -- list ---------------------------------------------------------------------------------------
def test_the_list_shows_scope_to_reviewers_without_the_patient(as_user, consent):
    r = as_user("rita").get(url("web-consents"))
    assert r.status_code == 200
    body = r.content.decode()
    assert consent.ref in body and "facebook" in body
    assert "Jordan" not in body
    assert not AuditEntry.objects.filter(action="consent.view_identity").exists()


def test_the_list_shows_the_patient_to_the_privacy_officer_and_audits_it(as_user, consent):
    body = as_user("pat").get(url("web-consents")).content.decode()
    assert "Jordan Example" in body
    e = AuditEntry.objects.get(action="consent.view_identity")
    assert e.meta == {"ids": [consent.pk], "count": 1} and "Jordan" not in str(e.meta)


def test_the_list_filters_by_status_and_expiring_soon(as_user, people, consent):
    who = Who.user(people["pat"], people.acme)
    soon = services.record_consent(who, people.acme, synthetic_terms(
        expires_on=timezone.localdate() + timedelta(days=10)), document=SAMPLE_PDF)
    gone = services.record_consent(who, people.acme, synthetic_terms(), document=SAMPLE_PDF)
    services.revoke(who, gone)
    c = as_user("rita")

    def refs(query: str) -> set[str]:
        body = c.get(url("web-consents") + query).content.decode()
        table = body.split("<tbody>")[1]
        return set(re.findall(r">(C-\d+)</a>", table))

    assert refs("") == {consent.ref, soon.ref, gone.ref}
    assert refs("?status=revoked") == {gone.ref}
    assert refs("?status=active") == {consent.ref, soon.ref}
    assert refs("?expiring=on") == {soon.ref}
    banner = c.get(url("web-consents")).content.decode()
    assert 'id="expiring"' in banner and "1 authorization expires within 30 days" in banner


# -- record -------------------------------------------------------------------------------------
def test_a_privacy_officer_records_an_authorization_with_its_document(as_user, people):
    data = form_data(document=SimpleUploadedFile("scan.pdf", SAMPLE_PDF, content_type="application/pdf"))
    r = as_user("pat").post(url("consents-new"), data)
    c = Consent.objects.get()
    assert r.status_code == 302 and r["Location"] == url("consents-detail", consent_id=c.pk)
    assert c.patient_identifiers == "DOB 1980-02-03" and c.document.content() == SAMPLE_PDF
    assert c.recorded_by == people["pat"]


def test_the_new_form_is_prefilled_with_the_organizations_statements(as_user):
    body = as_user("alice").get(url("consents-new")).content.decode()
    assert "I may revoke (cancel) this authorization at any time by telling Acme Clinic in writing" in body


@pytest.mark.parametrize("changes,field,words", [
    ({"information": ""}, "information", "Description of the information to be used or disclosed"),
    ({"expires_on": "", "expiry_event": ""}, "expires_on", "Expiration date or expiration event"),
    ({"signed_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, "signed_on", "is in the future"),
    ({"expires_on": (timezone.localdate() - timedelta(days=30)).isoformat()}, "expires_on", "expired at signing"),
    ({"signer": "representative"}, "representative_authority", "Personal representative&#x27;s authority"),
    ({"statement_redisclosure": ""}, "statement_redisclosure", "Statement on redisclosure"),
    ({"combined_with": "treatment_consent"}, "combined_with", "compound authorization"),
    ({"platforms": None}, "platforms", "Platforms where it may be published"),
    ({"signature_obtained": None}, "signature_obtained", "the form is not signed"),
])
def test_a_defective_authorization_is_refused_with_the_element_named(as_user, changes, field, words):
    r = as_user("pat").post(url("consents-new"), form_data(**changes))
    assert r.status_code == 422
    body = r.content.decode()
    assert words in body
    assert r.context["form"].errors.get(field), r.context["form"].errors
    assert not Consent.objects.exists()


def test_a_document_that_is_not_pdf_jpeg_or_png_is_refused(as_user):
    data = form_data(document=SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"))
    r = as_user("pat").post(url("consents-new"), data)
    assert r.status_code == 422 and "PDF, JPEG or PNG" in r.content.decode()
    assert not Consent.objects.exists()


# -- detail, revoke, document ---------------------------------------------------------------------
def test_the_detail_hides_the_patient_from_authors(as_user, consent):
    body = as_user("andy").get(url("consents-detail", consent_id=consent.pk)).content.decode()
    assert "knee surgery" in body and "Jordan" not in body and "Download" not in body


def test_the_detail_shows_the_patient_to_the_auditor_and_audits_it(as_user, consent):
    body = as_user("audrey").get(url("consents-detail", consent_id=consent.pk)).content.decode()
    assert "Jordan Example" in body and "Revoke" not in body
    assert AuditEntry.objects.filter(action="consent.view_identity", object_id=str(consent.pk)).count() == 1


def test_revoking_from_the_page(as_user, consent):
    got = []
    consent_revoked.connect(lambda sender, **kw: got.append(kw["reason"]), weak=False, dispatch_uid="t-page")
    try:
        r = as_user("pat").post(url("consents-revoke", consent_id=consent.pk),
                                {"received_on": timezone.localdate().isoformat()})
    finally:
        consent_revoked.disconnect(dispatch_uid="t-page")
    assert r.status_code == 302
    consent.refresh_from_db()
    assert consent.status == "revoked" and got == ["revoked"]


def test_recording_the_expiration_event_from_the_page(as_user, people):
    c = services.record_consent(Who.user(people["pat"], people.acme), people.acme,
                                synthetic_terms(expires_on=None, expiry_event="End of the campaign"))
    as_user("alice").post(url("consents-event", consent_id=c.pk), {"occurred_on": timezone.localdate().isoformat()})
    c.refresh_from_db()
    assert c.status == "expired" and c.expiry_event_occurred_on == timezone.localdate()


def test_the_signed_document_download_is_audited(as_user, consent):
    r = as_user("pat").get(url("consents-document", consent_id=consent.pk))
    assert r.status_code == 200 and r.content == SAMPLE_PDF and r["Content-Type"] == "application/pdf"
    assert "attachment" in r["Content-Disposition"] and r["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="consent.document_download", object_id=str(consent.pk)).count() == 1


def test_a_document_can_be_uploaded_later_from_the_page(as_user, people):
    c = services.record_consent(Who.user(people["pat"], people.acme), people.acme, synthetic_terms())
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    as_user("pat").post(url("consents-document-upload", consent_id=c.pk),
                        {"document": SimpleUploadedFile("x.png", png, content_type="image/png")})
    c.refresh_from_db()
    assert c.document.content() == png and c.document.content_type == "image/png"


def test_another_organizations_consent_is_not_found(as_user, people):
    theirs = services.record_consent(Who.user(people["charlie"], people.other), people.other,
                                     synthetic_terms("Other Clinic"), document=SAMPLE_PDF)
    c = as_user("pat")
    for name in ("consents-detail", "consents-document"):
        assert c.get(url(name, consent_id=theirs.pk)).status_code == 404
    for name in ("consents-revoke", "consents-event", "consents-document-upload"):
        assert c.post(url(name, consent_id=theirs.pk), {"received_on": "2020-01-01"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "active"


# -- the blank form -----------------------------------------------------------------------------
def pdf_text(data: bytes) -> str:
    """The text of every page, without the page footers (a paragraph may run across pages)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    lines = [line for p in reader.pages for line in p.extract_text().splitlines()
             if f"authorization form {rules.FORM_VERSION} - page" not in line]
    return re.sub(r"\s+", " ", " ".join(lines))


def test_the_blank_form_download(as_user):
    r = as_user("andy").get(url("consents-form"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "Acme Clinic" in pdf_text(r.content)


def test_the_blank_form_has_every_required_element():
    text = pdf_text(blank_form_pdf("Acme Clinic"))
    required = [
        # 164.508(c)(1)
        "What information may be used and shared", "Describe the information specifically",
        "Who may use and share it", "Acme Clinic and its staff",
        "Who may receive it", *rules.PLATFORMS.values(),
        "Why (the purpose)", "Describe each purpose", *rules.USES.values(),
        "When this authorization ends", "Expiration date", "Or this event",
        "Signature", "Date", "Representative's name", "Authority to act for the patient",
        # 164.508(c)(2), (a)(3)(ii), (c)(4)
        rules.statement("revocation", "Acme Clinic"), rules.statement("conditioning", "Acme Clinic"),
        rules.statement("redisclosure", "Acme Clinic"), rules.statement("remuneration", "Acme Clinic"),
        rules.statement("copy", "Acme Clinic"),
        # blanks for the patient, media, the stand-alone statement
        "My full name", "My date of birth", "Photographs of me", "Video of me", "My story or quotes",
        "This form is separate from any other form",
    ]
    missing = [w for w in required if re.sub(r"\s+", " ", w) not in text]
    assert missing == []


def test_the_blank_form_survives_names_outside_latin_1():
    assert "Clinic" in pdf_text(blank_form_pdf("Clínica “Sol” 東京 — Clinic"))
