"""What makes a HIPAA authorization valid, and whether one covers a use. Pure: no Django import.

The law is 45 CFR 164.508 as summarized in shared/docs/hipaa-reference.md section 4 and 10.3:

  core elements (c)(1)   (i) the information, (ii) who may disclose, (iii) who may receive,
                         (iv) each purpose, (v) an expiration date or event, (vi) signature and
                         date, and the representative's authority when a representative signs
  statements (c)(2)      the right to revoke in writing (and how), the conditioning statement,
                         the redisclosure statement; (a)(3)(ii) the remuneration statement when
                         a third party pays for the marketing
  defective (b)(2)       expired or the expiry event occurred; a required element missing;
                         revoked; compound with another document (b)(3) or conditioning (b)(4);
                         known to be false
  state overlays         California (Civ. Code 56.11): a specific end *date*

`defects(terms, today)` lists every problem, each naming its element; `coverage_problem(...)`
answers whether a valid authorization covers one use on some platforms with some media.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# -- vocabularies -------------------------------------------------------------------------------
MEDIA = {"name": "Name", "story": "Story or quotes", "photo": "Photographs", "video": "Video"}
# the platforms SafePost publishes to (safepost.connectors.CONNECTORS; a test keeps them equal)
PLATFORMS = {"bluesky": "Bluesky", "mastodon": "Mastodon", "facebook": "Facebook",
             "instagram": "Instagram", "linkedin": "LinkedIn", "x": "X"}
USES = {
    "marketing": "Promoting the organization's services (marketing)",
    "testimonial": "Sharing the patient's story or testimonial",
    "education": "Health education and awareness",
    "fundraising": "Fundraising",
    "news": "News and announcements about the organization",
}
USE_ALIASES = {"social media testimonial": "testimonial", "testimonials": "testimonial",
               "promotion": "marketing", "advertising": "marketing", "health education": "education"}
SIGNERS = {"self": "The patient", "representative": "A personal representative"}
SIGNATURE_METHODS = {"ink": "Signed on paper", "electronic": "Signed electronically"}
# 164.508(b)(3): an authorization may not be combined with another document, except with other
# authorizations (when nothing is conditioned on them).
COMBINED_WITH = {
    "none": "Nothing (a stand-alone form)",
    "authorization": "Another authorization only (e.g. a photo release)",
    "treatment_consent": "A consent to treatment",
    "npp_acknowledgment": "An acknowledgment of the notice of privacy practices",
    "intake_or_financial": "An intake, registration or financial form",
    "other": "Another document",
}
JURISDICTIONS = {"": "Other / not listed", "CA": "California", "TX": "Texas"}
STATUSES = {"active": "Active", "revoked": "Revoked", "expired": "Expired"}

REMINDER_DAYS = 30
RETENTION_YEARS = 6
FORM_VERSION = "safepost-authorization-1"

# -- the statements of the printable form (164.508(c)(2), (c)(3): plain language) -----------------
STATEMENTS = {
    "revocation": (
        "I may revoke (cancel) this authorization at any time by telling {org} in writing. To revoke, "
        "write to the Privacy Officer of {org} at the address below or give a signed note to any staff "
        "member. Revoking takes effect when {org} receives it. It does not undo what {org} already did "
        "relying on this authorization: for example, copies that other people already shared."),
    "conditioning": (
        "{org} will not condition my treatment, payment, enrollment in a health plan or eligibility for "
        "benefits on whether I sign this authorization. I may refuse to sign it."),
    "redisclosure": (
        "Once my information is published, anyone who sees it may share it again (redisclose it), and it "
        "will no longer be protected by the federal privacy rules (HIPAA)."),
    "remuneration": (
        "{org} will receive payment from a third party for this communication. The third party is: "),
    "copy": "I have the right to receive a copy of this signed authorization.",
}


def statement(kind: str, org: str) -> str:
    return STATEMENTS[kind].replace("{org}", org)


# -- the elements, with the name each refusal uses ---------------------------------------------
ELEMENTS = {
    "patient_name": "Patient's name",
    "information": "Description of the information to be used or disclosed (164.508(c)(1)(i))",
    "media": "Kinds of media allowed (164.508(c)(1)(i))",
    "discloser": "Who may use or disclose the information (164.508(c)(1)(ii))",
    "recipients": "Who may receive the information (164.508(c)(1)(iii))",
    "platforms": "Platforms where it may be published (164.508(c)(1)(iii))",
    "uses": "Purposes (164.508(c)(1)(iv))",
    "purpose_description": "Description of each purpose (164.508(c)(1)(iv))",
    "expiry": "Expiration date or expiration event (164.508(c)(1)(v))",
    "signature": "Signature of the individual (164.508(c)(1)(vi))",
    "signed_on": "Date of signature (164.508(c)(1)(vi))",
    "signer": "Who signed (164.508(c)(1)(vi))",
    "representative_authority": "Personal representative's authority (164.508(c)(1)(vi))",
    "representative_name": "Personal representative's name (164.508(c)(1)(vi))",
    "statement_revocation": "Statement of the right to revoke (164.508(c)(2)(i))",
    "statement_conditioning": "Statement on conditioning of treatment (164.508(c)(2)(ii))",
    "statement_redisclosure": "Statement on redisclosure (164.508(c)(2)(iii))",
    "remuneration": "Statement that a third party pays (164.508(a)(3)(ii))",
    "combined_with": "Stand-alone form (164.508(b)(3))",
    "conditioned": "No conditioning of treatment (164.508(b)(4))",
    "form_version": "Form version",
}


@dataclass(frozen=True)
class Defect:
    element: str            # a key of ELEMENTS
    problem: str            # plain words, without the element's name

    @property
    def message(self) -> str:
        return f"{ELEMENTS[self.element]}: {self.problem}"


@dataclass(frozen=True)
class Terms:
    """An authorization as written on the signed form (plain values; services builds it)."""

    patient_name: str = ""
    information: str = ""
    media: tuple[str, ...] = ()
    discloser: str = ""
    recipients: str = ""
    platforms: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    purpose_description: str = ""
    expires_on: date | None = None
    expiry_event: str = ""
    signature_obtained: bool = False
    signature_method: str = ""
    signed_on: date | None = None
    signer: str = ""
    representative_name: str = ""
    representative_authority: str = ""
    statement_revocation: str = ""
    statement_conditioning: str = ""
    statement_redisclosure: str = ""
    third_party_remuneration: bool = False
    remuneration_statement: str = ""
    combined_with: str = "none"
    treatment_conditioned: bool = False
    jurisdiction: str = ""
    form_version: str = ""


def _blank(s: str) -> bool:
    return not (s or "").strip()


def _unknown(values, allowed) -> list[str]:
    return [v for v in values if v not in allowed]


def _mentions(text: str, *words: str) -> bool:
    low = (text or "").lower()
    return all(any(w in low for w in alternatives.split("|")) for alternatives in words)


def defects(t: Terms, today: date) -> list[Defect]:
    """Every reason `t` is not a valid authorization on `today` (164.508(b)(2), (c)); [] if none.

    Status (revoked / expired by event) is not part of the terms: see `coverage_problem`."""
    out: list[Defect] = []

    def bad(element: str, problem: str) -> None:
        out.append(Defect(element, problem))

    if _blank(t.patient_name):
        bad("patient_name", "missing.")
    # (i) the information: specific and meaningful
    if _blank(t.information):
        bad("information", "missing; say specifically what will be used (e.g. first name, photo taken on "
                           "the visit, the story in the patient's words).")
    elif len(t.information.strip()) < 10:
        bad("information", "too vague; describe the information specifically and meaningfully.")
    if not t.media:
        bad("media", "choose at least one (name, story, photo, video).")
    elif unknown := _unknown(t.media, MEDIA):
        bad("media", f"unknown kind(s): {', '.join(unknown)}.")
    # (ii), (iii)
    if _blank(t.discloser):
        bad("discloser", "missing; name the organization (and locations) that may disclose.")
    if _blank(t.recipients):
        bad("recipients", "missing; name who may receive it (e.g. the public, through the platforms below).")
    if not t.platforms:
        bad("platforms", "choose at least one platform.")
    elif unknown := _unknown(t.platforms, PLATFORMS):
        bad("platforms", f"unknown platform(s): {', '.join(unknown)}.")
    # (iv) each purpose
    if not t.uses:
        bad("uses", "choose at least one purpose.")
    elif unknown := _unknown(t.uses, USES):
        bad("uses", f"unknown purpose(s): {', '.join(unknown)}.")
    if _blank(t.purpose_description):
        bad("purpose_description", "missing; describe each purpose.")
    # (v) expiration date or event; California needs a specific date
    if t.expires_on is None and _blank(t.expiry_event):
        bad("expiry", "missing; give an expiration date or an expiration event.")
    if t.jurisdiction == "CA" and t.expires_on is None:
        bad("expiry", "California (Civil Code 56.11) requires a specific end date, not only an event.")
    # (vi) signature and date, the representative's authority
    if not t.signature_obtained:
        bad("signature", "the form is not signed.")
    elif t.signature_method not in SIGNATURE_METHODS:
        bad("signature", "say how it was signed (on paper or electronically).")
    if t.signed_on is None:
        bad("signed_on", "missing.")
    elif t.signed_on > today:
        bad("signed_on", f"{t.signed_on.isoformat()} is in the future.")
    if t.expires_on is not None:
        if t.signed_on is not None and t.expires_on <= t.signed_on:
            bad("expiry", f"the expiration date {t.expires_on.isoformat()} is not after the signature date "
                          f"{t.signed_on.isoformat()} (expired at signing).")
        elif t.expires_on < today:
            bad("expiry", f"the authorization expired on {t.expires_on.isoformat()}.")
    if t.signer not in SIGNERS:
        bad("signer", "say whether the patient or a personal representative signed.")
    elif t.signer == "representative":
        if _blank(t.representative_authority):
            bad("representative_authority", "missing; describe the representative's authority (e.g. parent "
                                            "of a minor, legal guardian, executor of the estate).")
        if _blank(t.representative_name):
            bad("representative_name", "missing.")
    # (c)(2) the required statements, as printed on the signed form
    if _blank(t.statement_revocation):
        bad("statement_revocation", "missing.")
    elif not _mentions(t.statement_revocation, "revoke|cancel", "writing|written"):
        bad("statement_revocation", "must say the individual may revoke in writing.")
    if _blank(t.statement_conditioning):
        bad("statement_conditioning", "missing.")
    elif not _mentions(t.statement_conditioning, "condition", "treatment"):
        bad("statement_conditioning", "must say treatment, payment, enrollment or eligibility is not "
                                      "conditioned on signing.")
    if _blank(t.statement_redisclosure):
        bad("statement_redisclosure", "missing.")
    elif not _mentions(t.statement_redisclosure, "redisclos|re-disclos|share it again|disclose it again",
                       "protect"):
        bad("statement_redisclosure", "must say the recipient may redisclose it and it may no longer be "
                                      "protected.")
    # (a)(3)(ii): marketing paid for by a third party
    if t.third_party_remuneration and _blank(t.remuneration_statement):
        bad("remuneration", "a third party pays for this marketing, so the form must say so.")
    # (b)(3), (b)(4): compound authorizations and conditioning
    if t.combined_with not in COMBINED_WITH:
        bad("combined_with", "say whether the form was combined with another document.")
    elif t.combined_with not in ("none", "authorization"):
        bad("combined_with", f"combined with {COMBINED_WITH[t.combined_with].lower()}: a compound "
                             f"authorization is defective; have the patient sign a separate form.")
    if t.treatment_conditioned:
        bad("conditioned", "treatment, payment, enrollment or eligibility was conditioned on signing; "
                           "a marketing authorization may never be.")
    if _blank(t.form_version):
        bad("form_version", "missing; name the form the patient signed.")
    return out


# -- coverage -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """What happened to an authorization after it was recorded."""

    status: str = "active"                  # active | revoked | expired
    revoked_on: date | None = None
    expired_on: date | None = None
    event_occurred_on: date | None = None
    has_document: bool = False


def normalize_use(use: str) -> str:
    u = " ".join((use or "").lower().split())
    return USE_ALIASES.get(u, u)


def coverage_problem(ref: str, t: Terms, s: Standing, *, use: str, platforms: list[str] | tuple[str, ...],
                     media: list[str] | tuple[str, ...], on: date) -> str | None:
    """Why authorization `ref` (e.g. "C-12") does not cover this use on `on`, or None if it does."""
    if s.status == "revoked":
        when = f" on {s.revoked_on.isoformat()}" if s.revoked_on else ""
        return f"{ref} was revoked{when}."
    if s.status == "expired" or (s.event_occurred_on is not None and s.event_occurred_on <= on):
        when = s.expired_on or s.event_occurred_on
        return f"{ref} has expired{f' ({when.isoformat()})' if when else ''}."
    if t.expires_on is not None and on > t.expires_on:
        return f"{ref} expires on {t.expires_on.isoformat()}, before {on.isoformat()}."
    if t.signed_on is not None and on < t.signed_on:
        return f"{ref} was signed on {t.signed_on.isoformat()}, after {on.isoformat()}."
    found = defects(t, t.signed_on or on)
    if found:
        return f"{ref} is not a valid authorization: {found[0].message}"
    if not s.has_document:
        return f"{ref} has no signed document on file."
    if not platforms:
        return "Name at least one platform to check."
    u = normalize_use(use)
    if u not in t.uses:
        allowed = ", ".join(t.uses) or "nothing"
        return f"{ref} does not cover the purpose {u!r} (it covers: {allowed})."
    if missing := [p for p in dict.fromkeys(platforms) if p not in t.platforms]:
        return f"{ref} does not cover the platform(s): {', '.join(missing)} (it covers: {', '.join(t.platforms)})."
    if missing := [m for m in dict.fromkeys(media) if m not in t.media]:
        return f"{ref} does not cover the media: {', '.join(missing)} (it covers: {', '.join(t.media)})."
    return None


# -- expiry and retention -----------------------------------------------------------------------
def needs_reminder(t: Terms, s: Standing, today: date, reminded: bool) -> bool:
    return (s.status == "active" and not reminded and t.expires_on is not None
            and today <= t.expires_on <= today + timedelta(days=REMINDER_DAYS))


def is_past_expiry(t: Terms, s: Standing, today: date) -> bool:
    return s.status == "active" and t.expires_on is not None and t.expires_on < today


def retain_until(created: date, last_in_effect: date | None) -> date:
    """164.530(j)(2): 6 years from creation or from the date last in effect, whichever is later."""
    base = max(created, last_in_effect or created)
    try:
        return base.replace(year=base.year + RETENTION_YEARS)
    except ValueError:   # 29 February
        return base.replace(year=base.year + RETENTION_YEARS, day=28)


# -- documents ----------------------------------------------------------------------------------
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf": (b"%PDF-",), "image/jpeg": (b"\xff\xd8\xff",),
                  "image/png": (b"\x89PNG\r\n\x1a\n",)}
DOCUMENT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def document_type(head: bytes) -> str | None:
    """The document's type from its first bytes (never from the name or the client's header)."""
    for content_type, magics in DOCUMENT_TYPES.items():
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


def document_problem(size: int, head: bytes) -> str | None:
    if size == 0:
        return "The signed document is empty."
    if size > DOCUMENT_MAX_BYTES:
        return f"The signed document is larger than {DOCUMENT_MAX_BYTES // (1024 * 1024)} MB."
    if document_type(head) is None:
        return "The signed document must be a PDF, JPEG or PNG file."
    return None


# -- whose authorization: the people a post names against the authorization's subject -------------
NAME_NOISE = frozenset("dr dr. mr mr. mrs mrs. ms ms. miss mx sr sr. sra sra. srta don doña dona coach nurse "
                       "little baby big our my mi tía tia tío tio grandma grandpa abuela abuelo".split())


def name_tokens(name: str) -> frozenset[str]:
    """Lowercase words of a name without accents, titles or a possessive ('s)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    words = (w.strip(".,'’\"()").removesuffix("'s").removesuffix("’s") for w in plain.replace("-", " ").split())
    return frozenset(w for w in words if w and w not in NAME_NOISE)


def covered_names(patient_name: str, representative_name: str, other_names: str) -> list[frozenset[str]]:
    names = [patient_name, representative_name, *other_names.replace(";", ",").replace("\n", ",").split(",")]
    return [t for t in (name_tokens(n) for n in names) if t]


def uncovered(found: list[str], covered: list[frozenset[str]]) -> list[int]:
    """Indexes of the names found in a post that no name on the authorization accounts for: a
    found name is covered when its words are all words of one covered name ("Maria", "Mrs. Lopez"
    for "Maria Lopez") or it is one of the listed other names."""
    out = []
    for i, name in enumerate(found):
        words = name_tokens(name)
        if words and not any(words <= c for c in covered):
            out.append(i)
    return out
