"""Identifiers written to slip past a filter are found, and offsets point into the original text."""
from __future__ import annotations

import pytest

from safepost import scan
from safepost.engine.normalize import normalize


@pytest.mark.parametrize("written, folded", [
    ("call six one four five five five oh one four two", "call 6145550142"),
    ("614 five five five 0142", "614 555 0142"),
    ("6 1 4 . 5 5 5 . 0 1 4 2", "6145550142"),
    ("maria dot lopez at gmail dot com", "maria.lopez@gmail.com"),
    ("maria(at)example(dot)org", "maria@example.org"),
    ("M\u0430ria L\u043epez", "Maria Lopez"),                 # Cyrillic а and о
    ("\uff16\uff11\uff14-555-0142", "614-555-0142"),           # full-width digits
    ("Jo\u200bhn Sm\u00adith", "John Smith"),                  # zero-width space, soft hyphen
    ("5\ufe0f\u20e35\ufe0f\u20e35\ufe0f\u20e3", "555"),        # keycap emoji digits
    ("llame al seis uno cuatro cinco cinco cinco cero uno", "llame al 61455501"),
    ("ʟᴜᴄɪᴀ ɢʀᴀʏ", "lucia gray"),                            # small capitals
    ("614 dash 555 dash 0142", "614-555-0142"),
    ("six one four dash five five five dash oh one four two", "6145550142"),                  # separators spelled out
    ("the patient J o r d a n", "the patient Jordan"),         # letter-spaced name
    ("R.o.s.a had her scan", "Rosa had her scan"),
    ("text 3O5-555-Ol87", "text 305-555-0187"),                # letters standing in for digits
    ("K@yl@ Br00ks", "Kayla Brooks"),                          # digits and symbols for letters
    ("get well Tr1sh", "get well Trish"),
    ("my ex T\u2011R\u2011E\u2011V\u2011O\u2011R is the guy", "my ex Trevor is the guy"),   # non-breaking hyphens
    ("the guy is G-r-e-g from the blue house", "the guy is Greg from the blue house"),
    ("my neighbor T!ffany left with her face bandaged", "my neighbor Tiffany left with her face bandaged"),
    ("Mi esposo R0g3l10 perdió un dedo", "Mi esposo Rogelio perdió un dedo"),      # mostly digits, but a first name
    ("text me 9four9 5five5 01seven3", "text me 949 555 0173"),                    # digit words glued to digits
    ("call me back 7 one 8... five five five... oh one nine six", "call me back 7185550196"),
    ("mi whats es 1 5 5 5 • 0 1 6 0", "mi whats es 15550160"),
])
def test_folds_evasive_writing(written, folded):
    assert normalize(written).text == folded


@pytest.mark.parametrize("text", [
    "See you at 5 on Tuesday", "We're open one to five at the Main St. office",
    "Москва is a city", "plain ascii text, nothing to do", "Room 4 is at the end, then 2 more doors",
    "A1C, H1N1, B12 and covid19 on the 2nd at 10am", "write to jo@example.com", "member MBR88213907",
    "It's O.K. to ask", "Call 305-555-0187 today", "Hi!Great to see you", "a well-to-do man", "2oz of water",
])
def test_leaves_ordinary_text_alone(text):
    assert normalize(text).text == text


@pytest.mark.parametrize("text, label, written", [
    ("my mom is in the ICU, call me at six one four five five five oh one four two", "PHONE",
     "six one four five five five oh one four two"),
    ("send my biopsy results to maria dot lopez at gmail dot com", "EMAIL", "maria dot lopez at gmail dot com"),
    ("Jo\u200bhn Sm\u00adith had his hip replaced here last week, so proud!", "NAME", "Jo\u200bhn Sm\u00adith"),
])
def test_findings_point_into_the_text_as_written(text, label, written):
    report = scan(text, direction="inbound", kind="comment")
    spans = {text[f.start:f.end] for f in report.findings if f.label == label}
    assert written in spans


def test_offsets_map_every_folded_span_inside_the_original():
    text = "Write ma\u200bria at example dot com or 6\u00a01\u00a04 555 0142 — M\u0430ria"
    n = normalize(text)
    for a in range(len(n.text)):
        for b in range(a + 1, len(n.text) + 1):
            s, e = n.original(a, b)
            assert 0 <= s < e <= len(text)


def test_the_fast_precheck_says_what_the_one_pattern_says():
    """`needs_work` (separate patterns behind cheap tests) answers exactly as NEEDS_WORK does."""
    import random

    from safepost.engine.normalize import NEEDS_WORK, needs_work

    rnd = random.Random(9)
    alphabet = "aAoOlLiI|0134579@$ .-/,\t()[]{}<>dotashyphenguión onetwoseis İſé5x\n"
    words = ["at", "dot", "one", "two", "O", "l", "5", "1", "a", "b", "(", ")", " ", "-", ".", "x@y", "$",
             "dash", "oh", "cero", "J o r d a n", "Br00ks", "3O5-555-Ol87", "call me", "(at)"]
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    texts += ["".join(rnd.choice(words) + rnd.choice(["", " ", ".", "-", ", "]) for _ in range(rnd.randint(1, 10)))
              for _ in range(20000)]
    texts += ["".join(rnd.choice(["a", "B", "é", "x", "1", "ab"]) + rnd.choice([" ", ".", "", "  ", "-", "·"])
                      for _ in range(rnd.randint(1, 16))) for _ in range(20000)]   # letter by letter
    assert sum(map(needs_work, texts)) > 1000            # both answers occur
    assert [t for t in texts if needs_work(t) != bool(NEEDS_WORK.search(t))] == []


def test_every_spoken_email_gets_past_its_first_look_and_the_look_is_linear():
    import random
    import time

    from safepost.engine.normalize import DOT_TLD, SPOKEN_EMAIL

    rnd = random.Random(5)
    parts = ["maria", "lopez", "at", "dot", "(at)", "[dot]", " ", "  ", ".", "@", "com", "org", "co", "gmail",
             "-", "_", "{ dot }", "<at>", "\n", "x1", "health"]
    texts = ["".join(rnd.choice(parts) + rnd.choice(["", " ", "  "]) for _ in range(rnd.randint(2, 14)))
             for _ in range(30000)]
    emails = [t for t in texts if SPOKEN_EMAIL.search(t)]
    assert len(emails) > 100 and all(DOT_TLD.search(t) for t in emails)
    assert normalize("write to maria dot lopez at gmail dot com").text == "write to maria.lopez@gmail.com"
    t0 = time.process_time()
    DOT_TLD.search("dot" + " " * 100_000)
    assert time.process_time() - t0 < 0.5


def test_the_at_cue_answers_as_the_at_pattern_and_in_linear_time():
    import random
    import time

    import regex

    from safepost.engine.normalize import _AT, AT_CUE

    plain = regex.compile(rf"(?i){_AT}")
    rnd = random.Random(7)
    parts = ["at", "AT", "(", ")", "[", "]", "{", "}", "<", ">", "@", " ", "  ", "\t", "\n", "x", "cat", "a", "t"]
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12))) for _ in range(30000)]
    assert sum(bool(AT_CUE.search(t)) for t in texts) > 1000
    assert [t for t in texts if bool(AT_CUE.search(t)) != bool(plain.search(t))] == []
    t0 = time.process_time()
    normalize("1 2 3" + " " * 99_000 + "end")     # was quadratic: minutes
    assert time.process_time() - t0 < 2
