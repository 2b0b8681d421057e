"""Synthetic consents for `safepost serve --demo` (invented people; no real patient).

`synthetic_terms(org_name, **changes)` is also what tests (ours and the posts app's) use to get a
complete, valid authorization and change one element at a time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from safepost.app.consent import rules

# a one-page PDF, enough to stand for the scanned signed form in the demo and in tests
SAMPLE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
              b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n"
              b"%%EOF\n")


def synthetic_terms(org_name: str = "Demo Clinic", **changes) -> rules.Terms:
    today = timezone.localdate()
    t = rules.Terms(
        patient_name="Jordan Example",
        information="First name, a photo taken at the clinic on the day of discharge, and a short quote "
                    "about recovering from knee surgery.",
        media=("name", "story", "photo"),
        discloser=f"{org_name} and its communications staff",
        recipients="The public, through the organization's social media accounts listed below",
        platforms=("facebook", "instagram", "bluesky"),
        uses=("marketing", "testimonial"),
        purpose_description="To promote the organization's orthopedic services with the patient's story.",
        expires_on=today + timedelta(days=365),
        signature_obtained=True, signature_method="ink", signed_on=today - timedelta(days=3), signer="self",
        statement_revocation=rules.statement("revocation", org_name),
        statement_conditioning=rules.statement("conditioning", org_name),
        statement_redisclosure=rules.statement("redisclosure", org_name),
        form_version=rules.FORM_VERSION)
    return replace(t, **changes)


def load_demo(org, members_by_role) -> None:
    from safepost.app.accounts.rules import Role
    from safepost.app.audit.services import Who
    from safepost.app.consent import services
    from safepost.app.consent.models import Consent

    if Consent.objects.filter(org=org).exists():
        return
    who = Who.user(members_by_role[Role.PRIVACY], org)
    today = timezone.localdate()
    services.record_consent(who, org, synthetic_terms(org.name), patient_identifiers="DOB 1970-01-01 (synthetic)",
                            copy_provided_on=today - timedelta(days=3), document=SAMPLE_PDF)
    services.record_consent(who, org, synthetic_terms(
        org.name, patient_name="Casey Sample", signer="representative", representative_name="Morgan Sample",
        representative_authority="Parent of a minor patient", media=("story", "video"),
        platforms=("instagram", "x"), uses=("education",),
        information="A video of the patient's first physical-therapy session and the parent's account of it.",
        purpose_description="Health education about pediatric physical therapy.",
        expires_on=today + timedelta(days=20), signature_method="electronic"), document=SAMPLE_PDF)
