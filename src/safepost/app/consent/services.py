"""The consent registry's operations. Each one runs in a transaction and writes the audit log.

For the posts and worker code:

    covering_consent(org, consent_id, *, use, platforms, media, on) -> (ok, reason)
    expire_and_remind(now) -> ExpiryReport
    signals.consent_revoked  (sent on revocation and on expiry)

The audit log never receives the patient's identity nor the described information: only ids,
codes, dates and counts.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from safepost.app.accounts.models import Organization
from safepost.app.audit.services import Who, record
from safepost.app.consent import rules
from safepost.app.consent.models import Consent, ConsentDocument
from safepost.app.consent.signals import consent_revoked
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify

log = logging.getLogger("safepost.consent")
SYSTEM = "system:consent-expiry"


class ConsentError(Exception):
    """A refused operation. `defects` names the elements when the authorization is defective."""

    def __init__(self, message: str, defects: list[rules.Defect] | None = None):
        super().__init__(message)
        self.defects = defects or []


def today() -> date:
    return timezone.localdate()


# -- recording ----------------------------------------------------------------------------------
def record_consent(who: Who, org: Organization, terms: rules.Terms, *, patient_identifiers: str = "", other_names: str = "",
                   copy_provided_on: date | None = None, document: bytes | None = None) -> Consent:
    """Record a signed authorization. Refuses (ConsentError, every defect named) an incomplete or
    defective one; `document` (the signed form: PDF, JPEG or PNG) may come now or later."""
    terms = _clean(terms)
    found = rules.defects(terms, today())
    if found:
        raise ConsentError("The authorization is not valid: " + " ".join(d.message for d in found), found)
    if document is not None and (problem := rules.document_problem(len(document), document[:16])):
        raise ConsentError(problem)
    if copy_provided_on is not None and copy_provided_on > today():
        raise ConsentError("The date a copy was given to the patient is in the future.")
    with transaction.atomic():
        c = Consent.objects.create(
            org=org, patient_name=terms.patient_name, patient_identifiers=(patient_identifiers or "").strip(),
            other_names=(other_names or "").strip()[:1000],
            information=terms.information, media=list(terms.media), discloser=terms.discloser,
            recipients=terms.recipients, platforms=list(terms.platforms), uses=list(terms.uses),
            purpose_description=terms.purpose_description, expires_on=terms.expires_on,
            expiry_event=terms.expiry_event, signature_obtained=terms.signature_obtained,
            signature_method=terms.signature_method, signed_on=terms.signed_on, signer=terms.signer,
            representative_name=terms.representative_name if terms.signer == "representative" else "",
            representative_authority=terms.representative_authority if terms.signer == "representative" else "",
            statement_revocation=terms.statement_revocation, statement_conditioning=terms.statement_conditioning,
            statement_redisclosure=terms.statement_redisclosure,
            third_party_remuneration=terms.third_party_remuneration,
            remuneration_statement=terms.remuneration_statement, combined_with=terms.combined_with,
            treatment_conditioned=terms.treatment_conditioned, jurisdiction=terms.jurisdiction,
            form_version=terms.form_version, copy_provided_on=copy_provided_on,
            recorded_by_id=who.actor_id, recorded_by_actor=who.actor[:254])
        record(who, "consent.record", c, {
            "media": list(terms.media), "platforms": list(terms.platforms), "uses": list(terms.uses),
            "expires_on": terms.expires_on.isoformat() if terms.expires_on else None,
            "expiry_event": bool(terms.expiry_event.strip()), "signer": terms.signer,
            "signed_on": terms.signed_on.isoformat(), "remuneration": terms.third_party_remuneration,
            "form_version": terms.form_version[:120], "document": document is not None})
        if document is not None:
            _store_document(who, c, document)
    return c


def _clean(t: rules.Terms) -> rules.Terms:
    strip = {f: getattr(t, f).strip() for f in (
        "patient_name", "information", "discloser", "recipients", "purpose_description", "expiry_event",
        "representative_name", "representative_authority", "statement_revocation", "statement_conditioning",
        "statement_redisclosure", "remuneration_statement", "form_version", "signature_method", "signer",
        "jurisdiction", "combined_with")}
    dedup = {f: tuple(dict.fromkeys(getattr(t, f))) for f in ("media", "platforms", "uses")}
    return replace(t, **strip, **dedup)


def attach_document(who: Who, consent: Consent, data: bytes) -> ConsentDocument:
    """Store the signed form (once: a signed document is evidence and is never replaced)."""
    if problem := rules.document_problem(len(data), data[:16]):
        raise ConsentError(problem)
    with transaction.atomic():
        Consent.objects.select_for_update().filter(pk=consent.pk).first()
        if ConsentDocument.objects.filter(consent=consent).exists():
            raise ConsentError(f"{consent.ref} already has a signed document on file; it is never replaced.")
        return _store_document(who, consent, data)


def _store_document(who: Who, consent: Consent, data: bytes) -> ConsentDocument:
    content_type = rules.document_type(data[:16])
    doc = ConsentDocument.objects.create(
        consent=consent, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        data=base64.b64encode(data).decode("ascii"), uploaded_by_actor=who.actor[:254])
    record(who, "consent.document_upload", consent,
           {"content_type": content_type, "size": len(data), "sha256": doc.sha256})
    return doc


def open_document(who: Who, consent: Consent) -> ConsentDocument:
    """The signed document, for a download; audited."""
    doc = ConsentDocument.objects.filter(consent=consent).first()
    if doc is None:
        raise ConsentError(f"{consent.ref} has no signed document on file.")
    with transaction.atomic():
        record(who, "consent.document_download", consent, {"sha256": doc.sha256})
    return doc


def note_identity_view(who: Who, consent: Consent) -> None:
    """Showing the patient's identity is a view of PHI (164.312(b)): audited."""
    with transaction.atomic():
        record(who, "consent.view_identity", consent)


def note_identity_list(who: Who, consent_ids: list[int]) -> None:
    """A list that shows patients' names is a view of PHI too: audited with the ids shown."""
    with transaction.atomic():
        record(who, "consent.view_identity", meta={"ids": consent_ids[:20], "count": len(consent_ids)})


# -- revocation and expiry ----------------------------------------------------------------------
def revoke(who: Who, consent: Consent, *, received_on: date | None = None) -> Consent:
    """The patient revoked in writing: effective at once (164.508(b)(5)). Sends `consent_revoked`."""
    received_on = received_on or today()
    if received_on > today():
        raise ConsentError("The date the revocation was received is in the future.")
    with transaction.atomic():
        c = Consent.objects.select_for_update().get(pk=consent.pk)
        if c.status == "revoked":
            raise ConsentError(f"{c.ref} is already revoked.")
        was = c.status
        c.status, c.revoked_at = "revoked", timezone.now()
        c.revocation_received_on = received_on
        c.revoked_by_id, c.revoked_by_actor = who.actor_id, who.actor[:254]
        c.save(update_fields=["status", "revoked_at", "revocation_received_on", "revoked_by", "revoked_by_actor"])
        record(who, "consent.revoke", c, {"received_on": received_on.isoformat(), "was": was})
        if was == "active":
            consent_revoked.send(sender=Consent, consent=c, who=who, reason="revoked")
    consent.refresh_from_db()
    return c


def record_expiry_event(who: Who, consent: Consent, occurred_on: date) -> Consent:
    """The expiration event named on the form happened: the authorization expires (164.508(b)(2)(i))."""
    if occurred_on > today():
        raise ConsentError("The date of the expiration event is in the future.")
    with transaction.atomic():
        c = Consent.objects.select_for_update().get(pk=consent.pk)
        if not c.expiry_event:
            raise ConsentError(f"{c.ref} has no expiration event; it expires on a date.")
        if c.status != "active":
            raise ConsentError(f"{c.ref} is already {c.status}.")
        c.expiry_event_occurred_on = occurred_on
        c.save(update_fields=["expiry_event_occurred_on"])
        _expire(who, c, "event")
    consent.refresh_from_db()
    return c


def _expire(who: Who, c: Consent, why: str) -> None:
    c.status, c.expired_at = "expired", timezone.now()
    c.save(update_fields=["status", "expired_at"])
    record(who, "consent.expire", c, {"why": why,
                                      "expires_on": c.expires_on.isoformat() if c.expires_on else None})
    consent_revoked.send(sender=Consent, consent=c, who=who, reason="expired")


@dataclass
class ExpiryReport:
    expired: list[int] = field(default_factory=list)     # consent ids now expired
    reminded: list[int] = field(default_factory=list)    # consent ids that got their 30-day reminder
    failed: list[int] = field(default_factory=list)      # ids whose expiry a receiver refused (retried next run)


def expire_and_remind(now: datetime | None = None) -> ExpiryReport:
    """The worker's consent duty, safe to run often and from several workers at once:
    - active consents whose expiration date has passed become `expired` (audited; sends
      `consent_revoked` with reason="expired", as a revocation does);
    - active consents expiring within 30 days get one reminder (audited `consent.expiry_reminder`;
      the consents page lists them). Dates are in the server's time zone (UTC)."""
    now = now or timezone.now()
    day = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    report = ExpiryReport()
    due = Consent.objects.filter(status="active", expires_on__lt=day).values_list("pk", flat=True)
    for pk in list(due):
        try:
            with transaction.atomic():
                c = Consent.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
                if not rules.is_past_expiry(c.terms(), c.standing(), day):
                    continue
                _expire(Who(org=c.org, actor_id=None, actor=SYSTEM), c, "date")
            report.expired.append(pk)
        except Exception:
            log.exception("consent %s: expiry refused by a receiver; retried on the next run", pk)
            report.failed.append(pk)
    soon = Consent.objects.filter(status="active", reminder_at=None, expires_on__gte=day,
                                  expires_on__lte=day + timedelta(days=rules.REMINDER_DAYS))
    for pk in list(soon.values_list("pk", flat=True)):
        with transaction.atomic():
            c = Consent.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
            if not rules.needs_reminder(c.terms(), c.standing(), day, c.reminder_at is not None):
                continue
            c.reminder_at = now
            c.save(update_fields=["reminder_at"])
            record(Who(org=c.org, actor_id=None, actor=SYSTEM), "consent.expiry_reminder", c,
                   {"expires_on": c.expires_on.isoformat(), "days_left": (c.expires_on - day).days})
            notify(c.org, Event.CONSENT_EXPIRING, link=f"/o/{c.org.slug}/consents/{c.pk}/", obj=c,
                   reason=f"days_left_{(c.expires_on - day).days}")
        report.reminded.append(pk)
    return report


# -- coverage (the posts engineer's gate) --------------------------------------------------------
def uncovered_names(org: Organization, consent_id: int, names: list[str]) -> list[int]:
    """Which of `names` (the people a post names as patients) consent `consent_id` does not cover."""
    c = Consent.objects.filter(org=org, pk=consent_id).first()
    if c is None:
        return list(range(len(names)))
    return rules.uncovered(names, rules.covered_names(c.patient_name, c.representative_name, c.other_names))

def covering_consent(org: Organization, consent_id: int, *, use: str, platforms: list[str],
                     media: list[str], on: date) -> tuple[bool, str]:
    """Does consent `consent_id` of `org` allow this use, on these platforms, with these media, on
    date `on`? (True, "covered by C-12 …") or (False, the reason in plain words). Checks: the
    consent belongs to `org`; it is active, not revoked, not expired (date or event) on `on`; it
    is a valid authorization (every element); a signed document is on file; it covers the purpose
    (`rules.USES`: "marketing", "testimonial", "education", "fundraising", "news"; aliases such as
    "social media testimonial"), every platform (`rules.PLATFORMS`) and every medium
    (`rules.MEDIA`: "name", "story", "photo", "video")."""
    try:
        pk = int(consent_id)
    except (TypeError, ValueError):
        return False, f"There is no consent {consent_id!r} in this organization."
    c = Consent.objects.filter(org=org, pk=pk).select_related("document").first()
    if c is None:
        return False, f"There is no consent C-{pk} in this organization."
    problem = rules.coverage_problem(c.ref, c.terms(), c.standing(), use=use, platforms=list(platforms),
                                     media=list(media), on=on)
    if problem:
        return False, problem
    until = f"until {c.expires_on.isoformat()}" if c.expires_on else "until its expiration event"
    return True, f"Covered by {c.ref} ({until})."
