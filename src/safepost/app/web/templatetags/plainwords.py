"""Plain English for codes: what a person reads instead of `names_patient` or `PHONE`.

    {% load plainwords %}
    {{ r.code|plain_reason }}          → "Names a patient or a patient's relative"
    {{ s.label|plain_label:s.is_phi }} → "a telephone number tied to a patient"
    {{ post.verdict|plain_verdict }}   → "Blocked"

Labels come from the engine (safepost.engine.labels: each `Label` has its plain name). An
unknown code is still shown readably ("some_new_code" → "Some new code"), never as a blank."""

from __future__ import annotations

from django import template

from safepost.engine.labels import PLAIN

register = template.Library()

REASONS = {
    # the engine's reason codes (FORMAT.md)
    "names_patient": "Names a patient or a patient's relative",
    "health_information": "Mentions a health condition, treatment or visit",
    "confirms_patient_relationship": "Confirms that someone is or was a patient here",
    "patient_photo_described": "Describes a photo or video of a patient",
    "contact_identifier": "Gives a phone number, e-mail, web address or handle tied to a patient",
    "government_or_record_number": "Gives a record number (Social Security, medical record, member, account, licence, device)",
    "date_tied_to_care": "Gives a date tied to someone's care",
    "location_tied_to_patient": "Gives a place that locates a patient (address, town, room, school)",
    "age_over_89": "Gives an age over 89, which HIPAA treats as an identifier",
    "indirect_identification": "Describes someone a small audience could recognise, with their care",
    "self_disclosure": "The writer shares their own health information",
    "third_party_disclosure": "The writer shares someone else's health information",
    "policy_term": "Uses a term your organization's policy flags",
    "specialty_unit": "Names a specialty unit that narrows down who the patient is",
    # the inbox reply check
    "echoes_author": "Repeats what the person wrote to us",
    # the release path and publishing
    "blocked": "The check blocks this post and it has no override",
    "consent_withdrawn": "The patient's authorization was revoked or has expired",
    "consent_invalid": "The authorization no longer covers this post",
    "consent_subject_mismatch": "The post names someone the authorization does not cover",
    "override_published": "A post released by an override was published",
    "rejected": "Rejected in review",
    "revoked": "The authorization was revoked",
    "expired": "The authorization expired",
    "auth": "The platform refused the stored sign-in; reconnect the channel",
    "disabled": "The channel is turned off",
    "internal": "SafePost hit an internal error; it will try again",
    "unsupported": "The platform does not allow this",
    "server_error": "The platform had an error",
    "failed": "Publishing failed",
    # media on posts
    "shows_face": "Shows a face",
    "image_not_checked": "An image was not checked; a person must look at it",
    "video_check_pending": "The video is still being checked",
    "video_not_checked": "The video could not be checked; a person must watch it",
    "video_not_fully_checked": "Only part of the video could be checked; a person must watch the rest",
}

VERDICTS = {"ALLOW": "Safe to publish", "NEEDS_AUTHORIZATION": "Needs the patient's authorization",
            "BLOCK": "Blocked", "PRIVATE_FOLLOW_UP": "Answer privately"}


def _readable(code: str) -> str:
    words = str(code or "").replace("_", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:].lower() if words else "—"


@register.filter
def plain_reason(code) -> str:
    return REASONS.get(str(code), _readable(code))


@register.filter
def plain_label(label, is_phi=False) -> str:
    plain = PLAIN.get(str(label))
    if plain is None:
        return _readable(label)
    return f"{plain} tied to a patient" if is_phi else plain


@register.filter
def plain_verdict(verdict) -> str:
    return VERDICTS.get(str(verdict), _readable(verdict))
