"""The consent registry's JSON API (HTTP only; services do the work):

    POST /api/v1/consents                    record an authorization (JSON: its elements) → 201
    POST /api/v1/consents/{id}/document      attach the signed form (multipart `document`) → 201
    GET  /api/v1/consents/{id}               one authorization; `patient` only for roles that
                                             may see the patient (consent_identity.view), audited
    GET  /api/v1/consents?status=            the organization's authorizations (no patient)
    POST /api/v1/consents/{id}/revoke        revoke, effective at once (JSON {"received_on"} or {}) → 200;
                                             again → 409

A defective authorization answers 422 with one error per element:
{"detail": [{"loc": ["body", "spec", "<field>"], "msg": "<element>: <problem>", "type": "defective_authorization"}]}
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import JsonResponse
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict, Field

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.audit.services import Who
from safepost.app.consent import rules, services
from safepost.app.consent.forms import ERROR_FIELD
from safepost.app.consent.models import Consent

router = Router(tags=["consents"])

# which JSON field carries each element's error (the web form's names, but the patient's)
SPEC_FIELD = {**ERROR_FIELD, "signature": "signature_obtained"}


class ConsentSpec(Schema):
    """The elements of a signed authorization (45 CFR 164.508(c)). Statements left empty take
    the wording of SafePost's own form when `form_version` is that form's version."""

    model_config = ConfigDict(extra="forbid", strict=True)

    patient_name: str = Field("", max_length=200, description="Encrypted at rest; never logged.")
    patient_identifiers: str = Field("", max_length=500, description="Date of birth, patient number, …")
    other_names: str = Field("", max_length=1000, description="Nicknames, a parent of a minor: comma-separated")
    information: str = Field("", max_length=4000, description="(i) the information, specific and meaningful")
    media: list[str] = Field(default_factory=list, max_length=20, description=f"any of {', '.join(rules.MEDIA)}")
    discloser: str = Field("", max_length=4000, description="(ii) who may use or disclose it")
    recipients: str = Field("", max_length=4000, description="(iii) who may receive it")
    platforms: list[str] = Field(default_factory=list, max_length=20,
                                 description=f"any of {', '.join(rules.PLATFORMS)}")
    uses: list[str] = Field(default_factory=list, max_length=20, description=f"(iv) any of {', '.join(rules.USES)}")
    purpose_description: str = Field("", max_length=4000, description="(iv) each purpose, in words")
    expires_on: date | None = Field(None, strict=False, description="(v) expiration date, YYYY-MM-DD")
    expiry_event: str = Field("", max_length=4000, description="(v) or expiration event")
    signature_obtained: bool = Field(False, description="(vi) the form is signed")
    signature_method: str = Field("", max_length=20, description=f"{' or '.join(rules.SIGNATURE_METHODS)}")
    signed_on: date | None = Field(None, strict=False, description="(vi) date of signature, YYYY-MM-DD")
    signer: str = Field("", max_length=20, description="self or representative")
    representative_name: str = Field("", max_length=200)
    representative_authority: str = Field("", max_length=4000, description="(vi) when a representative signs")
    statement_revocation: str = Field("", max_length=4000)
    statement_conditioning: str = Field("", max_length=4000)
    statement_redisclosure: str = Field("", max_length=4000)
    third_party_remuneration: bool = False
    remuneration_statement: str = Field("", max_length=4000)
    combined_with: str = Field("none", max_length=30, description=f"{', '.join(rules.COMBINED_WITH)}")
    treatment_conditioned: bool = False
    jurisdiction: str = Field("", max_length=2, description="CA, TX or empty")
    form_version: str = Field("", max_length=100, description=f"SafePost's form: {rules.FORM_VERSION}")
    copy_provided_on: date | None = Field(None, strict=False, description="(c)(4) copy given on, YYYY-MM-DD")


class RevokeSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    received_on: date | None = Field(None, strict=False, description="when the written revocation arrived "
                                                                      "(default: today)")


class StatementsDict(Schema):
    revocation: str
    conditioning: str
    redisclosure: str
    remuneration: str


class DocumentDict(Schema):
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class PatientDict(Schema):
    name: str
    identifiers: str
    representative_name: str


class ConsentDict(Schema):
    id: int
    ref: str
    status: Literal["active", "revoked", "expired"]
    information: str
    media: list[str]
    discloser: str
    recipients: str
    platforms: list[str]
    uses: list[str]
    purpose_description: str
    expires_on: date | None
    expiry_event: str
    expiry_event_occurred_on: date | None
    signed_on: date
    signature_method: str
    signer: str
    representative_authority: str
    statements: StatementsDict
    third_party_remuneration: bool
    combined_with: str
    jurisdiction: str
    form_version: str
    copy_provided_on: date | None
    document: DocumentDict | None
    recorded_at: datetime
    recorded_by: str
    revoked_at: datetime | None
    revocation_received_on: date | None
    expired_at: datetime | None
    reminder_at: datetime | None
    retain_until: date
    patient: PatientDict | None = Field(None, description="only for roles that may see the patient; audited")


def _out(c: Consent, patient: bool = False) -> dict:
    doc = c.document if c.has_document else None
    return {
        "id": c.pk, "ref": c.ref, "status": c.status, "information": c.information, "media": c.media,
        "discloser": c.discloser, "recipients": c.recipients, "platforms": c.platforms, "uses": c.uses,
        "purpose_description": c.purpose_description, "expires_on": c.expires_on, "expiry_event": c.expiry_event,
        "expiry_event_occurred_on": c.expiry_event_occurred_on, "signed_on": c.signed_on,
        "signature_method": c.signature_method, "signer": c.signer,
        "representative_authority": c.representative_authority,
        "statements": {"revocation": c.statement_revocation, "conditioning": c.statement_conditioning,
                       "redisclosure": c.statement_redisclosure, "remuneration": c.remuneration_statement},
        "third_party_remuneration": c.third_party_remuneration, "combined_with": c.combined_with,
        "jurisdiction": c.jurisdiction, "form_version": c.form_version, "copy_provided_on": c.copy_provided_on,
        "document": {"content_type": doc.content_type, "size": doc.size, "sha256": doc.sha256,
                     "uploaded_at": doc.uploaded_at} if doc else None,
        "recorded_at": c.recorded_at, "recorded_by": c.recorded_by_actor, "revoked_at": c.revoked_at,
        "revocation_received_on": c.revocation_received_on, "expired_at": c.expired_at,
        "reminder_at": c.reminder_at, "retain_until": c.retain_until,
        "patient": {"name": c.patient_name, "identifiers": c.patient_identifiers, "other_names": c.other_names,
                    "representative_name": c.representative_name} if patient else None,
    }


def _get(request, consent_id: int) -> Consent:
    c = Consent.objects.filter(org=request.org, pk=consent_id).select_related("document").first()
    if c is None:
        raise HttpError(404, "no such consent in this organization")
    return c


ERRORS = {401: ErrorDict, 403: ErrorDict, 404: ErrorDict, 409: ErrorDict, 422: ErrorDict}


@router.post("/consents", response={201: ConsentDict, **ERRORS}, summary="Record a signed authorization",
             operation_id="consent_create")
def create_consent(request, spec: ConsentSpec):
    """Refuses (422) an incomplete or defective authorization, one error per element named."""
    require(request, Action.CONSENTS_MANAGE)
    d = spec.model_dump()
    if d["form_version"].strip() == rules.FORM_VERSION:
        for kind in ("revocation", "conditioning", "redisclosure"):
            if not d[f"statement_{kind}"].strip():
                d[f"statement_{kind}"] = rules.statement(kind, request.org.name)
    identifiers, copy_on, other_names = d.pop("patient_identifiers"), d.pop("copy_provided_on"), d.pop("other_names")
    terms = rules.Terms(**{**d, "media": tuple(d["media"]), "platforms": tuple(d["platforms"]),
                           "uses": tuple(d["uses"])})
    try:
        c = services.record_consent(Who.from_request(request), request.org, terms,
                                    patient_identifiers=identifiers, other_names=other_names, copy_provided_on=copy_on)
    except services.ConsentError as e:
        if e.defects:
            return JsonResponse({"detail": [
                {"loc": ["body", "spec", SPEC_FIELD.get(x.element, x.element)], "msg": x.message,
                 "type": "defective_authorization"} for x in e.defects]}, status=422)
        raise HttpError(422, str(e)) from None
    return Status(201, _out(c))


@router.post("/consents/{consent_id}/document", response={201: DocumentDict, **ERRORS},
             summary="Attach the signed form (PDF, JPEG or PNG, ≤ 10 MB)", operation_id="consent_document")
def upload_document(request, consent_id: int, document: File[UploadedFile]):
    require(request, Action.CONSENTS_MANAGE)
    c = _get(request, consent_id)
    if document.size is not None and document.size > rules.DOCUMENT_MAX_BYTES:
        raise HttpError(422, rules.document_problem(document.size, b""))
    try:
        doc = services.attach_document(Who.from_request(request), c, document.read())
    except services.ConsentError as e:
        raise HttpError(409 if "already" in str(e) else 422, str(e)) from None
    return Status(201, {"content_type": doc.content_type, "size": doc.size, "sha256": doc.sha256,
                        "uploaded_at": doc.uploaded_at})


@router.get("/consents/{consent_id}", response={200: ConsentDict, **ERRORS}, summary="One authorization",
            operation_id="consent_get")
def get_consent(request, consent_id: int):
    principal = require(request, Action.CONSENTS_VIEW)
    c = _get(request, consent_id)
    patient = principal.can(Action.CONSENT_IDENTITY_VIEW)
    if patient:
        services.note_identity_view(Who.from_request(request), c)
    return Status(200, _out(c, patient=patient))


@router.get("/consents", response={200: list[ConsentDict], **ERRORS}, summary="The organization's authorizations",
            operation_id="consent_list")
def list_consents(request, status: Literal["active", "revoked", "expired"] | None = None):
    """Newest first, at most 1000; the patient is never included here."""
    require(request, Action.CONSENTS_VIEW)
    qs = Consent.objects.filter(org=request.org).select_related("document")
    if status:
        qs = qs.filter(status=status)
    return Status(200, [_out(c) for c in qs[:1000]])


@router.post("/consents/{consent_id}/revoke", response={200: ConsentDict, **ERRORS},
             summary="Revoke an authorization (effective at once)", operation_id="consent_revoke")
def revoke_consent(request, consent_id: int, spec: RevokeSpec | None = None):
    require(request, Action.CONSENTS_MANAGE)
    c = _get(request, consent_id)
    try:
        c = services.revoke(Who.from_request(request), c, received_on=spec.received_on if spec else None)
    except services.ConsentError as e:
        raise HttpError(409 if "already" in str(e) else 422, str(e)) from None
    return Status(200, _out(Consent.objects.select_related("document").get(pk=c.pk)))
