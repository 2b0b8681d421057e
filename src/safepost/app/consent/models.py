"""Storage for patient authorizations (HIPAA 164.508). Decisions live in rules.py.

The patient's identity, the description of the information (it names the condition or the
procedure) and the representative's name are PHI: `EncryptedTextField`, never filtered on,
never written to logs or the audit log. The signed document is stored encrypted in its own
table (so listing consents never loads it, and `safepost keys rotate` re-encrypts it).
Nothing here is ever deleted: authorizations are retention records (164.508(b)(6), 164.530(j)).
"""

from __future__ import annotations

import base64
from datetime import date

from django.db import models

from safepost.app.accounts.models import Organization, User
from safepost.app.consent import rules
from safepost.app.lib.fields import EncryptedTextField


class Consent(models.Model):
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="consents")
    # the patient: PHI, encrypted
    patient_name = EncryptedTextField()
    patient_identifiers = EncryptedTextField(blank=True, default="")   # date of birth, MRN, …
    other_names = EncryptedTextField(blank=True, default="")   # nicknames, a parent of a minor: one per line or comma
    # (i) what information, in which media
    information = EncryptedTextField()
    media = models.JSONField(default=list)                 # rules.MEDIA keys
    # (ii) who may disclose, (iii) to whom, on which platforms
    discloser = models.TextField()
    recipients = models.TextField()
    platforms = models.JSONField(default=list)             # rules.PLATFORMS keys
    # (iv) each purpose
    uses = models.JSONField(default=list)                  # rules.USES keys
    purpose_description = models.TextField()
    # (v) expiry: a date, an event, or both (whichever comes first)
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.TextField(blank=True, default="")
    expiry_event_occurred_on = models.DateField(null=True, blank=True)
    # (vi) signature, date, signer's authority
    signature_obtained = models.BooleanField(default=False)
    signature_method = models.CharField(max_length=20, blank=True, default="")
    signed_on = models.DateField()
    signer = models.CharField(max_length=20)               # self | representative
    representative_name = EncryptedTextField(blank=True, default="")
    representative_authority = models.TextField(blank=True, default="")
    # (c)(2) the statements as printed on the signed form, (a)(3)(ii) remuneration
    statement_revocation = models.TextField()
    statement_conditioning = models.TextField()
    statement_redisclosure = models.TextField()
    third_party_remuneration = models.BooleanField(default=False)
    remuneration_statement = models.TextField(blank=True, default="")
    # (b)(3), (b)(4)
    combined_with = models.CharField(max_length=30, default="none")
    treatment_conditioned = models.BooleanField(default=False)
    jurisdiction = models.CharField(max_length=2, blank=True, default="")
    form_version = models.CharField(max_length=100)
    # (c)(4) a copy given to the individual
    copy_provided_on = models.DateField(null=True, blank=True)
    # bookkeeping
    status = models.CharField(max_length=10, default="active", choices=list(rules.STATUSES.items()))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by_actor = models.CharField(max_length=254)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_received_on = models.DateField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revoked_by_actor = models.CharField(max_length=254, blank=True, default="")
    expired_at = models.DateTimeField(null=True, blank=True)
    reminder_at = models.DateTimeField(null=True, blank=True)   # the 30-day expiry reminder

    class Meta:
        indexes = [models.Index(fields=["org", "status", "expires_on"], name="consent_org_status_exp")]
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"C-{self.pk}"

    def terms(self) -> rules.Terms:
        return rules.Terms(
            patient_name=self.patient_name, information=self.information, media=tuple(self.media),
            discloser=self.discloser, recipients=self.recipients, platforms=tuple(self.platforms),
            uses=tuple(self.uses), purpose_description=self.purpose_description, expires_on=self.expires_on,
            expiry_event=self.expiry_event, signature_obtained=self.signature_obtained,
            signature_method=self.signature_method, signed_on=self.signed_on, signer=self.signer,
            representative_name=self.representative_name,
            representative_authority=self.representative_authority,
            statement_revocation=self.statement_revocation, statement_conditioning=self.statement_conditioning,
            statement_redisclosure=self.statement_redisclosure,
            third_party_remuneration=self.third_party_remuneration,
            remuneration_statement=self.remuneration_statement, combined_with=self.combined_with,
            treatment_conditioned=self.treatment_conditioned, jurisdiction=self.jurisdiction,
            form_version=self.form_version)

    def standing(self) -> rules.Standing:
        return rules.Standing(
            status=self.status, revoked_on=self.revoked_at.date() if self.revoked_at else None,
            expired_on=self.expired_at.date() if self.expired_at else None,
            event_occurred_on=self.expiry_event_occurred_on, has_document=self.has_document)

    @property
    def has_document(self) -> bool:
        try:
            return self.document is not None
        except ConsentDocument.DoesNotExist:
            return False

    @property
    def last_in_effect(self) -> date | None:
        ends = [d for d in (self.revoked_at.date() if self.revoked_at else None,
                            self.expired_at.date() if self.expired_at else None,
                            self.expiry_event_occurred_on) if d]
        if ends:
            return min(ends)
        return self.expires_on

    @property
    def retain_until(self) -> date:
        return rules.retain_until(self.recorded_at.date(), self.last_in_effect)

    def media_labels(self) -> list[str]:
        return [rules.MEDIA.get(m, m) for m in self.media]

    def platform_labels(self) -> list[str]:
        return [rules.PLATFORMS.get(p, p) for p in self.platforms]

    def use_labels(self) -> list[str]:
        return [rules.USES.get(u, u) for u in self.uses]


class ConsentDocument(models.Model):
    """The signed form, encrypted. The original file name is not kept (it often names the patient)."""

    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="document")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = EncryptedTextField()                  # base64 of the file's bytes, then AES-GCM
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by_actor = models.CharField(max_length=254)

    def content(self) -> bytes:
        return base64.b64decode(self.data)

    @property
    def filename(self) -> str:
        return f"consent-{self.consent_id}-signed.{rules.DOCUMENT_EXTENSIONS.get(self.content_type, 'bin')}"
