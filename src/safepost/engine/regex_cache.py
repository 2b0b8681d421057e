"""The engine's compiled patterns, saved once so that a process does not compile them again.

Compiling the engine's ~250 patterns with the ``regex`` library costs about half of its start-up
(the library parses and optimises each pattern in Python). What a compiled pattern holds is plain
data (``Pattern._pickled_data``: the pattern, its flags and its compiled code, the same data the
library pickles a pattern with), and ``regex._regex.compile`` turns that data back into the same
pattern in microseconds. ``data/regex_cache.bin`` holds that data for every pattern the engine
compiles (written by ``scripts/build_regex_cache.py``); `install` puts those patterns into the
library's own cache of compiled patterns before the engine's modules compile theirs, so
``regex.compile(...)``, ``regex.sub(pattern, ...)`` and the rest find them there.

Safe by construction: an entry is keyed by its exact pattern text and flags, so a pattern that
was changed since the file was written is simply compiled as before; and the whole file is
ignored unless it was written by the same version of the library (the compiled code is that
version's). ``tests/engine/test_regex_cache.py`` checks that every entry is what the library
compiles today. ``SAFEPOST_REGEX_CACHE=0`` in the environment turns it off.
"""

from __future__ import annotations

import marshal
import os
from importlib import resources

import regex
import regex._regex as _regex
import regex.regex as _library

CACHE_FILE = "regex_cache.bin"
FORMAT = 1


def _key(pattern: str, flags: int) -> tuple:
    """The library's own cache key for a str pattern without named lists or a locale
    (``regex.regex._compile``)."""
    return (pattern, str, flags, frozenset(), regex.DEFAULT_VERSION, None)


def snapshot() -> bytes:
    """The file's contents: every str pattern the library has compiled in this process (without
    named lists, not locale-sensitive) as the data `install` rebuilds it from."""
    entries = []
    for key, compiled in list(_library._cache.items()):
        pattern, kind, flags, named, version, locale = key
        if kind is not str or named or locale is not None or _library._locale_sensitive.get((str, pattern), True):
            continue
        entries.append((pattern, int(flags), int(version), compiled._pickled_data))
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    return marshal.dumps({"format": FORMAT, "regex": regex.__version__, "entries": entries})


def load() -> list[tuple[str, int, int, tuple]]:
    """The file's entries, or none when it is missing or was written by another library version."""
    ref = resources.files("safepost.engine").joinpath("data", CACHE_FILE)
    try:
        data = marshal.loads(ref.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return []
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("regex") != regex.__version__:
        return []
    return data["entries"]


def install() -> int:
    """Put the saved patterns into the library's cache; the number installed."""
    if os.environ.get("SAFEPOST_REGEX_CACHE", "1") == "0":
        return 0
    default = int(regex.DEFAULT_VERSION)
    n = 0
    for pattern, flags, version, data in load():
        key = _key(pattern, flags)
        if version != default or key in _library._cache:
            continue
        if len(_library._cache) >= _library._MAXCACHE - 1:
            break                       # leave the library room for the patterns it compiles itself
        _library._cache[key] = _regex.compile(*data)
        _library._named_args[(pattern, str, flags)] = frozenset()
        _library._locale_sensitive[(str, pattern)] = False
        n += 1
    return n


INSTALLED = install()
