"""The saved compiled patterns (engine/regex_cache.py, data/regex_cache.bin): each entry must be
exactly what the regex library compiles from its pattern today, and the engine's patterns should
all be in the file (else start-up pays for compiling them: run scripts/build_regex_cache.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import regex
import regex._regex as _regex
import regex.regex as library

from safepost.engine import regex_cache

SRC = str(Path(regex_cache.__file__).resolve().parents[2])
CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "batches"


def test_the_file_is_for_this_library_version():
    assert regex_cache.load(), ("data/regex_cache.bin is missing or was written by another version of the "
                                "regex library: run scripts/build_regex_cache.py")


def _sample() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.jsonl"))[::7]:
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for i, line in enumerate(f) if i % 25 == 0 and line.strip()]
    return texts + [t.lower() for t in texts] + EDGES


EDGES = ["", "Dr. Ann Lee saw Maria Lopez (DOB 03/04/1958, MRN 123-45-678) at 12 Oak St, Springfield, IL 62704.",
         "call me at (555) 201-3344 or maria dot lopez at gmail dot com", "ssn 123 45 6789; room 4b; bed #12",
         "#patientwarrior Héctor, 94 años, ¡feliz cumpleaños! 🎉 https://x.co/abc @nurse_jo"]


def test_every_entry_behaves_as_the_library_compiles_it():
    """The library's compiled code for a character set follows the order of a Python set, so two
    processes compile the same pattern to equivalent, not identical, code: each entry must have
    the same shape as a fresh compilation and find the same matches, groups and spans on a sample
    of the corpus, lowercased too."""
    texts = _sample()
    entries = regex_cache.load()
    assert len(texts) > 200 and entries
    for pattern, flags, version, data in entries:
        assert version == int(regex.DEFAULT_VERSION)
        fresh = library._compile(pattern, flags, False, {}, False)      # bypasses the library's cache
        cached = _regex.compile(*data)
        a, b = fresh._pickled_data, data
        assert (a[0], a[1], len(a[2]), sorted(a[2]), a[3:]) == (b[0], b[1], len(b[2]), sorted(b[2]), b[3:]), pattern
        for text in texts:
            assert ([m.regs for m in fresh.finditer(text)] == [m.regs for m in cached.finditer(text)]), (pattern, text)


def test_the_installed_patterns_are_the_library_s():
    for pattern, flags, _, data in regex_cache.load()[:50]:
        compiled = regex.compile(pattern, flags)
        assert compiled._pickled_data == data
        assert compiled.pattern == pattern


def test_the_engine_compiles_nothing_at_import():
    """Every pattern compiled when the engine is imported is in the file (a stale file is slower,
    never wrong)."""
    child = ("import sys; sys.path.insert(0, sys.argv[1]); import regex.regex as r; n = len(r._cache); "
             "import safepost.engine as e, safepost.engine.regex_cache as c; "
             "print(len(r._cache) - n - c.INSTALLED)")
    out = subprocess.run([sys.executable, "-c", child, SRC], capture_output=True, text=True, check=True,
                         env={**os.environ, "SAFEPOST_REGEX_CACHE": "1"})
    assert out.stdout.strip() == "0", ("patterns compiled at import that data/regex_cache.bin does not hold: "
                                       "run scripts/build_regex_cache.py")


def test_turned_off():
    child = "import sys; sys.path.insert(0, sys.argv[1]); import safepost.engine.regex_cache as c; print(c.INSTALLED)"
    out = subprocess.run([sys.executable, "-c", child, SRC], capture_output=True, text=True, check=True,
                         env={**os.environ, "SAFEPOST_REGEX_CACHE": "0"})
    assert out.stdout.strip() == "0"
