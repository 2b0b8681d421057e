"""The release rules shared by posts' overrides and inbox replies (app/lib/override.py): each
refusal with its code, in the order a privacy officer meets them."""

from __future__ import annotations

import pytest

from safepost.app.lib.override import (
    ReleaseFacts,
    reason_has_phi,
    release_refusal,
    uncurable_names,
)

REASON = "The patient asked us in writing to answer publicly; approved by the privacy office."
BASE = {"noun": "reply", "officer_id": 2, "reason": REASON, "author_id": 1}


@pytest.mark.parametrize(("kw", "code", "words"), [
    ({"uncurable": ("a Social Security number",)}, "uncurable_identifier", "No override can release a reply"),
    ({"officer_id": 1}, "own_words", "their own reply"),
    ({"editor_ids": frozenset({2})}, "own_words", "your own words"),
    ({"requested_by": 2}, "two_person", "second privacy officer"),
    ({"reason": "ok"}, "reason", "at least 20 characters"),
    ({"reason_has_phi": True}, "reason", "names a person"),
    ({"confirmed": False}, "confirm", "Type RELEASE"),
    ({"uncurable": ("a medical record number",), "officer_id": 1, "confirmed": False}, "uncurable_identifier", "record"),
])
def test_each_refusal_has_its_code(kw, code, words):
    refusal = release_refusal(ReleaseFacts(**{**BASE, **kw}))
    assert refusal is not None and refusal.code == code and words in refusal.message


def test_a_second_officer_with_a_clean_reason_and_the_word_may_release():
    assert release_refusal(ReleaseFacts(**BASE, requested_by=3)) is None


def test_uncurable_names_keep_only_what_consent_cannot_cure():
    assert uncurable_names(["NAME", "SSN", "MRN", "SSN", "DATE"]) == ("a Social Security number", "a medical record number")
    assert uncurable_names(["NAME", "DATE", "PHONE"]) == ()


def test_the_engine_finds_a_patient_in_a_reason():
    assert reason_has_phi("Approved after Delbert Mayfield called us at 555-201-3344 about it.")
    assert not reason_has_phi(REASON)


@pytest.mark.parametrize("reason", [
    "Approved after Delbert Mayfield called us about it; he wants a public answer.",   # a name, no care words
    "Cleared with Dr. Anand Patel in compliance on Monday before we posted it.",     # a staff member's name
    "She asked us to reply publicly, write back to her at rosa.quill@example.net.",  # an e-mail
    "Member W4821-66093 authorized this answer in writing last week.",              # a member number
])
def test_a_reason_is_judged_on_whom_it_identifies_not_on_care(reason):
    assert reason_has_phi(reason)


@pytest.mark.parametrize("reason", [
    "The story was shared publicly by the family and the press office confirmed it today.",
    "The number is our published fax line, not a patient's SSN.",
])
def test_a_reason_that_identifies_nobody_passes(reason):
    assert not reason_has_phi(reason)
