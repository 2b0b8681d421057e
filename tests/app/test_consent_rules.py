"""The validity and coverage rules of HIPAA authorizations (45 CFR 164.508), read as tables."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from safepost.app.consent import rules
from safepost.app.consent.rules import Standing, Terms
from safepost.connectors import CONNECTORS

TODAY = date(2025, 6, 1)
ORG = "Acme Clinic"

VALID = Terms(
    patient_name="Jordan Example", information="First name and a photo taken on the day of discharge.",
    media=("name", "photo"), discloser="Acme Clinic", recipients="The public through our social accounts",
    platforms=("facebook", "instagram"), uses=("marketing", "testimonial"),
    purpose_description="Promote our orthopedic services", expires_on=date(2026, 6, 1),
    signature_obtained=True, signature_method="ink", signed_on=date(2025, 5, 20), signer="self",
    statement_revocation=rules.statement("revocation", ORG),
    statement_conditioning=rules.statement("conditioning", ORG),
    statement_redisclosure=rules.statement("redisclosure", ORG), form_version=rules.FORM_VERSION)


def test_the_complete_authorization_is_valid():
    assert rules.defects(VALID, TODAY) == []


# (change to the valid authorization, the element refused, words of the message)
DEFECTS = [
    ({"patient_name": ""}, "patient_name", "Patient's name"),
    ({"information": ""}, "information", "(c)(1)(i)"),
    ({"information": "photo"}, "information", "vague"),
    ({"media": ()}, "media", "Kinds of media"),
    ({"media": ("hologram",)}, "media", "hologram"),
    ({"discloser": " "}, "discloser", "(c)(1)(ii)"),
    ({"recipients": ""}, "recipients", "(c)(1)(iii)"),
    ({"platforms": ()}, "platforms", "Platforms"),
    ({"platforms": ("myspace",)}, "platforms", "myspace"),
    ({"uses": ()}, "uses", "Purposes"),
    ({"uses": ("resale",)}, "uses", "resale"),
    ({"purpose_description": ""}, "purpose_description", "(c)(1)(iv)"),
    ({"expires_on": None}, "expiry", "(c)(1)(v)"),
    ({"expires_on": date(2025, 5, 20)}, "expiry", "expired at signing"),
    ({"expires_on": date(2025, 5, 1)}, "expiry", "expired at signing"),
    ({"expires_on": date(2025, 5, 30), "signed_on": date(2025, 5, 1)}, "expiry", "expired on 2025-05-30"),
    ({"expires_on": None, "expiry_event": "the end of the campaign", "jurisdiction": "CA"}, "expiry", "California"),
    ({"signature_obtained": False}, "signature", "not signed"),
    ({"signature_method": ""}, "signature", "how it was signed"),
    ({"signed_on": None}, "signed_on", "Date of signature"),
    ({"signed_on": date(2025, 6, 2)}, "signed_on", "in the future"),
    ({"signer": ""}, "signer", "Who signed"),
    ({"signer": "representative", "representative_name": "Sam Example"}, "representative_authority", "authority"),
    ({"signer": "representative", "representative_authority": "Parent"}, "representative_name", "name"),
    ({"statement_revocation": ""}, "statement_revocation", "revoke"),
    ({"statement_revocation": "You may change your mind."}, "statement_revocation", "in writing"),
    ({"statement_conditioning": ""}, "statement_conditioning", "conditioning"),
    ({"statement_conditioning": "Thanks for signing."}, "statement_conditioning", "not conditioned"),
    ({"statement_redisclosure": ""}, "statement_redisclosure", "redisclosure"),
    ({"statement_redisclosure": "We post it."}, "statement_redisclosure", "redisclose"),
    ({"third_party_remuneration": True}, "remuneration", "(a)(3)(ii)"),
    ({"combined_with": "treatment_consent"}, "combined_with", "compound"),
    ({"combined_with": "npp_acknowledgment"}, "combined_with", "compound"),
    ({"combined_with": "intake_or_financial"}, "combined_with", "separate form"),
    ({"combined_with": "other"}, "combined_with", "(b)(3)"),
    ({"treatment_conditioned": True}, "conditioned", "(b)(4)"),
    ({"form_version": ""}, "form_version", "Form version"),
]


@pytest.mark.parametrize("change,element,words", DEFECTS, ids=[f"{e}:{w}" for _, e, w in DEFECTS])
def test_each_missing_or_defective_element_is_refused_by_name(change, element, words):
    found = rules.defects(replace(VALID, **change), TODAY)
    assert [d.element for d in found] == [element]
    assert rules.ELEMENTS[element] in found[0].message
    assert words in found[0].message


@pytest.mark.parametrize("change", [
    {"expires_on": None, "expiry_event": "the end of the 2025 spring campaign"},
    {"expiry_event": "when I leave the practice"},             # date and event: whichever comes first
    {"combined_with": "authorization"},                         # photo release + testimonial release
    {"signer": "representative", "representative_name": "Sam Example",
     "representative_authority": "Parent of a minor"},
    {"third_party_remuneration": True, "remuneration_statement": "Acme will be paid by Knee Co."},
    {"jurisdiction": "CA"}, {"jurisdiction": "TX"},
    {"signed_on": TODAY, "signature_method": "electronic"},
])
def test_these_authorizations_are_valid(change):
    assert rules.defects(replace(VALID, **change), TODAY) == []


def test_an_empty_form_names_every_element():
    found = {d.element for d in rules.defects(Terms(), TODAY)}
    assert found >= {"patient_name", "information", "media", "discloser", "recipients", "platforms", "uses",
                     "purpose_description", "expiry", "signature", "signed_on", "signer",
                     "statement_revocation", "statement_conditioning", "statement_redisclosure", "form_version"}


def test_the_forms_own_statements_pass_the_statement_checks():
    for org in ("Acme Clinic", "St. Mary's"):
        t = replace(VALID, statement_revocation=rules.statement("revocation", org),
                    statement_conditioning=rules.statement("conditioning", org),
                    statement_redisclosure=rules.statement("redisclosure", org))
        assert rules.defects(t, TODAY) == []


def test_the_platforms_are_the_connectors():
    assert set(rules.PLATFORMS) == set(CONNECTORS)


# -- coverage -----------------------------------------------------------------------------------
ACTIVE = Standing(status="active", has_document=True)
ASK = {"use": "marketing", "platforms": ["facebook"], "media": ["photo"], "on": TODAY}

# (change to the terms, change to the standing, change to the question, None or words of the reason)
COVERAGE = [
    ({}, {}, {}, None),
    ({}, {}, {"use": "testimonial", "platforms": ["instagram", "facebook"], "media": ["name", "photo"]}, None),
    ({}, {}, {"use": "Social media testimonial"}, None),
    ({}, {}, {"media": []}, None),
    ({}, {}, {"on": date(2026, 6, 1)}, None),                          # the expiration day itself
    ({}, {}, {"use": "fundraising"}, "does not cover the purpose 'fundraising'"),
    ({}, {}, {"platforms": ["facebook", "x"]}, "platform(s): x"),
    ({}, {}, {"platforms": []}, "at least one platform"),
    ({}, {}, {"media": ["photo", "video"]}, "media: video"),
    ({}, {}, {"on": date(2026, 6, 2)}, "expires on 2026-06-01"),
    ({}, {}, {"on": date(2025, 5, 19)}, "signed on 2025-05-20"),
    ({}, {"status": "revoked", "revoked_on": date(2025, 5, 25)}, {}, "revoked on 2025-05-25"),
    ({}, {"status": "expired"}, {}, "has expired"),
    ({"expires_on": None, "expiry_event": "end of campaign"}, {"event_occurred_on": date(2025, 5, 30)}, {},
     "has expired (2025-05-30)"),
    ({"expires_on": None, "expiry_event": "end of campaign"}, {"event_occurred_on": date(2025, 6, 2)}, {}, None),
    ({}, {"has_document": False}, {}, "no signed document"),
    ({"statement_redisclosure": ""}, {}, {}, "not a valid authorization: Statement on redisclosure"),
    ({"combined_with": "treatment_consent"}, {}, {}, "not a valid authorization: Stand-alone form"),
]


@pytest.mark.parametrize("terms,standing,ask,reason", COVERAGE)
def test_coverage(terms, standing, ask, reason):
    got = rules.coverage_problem("C-7", replace(VALID, **terms), replace(ACTIVE, **standing), **{**ASK, **ask})
    if reason is None:
        assert got is None
    else:
        assert got is not None and reason in got, got


def test_a_consent_signed_long_ago_still_covers_today_until_it_expires():
    old = replace(VALID, signed_on=date(2020, 1, 1), expires_on=date(2030, 1, 1))
    assert rules.coverage_problem("C-1", old, ACTIVE, **ASK) is None


# -- expiry, retention, documents -------------------------------------------------------------
@pytest.mark.parametrize("expires_on,reminded,status,expected", [
    (TODAY + timedelta(days=30), False, "active", True),
    (TODAY, False, "active", True),
    (TODAY + timedelta(days=31), False, "active", False),
    (TODAY + timedelta(days=10), True, "active", False),
    (TODAY + timedelta(days=10), False, "revoked", False),
    (None, False, "active", False),
])
def test_reminders_are_for_active_consents_expiring_within_30_days(expires_on, reminded, status, expected):
    t = replace(VALID, expires_on=expires_on)
    assert rules.needs_reminder(t, Standing(status=status), TODAY, reminded) is expected


def test_expiry_is_the_day_after_the_expiration_date():
    t = replace(VALID, expires_on=TODAY)
    assert not rules.is_past_expiry(t, ACTIVE, TODAY)
    assert rules.is_past_expiry(t, ACTIVE, TODAY + timedelta(days=1))
    assert not rules.is_past_expiry(t, Standing(status="revoked"), TODAY + timedelta(days=1))


def test_retention_is_six_years_from_the_later_of_creation_and_last_in_effect():
    assert rules.retain_until(date(2025, 1, 1), None) == date(2031, 1, 1)
    assert rules.retain_until(date(2025, 1, 1), date(2026, 3, 1)) == date(2032, 3, 1)
    assert rules.retain_until(date(2024, 2, 29), None) == date(2030, 2, 28)


@pytest.mark.parametrize("head,size,problem", [
    (b"%PDF-1.7\n", 100, None),
    (b"\xff\xd8\xff\xe0", 100, None),
    (b"\x89PNG\r\n\x1a\n", 100, None),
    (b"GIF89a", 100, "PDF, JPEG or PNG"),
    (b"<html>", 100, "PDF, JPEG or PNG"),
    (b"%PDF-1.7\n", 0, "empty"),
    (b"%PDF-1.7\n", rules.DOCUMENT_MAX_BYTES + 1, "larger than 10 MB"),
])
def test_signed_documents_are_checked_by_content_and_size(head, size, problem):
    got = rules.document_problem(size, head)
    assert (got is None) if problem is None else (problem in got)


@pytest.mark.parametrize("found,covered_by,missing", [
    (["Maria Lopez", "Maria", "Mrs. Lopez", "María López's"], ("Maria Lopez", "", ""), []),
    (["Maria Garcia"], ("Maria Lopez", "", ""), [0]),
    (["Lupita", "Dr. Ruiz"], ("Guadalupe Ruiz", "", "Lupita"), []),
    (["Tomás"], ("Tomás Vega", "", ""), []),
    (["Elena Vega"], ("Tomás Vega", "Elena Vega", ""), []),          # the parent who signed for a minor
    (["Jordan", "Sam Park"], ("Jordan Example", "", "Jo, Jordy"), [1]),
])
def test_the_names_a_post_uses_must_be_the_authorizations_subjects(found, covered_by, missing):
    assert rules.uncovered(found, rules.covered_names(*covered_by)) == missing
