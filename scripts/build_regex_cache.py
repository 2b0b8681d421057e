#!/usr/bin/env python3
"""Regenerate ``src/safepost/engine/data/regex_cache.bin``: the engine's compiled patterns, saved
so that a process does not compile them again at start-up (see ``safepost.engine.regex_cache``).

Run it after changing a pattern or upgrading the ``regex`` library (a stale file is never wrong,
only slower: a changed pattern is compiled as before, and a file written by another version of
the library is ignored)::

    python scripts/build_regex_cache.py

It imports the engine in a fresh process with the cache turned off, loads what the engine loads
lazily, scans a sample of the corpus (some patterns are compiled on first use), and writes every
pattern the library compiled, sorted. Not byte-for-byte reproducible: the library's compiled code
for a character set or a first-character check follows the order of a Python set, so it differs
(equivalently) from one process to the next, with or without this file.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "safepost" / "engine" / "data" / "regex_cache.bin"

CHILD = r"""
import glob, json, sys
sys.path.insert(0, sys.argv[1])
import safepost.cli
from safepost.batch import _load_engine
from safepost.engine import scan, regex_cache
assert regex_cache.INSTALLED == 0
_load_engine()
for path in sorted(glob.glob(sys.argv[2] + "/*.jsonl")):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 5 == 0 and line.strip():
                o = json.loads(line)
                d = o.get("direction") or "outbound"
                scan(o["text"], direction=d, kind=o.get("kind") or ("comment" if d == "inbound" else "post"))
sys.stdout.buffer.write(regex_cache.snapshot())
"""


def main() -> int:
    env = {**os.environ, "SAFEPOST_REGEX_CACHE": "0"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "src"), str(ROOT / "corpus" / "batches")],
                         capture_output=True, env=env, check=True)
    OUT.write_bytes(out.stdout)
    import marshal
    print(f"{OUT.relative_to(ROOT)}: {len(marshal.loads(out.stdout)['entries'])} patterns, {len(out.stdout):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
