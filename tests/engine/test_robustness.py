"""No input crashes `scan` or makes it run away (issue 2).

* Property tests (hypothesis): arbitrary Unicode (lone surrogates and control characters
  included) and random soups of identifier-like fragments; every report must be well formed and
  deterministic. Each example runs under a generous SIGALRM guard.
* Pathological 100,000-character strings (repeated digits, dashes, "@", dots, long words,
  Unicode, many capitalized words, ...) are each scanned in a fresh subprocess with a generous
  timeout, so that a regex stuck in C code cannot hang the suite: the bound is on completion,
  not a tight timing.
"""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safepost.engine import DIRECTIONS, KINDS, LABELS, Report, Verdict, scan

LIMIT = 100_000            # the engine's documented maximum text length (scanner.MAX_TEXT)
GUARD_S = 30               # per hypothesis example: completion, not speed
SUBPROCESS_TIMEOUT_S = 120  # per pathological string, two scans of 100 kB


@contextmanager
def alarm(seconds: int):
    def on_alarm(signum, frame):
        raise TimeoutError(f"scan did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check_report(text: str, r: Report, direction: str) -> None:
    assert isinstance(r, Report)
    assert isinstance(r.verdict, Verdict)
    assert r.flag == (r.verdict is not Verdict.ALLOW)
    if direction == "outbound":
        assert r.verdict is not Verdict.PRIVATE_FOLLOW_UP
    for f in r.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.label in LABELS, f
        assert 0.0 <= f.score <= 1.0, f
        assert isinstance(f.is_phi, bool) and isinstance(f.why, str)
    for reason in r.reasons:
        assert isinstance(reason.code, str) and reason.code
        assert isinstance(reason.explanation, str)
    assert isinstance(r.suggestion, str)
    json.dumps(r.to_dict())  # serialisable (the CLI and the API depend on it)


def scan_checked(text: str, direction: str, kind: str) -> None:
    with alarm(GUARD_S):
        r1 = scan(text, direction=direction, kind=kind)
        r2 = scan(text, direction=direction, kind=kind)
    check_report(text, r1, direction)
    assert r1.to_dict() == r2.to_dict(), "scan must be deterministic"


# ------------------------------------------------------------------------------- properties
FRAGMENTS = [
    "Dr.", "Dr", "Mr.", "Mrs", "Nurse", "Maria", "maria", "MARIA", "José", "O'Neil", "Nguyen-Tran", "Lee's",
    "#MariaStrong", "@maria_l", "@", "@@", "patient", "our patient", "we reviewed your chart", "surgery",
    "chemo", "yesterday", "last Tuesday", "March 3", "3/3/24", "2024-03-03", "03.03.2024", "on the 3rd",
    "age 94", "94 years old", "born 1931", "(555) 201-3344", "555-0142", "+1 555 201 3344", "ext. 12",
    "fax", "123-45-6789", "123456789", "000-12-3456", "MRN", "MRN: 00482913", "member ID", "QX-4471-220",
    "acct #", "claim", "case no.", "DL", "plate", "7ABC123", "serial", "SN-88AF-1", "http://", "https://x.co/a",
    "www.", ".org", "a@b.co", "x@y", "10.0.0.1", "256.256.256.256", "::1", "fe80::1", "Room 412", "bed 4",
    "ICU", "12 Quarry Lane", "Apt 3B", "90210", "90210-1234", "Springfield", "St.", "Ave", "Engine 7",
    "the firefighter", "fingerprint", "voiceprint", "-", "--", ".", "..", ",", ":", "/", "#", "(", ")", "'",
    '"', "\n", "\t", " ", "  ", "\u200d", "\u00a0", "é", "👋", "名前", "مريم", "\ufeff",
]

fragment_soup = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=60).map(
    lambda parts: " ".join(parts))
any_unicode = st.text(alphabet=st.characters(blacklist_categories=()), max_size=400)
directions = st.sampled_from(DIRECTIONS)
kinds = st.sampled_from(KINDS)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(text=any_unicode, direction=directions, kind=kinds)
def test_any_unicode_text(text, direction, kind):
    scan_checked(text, direction, kind)


@PROPERTY_SETTINGS
@given(text=fragment_soup, direction=directions, kind=kinds)
def test_identifier_like_soup(text, direction, kind):
    scan_checked(text, direction, kind)


@PROPERTY_SETTINGS
@given(text=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join),
       direction=directions, kind=kinds)
def test_fragments_glued_without_spaces(text, direction, kind):
    scan_checked(text, direction, kind)


def test_empty_and_blank_texts_are_allowed():
    for text in ("", " ", "\n\n", "\t"):
        for direction in DIRECTIONS:
            r = scan(text, direction=direction, kind="post" if direction == "outbound" else "comment")
            assert r.verdict is Verdict.ALLOW and r.findings == []


def test_over_the_limit_is_a_clean_value_error_or_a_report():
    text = "a" * (LIMIT + 1)
    with alarm(GUARD_S):
        try:
            r = scan(text, direction="outbound", kind="post")
        except ValueError as e:
            assert str(e)
        else:
            check_report(text, r, "outbound")


# ------------------------------------------------------------------------------- 100 kB strings
def _fill(unit: str, n: int = LIMIT) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _random_capitalized(seed: int = 7) -> str:
    rng = random.Random(seed)
    words = []
    while sum(len(w) + 1 for w in words) < LIMIT:
        words.append(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") +
                     "".join(rng.choice("aeioulnrstmk") for _ in range(rng.randint(2, 9))))
    return " ".join(words)[:LIMIT]


def _random_printable(seed: int = 11) -> str:
    rng = random.Random(seed)
    alphabet = "abcXYZ0123456789 -.@/:#()'\n" + "éß名👋"
    return "".join(rng.choice(alphabet) for _ in range(LIMIT))


PATHOLOGICAL = {
    "digits": _fill("1"),
    "digit_run_varied": _fill("1234567890"),
    "dashes": _fill("-"),
    "digit_dash": _fill("1-"),
    "ssn_chain": _fill("123-45-"),
    "phone_chain": _fill("(555) 201-"),
    "at_signs": _fill("@"),
    "at_words": _fill("a@"),
    "email_chain": _fill("a.b@c."),
    "dots": _fill("."),
    "dotted_words": _fill("a."),
    "ip_chain": _fill("1.1."),
    "www_chain": _fill("www."),
    "url_chain": _fill("http://a/"),
    "long_word": _fill("a"),
    "long_mixed_word": _fill("Abcdefghij"),
    "hashtags": _fill("#Maria"),
    "handles": _fill("@maria "),
    "capitalized_repeat": _fill("Maria "),
    "titles_repeat": _fill("Dr. Lopez "),
    "capitalized_random": _random_capitalized(),
    "all_caps": _fill("MARIA LOPEZ "),
    "dates_repeat": _fill("March 3, "),
    "numbers_spaced": _fill("4 "),
    "rooms": _fill("Room 4 bed "),
    "spaces": _fill(" "),
    "newlines": _fill("\n"),
    "unicode_accents": _fill("é"),
    "unicode_combining": _fill("e\u0301"),
    "unicode_emoji": _fill("👋"),
    "unicode_cjk": _fill("名前"),
    "unicode_rtl": _fill("مريم "),
    "zero_width": _fill("\u200d"),
    "nul_and_controls": _fill("\x00\x01\x1b"),
    "lone_surrogates": _fill("\ud800"),
    "random_printable": _random_printable(),
    # a handle's cue and then nothing but whitespace: the cue's optional spaces once backtracked quadratically
    "handle_cue_spaces": "ig" + " " * (LIMIT - 3) + "!",
    "user_cue_spaces": "user" + " " * (LIMIT - 5) + "x",
    "spoken_handle_chain": _fill("ig is x dot "),
    "settlement_chain": _fill("colonia de la "),
    # capitalised words joined by hyphens or apostrophes: town and venue words once split them every way
    "hyphenated_town_after_street": "calle Mayor 5, " + _fill("Ab-")[15:],
    "hyphenated_town_before_code": _fill("Ab-"),
    "apostrophe_capwords": _fill("Ab'"),
    "age_then_spaces": "95" + " " * (LIMIT - 2),
}

WORKER = r"""
import json, sys, time
from safepost.engine import scan
text = json.loads(sys.stdin.read())
out = []
for direction, kind in (("outbound", "post"), ("inbound", "comment")):
    t = time.perf_counter()
    r = scan(text, direction=direction, kind=kind)
    d = r.to_dict()
    json.dumps(d)
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in d["spans"])
    out.append({"direction": direction, "s": round(time.perf_counter() - t, 3),
                "verdict": d["verdict"], "n_spans": len(d["spans"])})
print(json.dumps(out))
"""


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_100k(name):
    text = PATHOLOGICAL[name]
    assert len(text) == LIMIT
    t0 = time.perf_counter()
    try:
        r = subprocess.run([sys.executable, "-c", WORKER], input=json.dumps(text), capture_output=True,
                           text=True, timeout=SUBPROCESS_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: two scans of {LIMIT:,} characters did not finish in {SUBPROCESS_TIMEOUT_S} s")
    assert r.returncode == 0, f"{name}: scan crashed:\n{r.stderr[-3000:]}"
    runs = json.loads(r.stdout.strip().splitlines()[-1])
    assert len(runs) == 2
    print(name, round(time.perf_counter() - t0, 2), runs)  # shown with -s: where the time goes
