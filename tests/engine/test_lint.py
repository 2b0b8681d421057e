"""The engine's functions stay small enough to read: McCabe complexity ≤ 15 (ruff C901).

DEBT lists functions that predate the rule; it is empty now and may only stay so (a test fails when a
listed one is fixed and still listed, and when anything new exceeds the limit)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEBT: set[tuple[str, str]] = set()


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert exe, "ruff is installed by `pip install -e .[dev]`"
    return [exe]


def test_engine_complexity():
    engine = ROOT / "src" / "safepost" / "engine"
    out = subprocess.run(_ruff() + ["check", "--select", "C901", "--config", "lint.mccabe.max-complexity=15",
                                    "--output-format", "json", "--exit-zero", str(engine)],
                         capture_output=True, text=True, check=True).stdout
    found = {(str(Path(d["filename"]).relative_to(engine)), d["message"].split("`")[1]) for d in json.loads(out)}
    assert found - DEBT == set(), f"new functions over complexity 15: {sorted(found - DEBT)}"
    assert DEBT - found == set(), f"fixed, remove from DEBT: {sorted(DEBT - found)}"
