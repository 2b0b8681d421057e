"""Word lists shipped with the engine (``safepost/engine/data/*.tsv``).

Every list is read lazily on first use and cached for the life of the process
(``functools.lru_cache``); the returned mappings are shared, so callers must not mutate
them. All keys are lowercase. Loading is pure file I/O on package data: no network.

Files (regenerate with ``scripts/build_lexicons.py``; sources and licences are in each
file's ``#`` header):

* ``first_names.tsv``  name -> weight 0..1 (log frequency)
* ``nicknames.tsv``    nickname -> the given names it stands for (Kev, Marv, Memo, Chuy);
  :func:`first_names` includes them with a low weight
* ``surnames.tsv``     name -> weight 0..1
* ``common_words.tsv`` word -> frequency rank (1 = most frequent); names that are mainly
  names (John, Maria) are left out, word-names (Will, Grant, Faith) are kept
* ``common_words_es.tsv`` the same for Spanish (Luz, Rosa, Blanca left out as names)
* ``health_terms.tsv`` term -> (category, ambiguous); terms may be several words
* ``titles.tsv``       token -> ``title`` | ``credential`` | ``role`` | ``kin``
* ``places.tsv``       term -> ``state`` | ``street_suffix`` | ``unit`` | ``city``
* ``towns.tsv``        town or city name (GeoNames) -> ambiguous?
* ``venues.tsv``       word -> position (before or after a name) and kind of place (workplace,
  team, school, neighbourhood, room); curated by hand, read by ``detect/venues.py``
* ``reply_cues.tsv``   word -> family (addressee, care_object, record, we), English and Spanish;
  curated by hand, read by the learned verdict's reply-frame features

``titles.tsv``, ``places.tsv`` and ``health_terms.tsv`` mark entries that are also everyday
words or names ("do", "don", "dr", "st", "mobile", "ed", "walker") with a third column
``ambiguous``; :func:`ambiguous_titles`, :func:`ambiguous_places` and the flag in
:func:`health_terms` expose it. Treat an ambiguous entry as a cue only with more context.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterator

NICKNAME_WEIGHT = 0.1   # as likely a name as the rarest given names of the SSA list
# English day and month names: capitalised words that are never a place or a person here
DAYS_AND_MONTHS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                            "june july august september october november december".split())

__all__ = [
    "HEALTH_CATEGORIES",
    "first_names",
    "surnames",
    "common_words",
    "health_terms",
    "titles",
    "places",
    "ambiguous_titles",
    "ambiguous_places",
    "towns",
    "reply_cues",
    "venues",
    "read_rows",
    "header",
]

HEALTH_CATEGORIES = frozenset(
    {"condition", "procedure", "specialty_unit", "medication", "visit", "body_part", "device"}
)


def _text(name: str) -> str:
    return resources.files("safepost.engine").joinpath("data", name).read_text(encoding="utf-8")


def read_rows(name: str) -> Iterator[list[str]]:
    """Yield the tab-separated fields of each data line of ``data/<name>``."""
    for line in _text(name).splitlines():
        if not line or line[0] == "#":
            continue
        yield line.split("\t")


def header(name: str) -> list[str]:
    """The leading ``#`` comment lines of a data file (source and licence)."""
    out = []
    for line in _text(name).splitlines():
        if not line.startswith("#"):
            break
        out.append(line)
    return out


@lru_cache(maxsize=None)
def first_names() -> dict[str, float]:
    """Lowercase given name -> weight in 0..1 (higher = more common); nicknames weigh
    ``NICKNAME_WEIGHT``."""
    names = {r[0]: NICKNAME_WEIGHT for r in read_rows("nicknames.tsv")}
    names.update((r[0], float(r[1])) for r in read_rows("first_names.tsv"))
    return names


@lru_cache(maxsize=None)
def surnames() -> dict[str, float]:
    """Lowercase surname -> weight in 0..1 (higher = more common)."""
    return {r[0]: float(r[1]) for r in read_rows("surnames.tsv")}


@lru_cache(maxsize=None)
def common_words() -> dict[str, int]:
    """Lowercase English or Spanish word -> frequency rank in its language (1 = most frequent);
    a word in both lists keeps its English rank."""
    words = {r[0]: int(r[1]) for r in read_rows("common_words_es.tsv") if len(r) == 2}
    words.update((r[0], int(r[1])) for r in read_rows("common_words.tsv"))
    return words


@lru_cache(maxsize=None)
def spanish_words() -> dict[str, int]:
    """Lowercase Spanish word -> its frequency rank in Spanish, names among them (``common_words``
    keeps the English rank of a word in both lists and leaves the names out)."""
    return {r[0]: int(r[1]) for r in read_rows("common_words_es.tsv")}


@lru_cache(maxsize=None)
def health_terms() -> dict[str, tuple[str, bool]]:
    """Lowercase term or phrase -> (category, ambiguous).

    ``ambiguous`` terms ("ct", "pt", "crown", "shot", "cast") also have everyday meanings:
    count them only with more health context nearby.
    """
    out: dict[str, tuple[str, bool]] = {}
    for r in read_rows("health_terms.tsv"):
        out[r[0]] = (r[1], len(r) > 2 and r[2] == "ambiguous")
    return out


@lru_cache(maxsize=None)
def _kinds(name: str) -> tuple[dict[str, str], frozenset[str]]:
    kinds: dict[str, str] = {}
    amb = set()
    for r in read_rows(name):
        kinds[r[0]] = r[1]
        if len(r) > 2 and r[2] == "ambiguous":
            amb.add(r[0])
    return kinds, frozenset(amb)


def titles() -> dict[str, str]:
    """Lowercase honorific / credential / role / kin word (no trailing dot) -> kind.

    Kinds: ``title`` (before a name: dr, sra, nurse, coach), ``credential`` (after a
    name: rn, dds, pa-c), ``role`` (hygienist, front desk), ``kin`` (grandma, tía).
    """
    return _kinds("titles.tsv")[0]


def ambiguous_titles() -> frozenset[str]:
    """Entries of :func:`titles` that are also ordinary words ("do", "don", "ma", "pt")."""
    return _kinds("titles.tsv")[1]


@lru_cache(maxsize=None)
def towns() -> dict[str, bool]:
    """Lowercase town or city name (one to four words) -> is it also an everyday word or a name?"""
    return {r[0]: len(r) > 1 and r[1] == "ambiguous" for r in read_rows("towns.tsv")}


def places() -> dict[str, str]:
    """Lowercase place word or phrase -> kind (state, street_suffix, unit, city)."""
    return _kinds("places.tsv")[0]


def ambiguous_places() -> frozenset[str]:
    """Entries of :func:`places` that are also ordinary words or names (dr, st, mobile)."""
    return _kinds("places.tsv")[1]


@lru_cache(maxsize=None)
def reply_cues() -> dict[str, frozenset[str]]:
    """Family (``addressee``, ``care_object``, ``record``, ``we``) -> its lowercase words."""
    families: dict[str, set[str]] = {}
    for word, family, _language in read_rows("reply_cues.tsv"):
        families.setdefault(family, set()).add(word)
    return {f: frozenset(words) for f, words in families.items()}


@lru_cache(maxsize=None)
def animal_terms() -> frozenset[str]:
    """Lowercase words and emoji that say a text is about an animal (``data/animal_terms.tsv``)."""
    return frozenset(r[0] for r in read_rows("animal_terms.tsv"))


@lru_cache(maxsize=None)
def venues() -> dict[str, dict[str, str]]:
    """Position (``suffix``, ``prefix``, ``head``, ``alone``) -> word as written -> kind (workplace,
    team, school, neighbourhood, room)."""
    out: dict[str, dict[str, str]] = {"suffix": {}, "prefix": {}, "head": {}, "alone": {}}
    for word, position, kind in read_rows("venues.tsv"):
        out[position][word] = kind
    return out
