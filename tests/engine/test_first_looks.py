"""The cheap first looks before patterns that rarely match (Doc.may_match and the *_KEYS lists):
each must let through every text its pattern matches, or an identifier or a signal is lost."""

from __future__ import annotations

import pytest

from safepost.engine import signals
from safepost.engine.detect import names, numbers
from safepost.engine.doc import Doc
from safepost.engine.policy import DEFAULT_POLICY


def doc(text: str) -> Doc:
    return Doc(text, "outbound", "post", DEFAULT_POLICY)


def top_level_alternatives(pattern: str) -> list[str]:
    """The pattern's source split at the `|` outside any group or class."""
    parts, depth, cls, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


@pytest.mark.parametrize("rx, keys, or_digit", [
    (signals.DISTINCTIVE, signals.DISTINCTIVE_KEYS, True),
    (signals.SLOT, signals.SLOT_KEYS, True),
    (signals.CONFIRMED, signals.CONFIRMED_KEYS, False),
])
def test_every_alternative_holds_a_key_or_a_digit(rx, keys, or_digit):
    alternatives = top_level_alternatives(rx.pattern)
    assert len(alternatives) > 3
    for alt in alternatives:
        assert any(k in alt for k in keys) or (or_digit and "\\d" in alt), alt


@pytest.mark.parametrize("text, signal", [
    ("that's me in the before photo", "indirect"), ("the guy in the yellow jeep", "indirect"),
    ("the firefighter who has the TATTOO", "indirect"), ("The Mayor's wife came by", "indirect"),
    ("we posted her face online", "indirect"), ("the ONLY female welder", "indirect"),
    ("a lady named Rose", "indirect"), ("my 3pm root canal", "indirect"),
    ("Someone from Big Horn Feed was here", "indirect"), ("ſomebody from Acme called", "indirect"),
    ("her before pics", "indirect_care"), ("bed 4 again", "indirect_care"),
    ("We treated YOU last week", "confirmed"), ("so good to see you!", "confirmed"),
])
def test_texts_the_patterns_match_get_past_the_first_look(text, signal):
    assert getattr(signals.Signals(doc(text)), signal)


@pytest.mark.parametrize("text", ["lovely day at the beach", "İstanbul trip", "see the tattoo"])
def test_no_signal_where_the_pattern_finds_none(text):
    sig = signals.Signals(doc(text))
    assert bool(sig.confirmed) == bool(signals.CONFIRMED.search(doc(text).low))
    assert not sig.indirect_care


@pytest.mark.parametrize("text, found", [
    ("her FINGERPRINT ID is on file", True), ("palm scans at the gym", True), ("a gait analysis video", True),
    ("full-face photos of the patient", True), ("a voiceprint", True), ("a quiet morning", False),
])
def test_biometric_words(text, found):
    assert bool(numbers.find(doc(text))) is found


@pytest.mark.parametrize("text, found", [
    ('our favorite frequent visitor "Tank" is back', True), ("our frequent flyer ‘Tank’ is back", True),
    ("the famous “Tank” is back", True), ("the famous Tank is back", False),
])
def test_quoted_nicknames(text, found):
    assert any(c.why == "a nickname in quotes" for c in names.find(doc(text))) is found


def test_case_traps_let_everything_through():
    # "ſ" is an "s" to a case-insensitive pattern, and Doc.low keeps it: no key would be found
    assert doc("ſomeone").may_match(("some",)) and not doc("a quiet day").may_match(("some",))


@pytest.mark.parametrize("text, found", [
    ("Patient: Marisol Quintanilla-Reyes was seen", True), ("contact Ximena Oyelaran at 555-0100", True),
    ("Patient: The results are in", False), ("thanks Team", False),
])
def test_cued_names_ask_the_cheap_question_first_and_answer_the_same(text, found):
    from safepost.engine.detect import cued_names
    assert bool(cued_names.find(doc(text))) is found


@pytest.mark.parametrize("text, found", [
    ("Maria's chemo went well", [(8, 13, "procedure")]),
    ("insulin's price went up", [(0, 9, "medication")]),          # a term's possessive
    ("Chemo’s over!", [(0, 7, "procedure")]),
    ("her root canal is done", [(4, 14, "procedure")]),          # a longer term from its first word
    ("after the hip replacement surgery", [(10, 25, "procedure"), (26, 33, "procedure")]),
    ("a quiet day at the beach", []),
])
def test_health_terms_pass_over_only_words_no_term_starts_with(text, found):
    assert signals._health_terms(doc(text)) == found
