"""From findings and signals to a verdict and its reasons.

patient identifier (or a confirmed care relationship, or indirect identification)
× health information or care → not ALLOW; then BLOCK or NEEDS_AUTHORIZATION by what a
patient's written authorization could cure. Inbound text that discloses PHI → PRIVATE_FOLLOW_UP.
"""

from __future__ import annotations

import regex

from safepost.engine.cues import RELATIVES
from safepost.engine.doc import Doc
from safepost.engine.labels import LABEL_REASON, UNCURABLE
from safepost.engine.report import Evidence, Finding, Reason, Verdict
from safepost.engine.signals import REPLY_KINDS, Signals

EXPLAIN = {
    "names_patient": "Names a patient or a patient's relative.",
    "health_information": "Mentions a health condition, treatment or visit.",
    "confirms_patient_relationship": "Confirms that someone is or was a patient here.",
    "patient_photo_described": "Describes a photo or video of a patient.",
    "contact_identifier": "Includes a patient's phone, fax, e-mail, web address or handle.",
    "government_or_record_number": "Includes a record number (SSN, medical record, member, account, licence, device…).",
    "date_tied_to_care": "Gives a date tied to someone's care.",
    "location_tied_to_patient": "Gives a place that locates a patient (address, town, room, school).",
    "age_over_89": "Gives an age over 89, which HIPAA treats as an identifier.",
    "indirect_identification": "Describes someone a small audience could recognise, with their care.",
    "self_disclosure": "The writer shares their own health information with an identifier.",
    "third_party_disclosure": "The writer shares someone else's health information.",
    "policy_term": "Uses a term your organization's policy flags.",
}
PHOTO = regex.compile(r"\b(?:photos?|pics?|pictures?|selfies?|video|before (?:and|&|➡️|->|vs\.?) after|before/after|"
                      r"swipe|x-?ray (?:image|pic)|see (?:her|his) (?:smile|results))\b|📸|🤳", regex.IGNORECASE)
# someone in particular: staff joking about "his shift", "this lady", "guess who's back"
PERSON_REF = regex.compile(r"(?i)\b(?:he|she|his|her|him|this (?:guy|lady|man|woman|kid|patient)|guess who|a (?:guy|lady) (?:who|with))\b")
THIRD_PARTY = regex.compile(rf"\b(?:my|our|mi|mis)\s+(?:\w+\s+)?(?:{RELATIVES}|friend|neighbor)\b|\b(?:she|he|they)\b",
                            regex.IGNORECASE)


def evidence(doc: Doc, verdict: Verdict, sig: Signals) -> list[Evidence]:
    """The phrases, other than identifiers, that made a flagged verdict."""
    if verdict is Verdict.ALLOW:
        return []
    found = {(s, e, "confirms_patient_relationship") for s, e in sig.relationship}
    found |= {(s, e, "confirms_patient_relationship") for s, e in sig.patient_frame}
    found |= {(s, e, "indirect_identification") for s, e in sig.indirect}
    found |= {(s, e, "health_information") for s, e, cat in sig.health if cat not in ("visit", "specialty_unit")}
    found |= {(s, e, "policy_term") for s, e in sig.block_terms}
    merged: list[list] = []
    for s, e, r in sorted(found, key=lambda t: (t[2], t[0], -t[1])):
        if merged and merged[-1][2] == r and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        elif e > s:
            merged.append([s, e, r])
    # a phrase inside a longer one adds nothing ("crown" inside "your crown came loose")
    kept = [m for m in merged if not any(o is not m and o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0])
                                         for o in merged)]
    return [Evidence(s, e, r) for s, e, r in sorted(kept)]


def decide(doc: Doc, findings: list[Finding], sig: Signals) -> tuple[Verdict, list[Reason]]:
    phi = [f for f in findings if f.is_phi]
    reply = doc.kind in REPLY_KINDS
    inbound = doc.direction == "inbound"

    relationship = bool(sig.relationship) and (reply or not inbound) and not (sig.safe_reply and not sig.health)
    indirect = bool(sig.indirect) and (sig.has_health or bool(sig.patient_frame) or sig.indirect_care)
    if sig.staff_doc and not sig.strong_patient_frame:
        indirect = indirect and sig.indirect_care   # a post about staff, hiring, vendors or the press

    if inbound:
        flagged = bool(phi) or indirect
    else:
        joke = sig.venting and sig.has_clinical and bool(PERSON_REF.search(doc.text))
        indirect = indirect or joke
        flagged = bool(phi) or (reply and relationship) or sig.confirmed or indirect or bool(sig.block_terms)
    if not flagged:
        return Verdict.ALLOW, []
    reasons = reasons_for(doc, findings, sig, relationship=relationship, indirect=indirect)
    return kind_of_flag(doc, findings, sig), reasons


def reasons_for(doc: Doc, findings: list[Finding], sig: Signals, *, relationship: bool, indirect: bool) -> list[Reason]:
    """Why a flagged text is flagged, in the FORMAT.md reason codes."""
    inbound = doc.direction == "inbound"
    codes = [LABEL_REASON[f.label] for f in findings if f.is_phi and f.label in LABEL_REASON]
    if sig.has_health:
        codes.append("health_information")
    if relationship:
        codes.append("confirms_patient_relationship")
    if indirect:
        codes.append("indirect_identification")
    if PHOTO.search(doc.text) and not inbound:
        codes.append("patient_photo_described")
    if inbound:
        codes.append("third_party_disclosure" if THIRD_PARTY.search(doc.text) else "self_disclosure")
    if sig.block_terms:
        codes.append("policy_term")
    return reasons_of(codes)


def reasons_of(codes) -> list[Reason]:
    return [Reason(c, EXPLAIN[c]) for c in dict.fromkeys(codes)]


def kind_of_flag(doc: Doc, findings: list[Finding], sig: Signals) -> Verdict:
    """A flagged text: inbound → follow up privately; outbound → BLOCK when no authorization could
    make it acceptable (replies, venting, record numbers), else NEEDS_AUTHORIZATION."""
    if doc.direction == "inbound":
        return Verdict.PRIVATE_FOLLOW_UP
    uncurable = doc.kind in REPLY_KINDS or sig.venting or any(f.is_phi and f.label in UNCURABLE for f in findings)
    return Verdict.BLOCK if uncurable else Verdict.NEEDS_AUTHORIZATION
