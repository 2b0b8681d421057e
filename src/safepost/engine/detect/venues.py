"""Places that say where a person works, plays, studies, lives or sleeps, named by a word beside
them (``data/venues.tsv``): "Keystone Packaging", "the Westfield Wolves", "colonia Las Palmas",
"Prepa 4", "cabin 7", "the Lindquist farm", "transferred to Mercy"; a shop on a street ("the Kroger on Sawmill"); a street corner ("Elm & 3rd",
"26th y Kostner"). Whose place it is (the organization's, a patient's) is for the context rules and
the learned verdict to say."""

from __future__ import annotations

from functools import lru_cache

import regex

from safepost.engine import lexicons
from safepost.engine.doc import Candidate, Doc

# a capitalised word, starting where no word goes on (bounded and possessive: "Ab'Ab'Ab'…" is one word, not
# one at every capital, which made the patterns quadratic)
CAPWORD = r"(?<![\p{L}\p{M}'’.])\p{Lu}[\p{L}\p{M}'’.]{0,40}+"
ORDINAL = r"\d{1,3}(?:st|nd|rd|th)\b|(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)\b"
CORNER = regex.compile(rf"\b(?:(?:{ORDINAL})\s+(?:&|and|y|at)\s+(?:{CAPWORD}|{ORDINAL})"
                       rf"|{CAPWORD}\s+(?:&|and|y|at)\s+(?:{ORDINAL}))")
SHOP_ON = regex.compile(rf"\b({CAPWORD}(?:\s+{CAPWORD})?)\s+on\s+(?:{ORDINAL}|\p{{Lu}}\p{{Ll}}[\p{{L}}\p{{M}}'’]*)")
WHY = {"workplace": "a workplace or shop", "team": "a team or group", "school": "a school",
       "neighbourhood": "a neighbourhood", "room": "a cabin, bunk or cell"}


# a name before a lowercase head word: capitalised words without a possessive ("Mark's room" is Mark's)
PLAIN_CAPWORD = r"\p{Lu}[\p{Ll}\p{M}]+"
# a place named by one word needs a preposition of place before it: "admitted to Mercy", "at Children's"
PLACE_PREPOSITION = r"(?<=\b(?:at|to|from|in|into|over at|out of|leaving|left)\s)"


def _alternation(words) -> str:
    return "|".join(sorted((regex.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    words = lexicons.venues()
    suffix = _alternation(words["suffix"])
    # lowercase entries match in any case ("Colonia", "colonia"); "PS", "IS" only as written
    prefix = "|".join(f"(?i:{regex.escape(w)})" if w.islower() else regex.escape(w)
                      for w in sorted(words["prefix"], key=len, reverse=True))
    after = regex.compile(rf"\b(?:{CAPWORD}(?:\s+&\s+|\s+)){{1,3}}(?P<word>{suffix})\b\.?")
    before = regex.compile(rf"\b(?P<word>{prefix})\s+(?:(?:de|del|la|el|los|las)\s+)?"
                           rf"(?:{CAPWORD}(?:\s+{CAPWORD}){{0,2}}|\d{{1,3}}[A-Z]?\b|[A-Z]\b)")
    head = regex.compile(rf"\b(?:{PLAIN_CAPWORD}\s+){{1,3}}(?P<word>{_alternation(words['head'])})\b")
    alone = regex.compile(rf"{PLACE_PREPOSITION}(?P<word>{_alternation(words['alone'])})(?![\p{{L}}'’])")
    return after, before, head, alone


@lru_cache(maxsize=1)
def _prefix_keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a match of the prefix pattern must contain: a capitalised or upper-case prefix word as
    written ("PS", "Camp"), or the longest run of ASCII letters of a lowercase one, in any case
    ("colonia", "urbanizaci" for "urbanización"): a first look before the pattern (for speed)."""
    words = lexicons.venues()["prefix"]
    as_written = tuple(sorted(w for w in words if not w.islower()))
    runs = {max(regex.findall(r"[a-z]+", w) or [""], key=len) for w in words if w.islower()}
    any_case = tuple(sorted(k for k in runs if not any(r != k and r in k for r in runs)))   # "cafeter", not "cafeteria" too
    return as_written, any_case


def _may_have_a_prefix(doc: Doc) -> bool:
    as_written, any_case = _prefix_keys()
    return any(k in doc.text for k in as_written) or doc.may_match(any_case)


def _kind(position: str, word: str) -> str:
    table = lexicons.venues()[position]
    return table.get(word) or table.get(word.lower()) or next(
        (k for w, k in table.items() if w.lower() == word.lower()), "workplace")


def _ordinary(word: str) -> bool:
    low = word.lower()
    return low in lexicons.DAYS_AND_MONTHS or lexicons.common_words().get(low, 10 ** 6) <= 5000


def _after_ordinary_words(text: str, start: int, word_start: int) -> int | None:
    """Where the name before a suffix word begins once sentence-opening words ("Go", "Thanks") are
    dropped; None when only ordinary words are left ("Thanks Club")."""
    for w in regex.finditer(r"\S+", text[start:word_start]):
        if w.group() != "&" and not _ordinary(w.group()):
            return start + w.start()
    return None


def _after_name_words(text: str, start: int, word_start: int) -> int | None:
    """Like :func:`_after_ordinary_words`, and the name left must not be a health word ("Recovery
    room", "Exam room" are rooms of any clinic, not a place that locates a person)."""
    start = _after_ordinary_words(text, start, word_start)
    if start is None or any(w.lower() in lexicons.health_terms() for w in text[start:word_start].split()):
        return None
    return start


def find(doc: Doc) -> list[Candidate]:
    after, before, head, alone = _patterns()
    out = []

    def add(s: int, e: int, score: float, why: str) -> None:
        owner = "org" if doc.policy.owns_address(doc.text[s:e]) else ""
        out.append(Candidate(s, e, "LOCATION", score, why, owner, "room" if why == WHY["room"] else ""))

    for m in after.finditer(doc.text):
        start = _after_ordinary_words(doc.text, m.start(), m.start("word"))
        if start is not None:
            add(start, m.end(), 0.55, WHY[_kind("suffix", m.group("word"))])
    for m in (before.finditer(doc.text) if _may_have_a_prefix(doc) else ()):
        if m.group("word").isupper() and not m.group()[-1].isdigit():
            continue   # "PS 89" is a school; "PS I love you" is not
        add(m.start(), m.end(), 0.55, WHY[_kind("prefix", m.group("word"))])
    for m in head.finditer(doc.text):
        start = _after_name_words(doc.text, m.start(), m.start("word"))
        if start is not None:
            add(start, m.end(), 0.5, WHY[_kind("head", m.group("word"))])
    for m in alone.finditer(doc.text):
        add(m.start(), m.end(), 0.5, "a hospital or place named alone")
    for m in CORNER.finditer(doc.text):
        add(m.start(), m.end(), 0.6, "a street corner")
    for m in SHOP_ON.finditer(doc.text):
        if not any(_ordinary(w) for w in m.group(1).split()) and m.group().split()[-1].lower() not in lexicons.DAYS_AND_MONTHS:
            add(m.start(), m.end(), 0.55, "a shop on a street")
    return out
