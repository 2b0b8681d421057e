"""Sanity checks for the shipped word lists (safepost.engine.lexicons)."""
from __future__ import annotations

import time
from importlib import resources

import pytest

from safepost.engine import lexicons as L

DATA_FILES = [
    "first_names.tsv",
    "surnames.tsv",
    "common_words.tsv",
    "health_terms.tsv",
    "titles.tsv",
    "places.tsv",
]


def _data_dir():
    return resources.files("safepost.engine").joinpath("data")


@pytest.mark.parametrize("name", DATA_FILES)
def test_header_names_source_and_licence(name):
    head = "\n".join(L.header(name)).lower()
    assert head.startswith("# " + name)
    assert "source" in head
    assert any(w in head for w in ("public domain", "licen", "cc by", "safepost authors"))


@pytest.mark.parametrize("name", DATA_FILES)
def test_files_are_clean_utf8_tsv(name):
    raw = _data_dir().joinpath(name).read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text
    keys = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        assert 2 <= len(fields) <= 3, line
        assert fields[0] == fields[0].strip().lower() and fields[0], line
        keys.append(fields[0])
    assert len(keys) == len(set(keys)), f"duplicate keys in {name}"


def test_data_is_small():
    total = sum(p.stat().st_size for p in map(lambda f: _data_dir().joinpath(f), DATA_FILES))
    assert total < 4_000_000


def test_first_names():
    fn = L.first_names()
    assert 15_000 <= len(fn) <= 40_000
    for n in ("maria", "james", "jose", "josé", "aaliyah", "priya", "wei", "fatima", "olga"):
        assert n in fn, n
    assert all(0.0 < w <= 1.0 for w in fn.values())
    assert fn["james"] > fn["maria"] > fn["priya"]


def test_surnames():
    sn = L.surnames()
    assert 30_000 <= len(sn) <= 60_000
    for n in ("garcia", "smith", "nguyen", "patel", "kowalski", "okafor", "zhang", "hernández"):
        assert n in sn, n
    assert sn["smith"] == 1.0
    assert sn["smith"] > sn["garcia"] > sn["okafor"]


def test_common_words_keep_word_names_and_drop_name_only_words():
    cw = L.common_words()
    assert 33_000 <= len(cw) <= 45_000          # ~30,000 English and ~8,000 Spanish words, some in both
    assert cw["the"] == 1
    for w in ("will", "grant", "faith", "summer", "hope", "mark", "rose", "april", "patient"):
        assert w in cw, w
    for n in ("john", "maria", "michael", "garcia", "jennifer"):
        assert n not in cw, n
    assert cw["will"] < cw["grant"]


def test_spanish_common_words_leave_spanish_given_names_as_names():
    cw = L.common_words()
    for w in ("esta", "está", "día", "tenía", "puede", "ya", "gracias"):
        assert w in cw, w
    for n in ("luz", "rosa", "blanca", "maría", "josé"):
        assert n not in cw, n


def test_loaders_are_cached_and_reasonably_fast():
    for f in (L.first_names, L.surnames, L.common_words, L.health_terms, L._kinds):
        f.cache_clear()
    t = time.perf_counter()
    a = L.first_names()
    L.surnames()
    L.common_words()
    L.health_terms()
    L.titles()
    L.places()
    elapsed = time.perf_counter() - t
    assert L.first_names() is a
    assert elapsed < 5.0  # sanity only; real budget (<150 ms) is checked by bench


def test_health_terms_categories_and_known_entries():
    h = L.health_terms()
    assert 2_000 <= len(h) <= 10_000
    assert {c for c, _ in h.values()} == L.HEALTH_CATEGORIES
    expected = {
        "root canal": "procedure",
        "tonsillectomy": "procedure",
        "rhinoplasty": "procedure",
        "biopsy": "procedure",
        "chemo": "procedure",
        "dialysis": "procedure",
        "botox": "procedure",
        "broken arm": "condition",
        "stroke": "condition",
        "kidney stones": "condition",
        "diabetic": "condition",
        "overdose": "condition",
        "picu": "specialty_unit",
        "nicu": "specialty_unit",
        "l&d": "specialty_unit",
        "oncology": "specialty_unit",
        "insulin": "medication",
        "inhaler": "medication",
        "meds": "medication",
        "appointment": "visit",
        "discharged": "visit",
        "post-op": "visit",
        "pacemaker": "device",
        "cgm": "device",
        "hearing aid": "device",
        "wheelchair": "device",
        "cirugía": "procedure",
        "embarazada": "condition",
    }
    for term, cat in expected.items():
        assert h[term][0] == cat, term


def test_health_terms_ambiguous_flags():
    h = L.health_terms()
    for t in ("ct", "pt", "er", "crown", "fill", "shot", "cast", "patient", "hand", "back", "walker"):
        assert h[t][1] is True, t
    for t in ("root canal", "chemo", "surgery", "tonsillectomy", "picu", "x-ray"):
        assert h[t][1] is False, t
    # every term of one or two letters needs context
    assert all(amb for t, (_, amb) in h.items() if len(t) <= 2)


def test_health_terms_have_spelling_variants():
    h = L.health_terms()
    for a, b in (("post-op", "post op"), ("crohn's", "crohns"), ("cirugía", "cirugia"), ("x-ray", "xray")):
        assert a in h and b in h


def test_titles():
    t = L.titles()
    assert set(t.values()) == {"title", "credential", "role", "kin"}
    for tok, kind in {
        "dr": "title", "mrs": "title", "sra": "title", "doña": "title", "coach": "title",
        "md": "credential", "rn": "credential", "pa-c": "credential", "dds": "credential",
        "pharmd": "credential", "lcsw": "credential", "rdh": "credential", "fnp-c": "credential",
        "hygienist": "role", "front desk": "role", "pharmacist": "role", "doula": "role",
        "grandma": "kin", "tía": "kin",
    }.items():
        assert t[tok] == kind, tok
    amb = L.ambiguous_titles()
    assert {"do", "don", "pt"} <= amb and "dds" not in amb and amb <= set(t)


def test_places():
    p = L.places()
    assert set(p.values()) == {"state", "street_suffix", "unit", "city"}
    assert p["texas"] == p["tx"] == "state"
    for s in ("st", "street", "ave", "blvd", "rd", "dr", "ln", "ct", "way", "pkwy", "hwy"):
        assert p[s] == "street_suffix", s
    for u in ("room", "rm", "bed", "suite", "apt", "floor", "unit", "bay", "wing"):
        assert p[u] == "unit", u
    cities = [k for k, v in p.items() if v == "city"]
    assert 900 <= len(cities) <= 1500
    for c in ("houston", "san antonio", "chicago", "los angeles", "st. louis"):
        assert p[c] == "city", c
    amb = L.ambiguous_places()
    assert {"dr", "st", "mobile", "in"} <= amb and "blvd" not in amb and "san antonio" not in amb
