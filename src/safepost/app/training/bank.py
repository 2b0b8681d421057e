"""The scenario bank's vocabulary and its builtin entries, pure (no Django).

A scenario is a realistic post, reply or comment with the decision a trained reviewer makes
(allow / needs authorization / block / private follow-up: the engine's verdicts), the reason
codes that decision rests on (the engine's own vocabulary, safepost.engine.verdict.EXPLAIN) and
an explanation. Builtin scenarios live in `scenarios/builtin.toml` (synthetic texts); a problem
names the entry and the field, so whoever edits the file knows what to fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from safepost.engine import DIRECTIONS, KINDS, Verdict
from safepost.engine.verdict import EXPLAIN

BUILTIN_FILE = Path(__file__).parent / "scenarios" / "builtin.toml"
DECISIONS: dict[str, str] = {
    Verdict.ALLOW.value.lower(): "Allow: publish or leave it",
    Verdict.NEEDS_AUTHORIZATION.value.lower(): "Needs the patient's authorization",
    Verdict.BLOCK.value.lower(): "Block: never publish it",
    Verdict.PRIVATE_FOLLOW_UP.value.lower(): "Follow up privately",
}
REASON_CODES: dict[str, str] = dict(EXPLAIN)      # code → plain explanation
LANGUAGES = ("en", "es")
SOURCES = {"builtin": "Builtin", "flagged_draft": "A flagged draft", "closed_incident": "A closed incident"}
STATES = {"draft": "Draft (waiting for review)", "approved": "Approved", "retired": "Retired"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_TEXT, MAX_EXPLANATION = 2000, 1000


class BankError(ValueError):
    """A scenario is malformed; the message names it and the field."""


@dataclass(frozen=True)
class BuiltinScenario:
    id: str
    language: str
    direction: str
    kind: str
    text: str
    decision: str
    reasons: tuple[str, ...]
    explanation: str
    engine_disagrees: str = ""


def decision_of(verdict: Verdict | str) -> str:
    """The engine's verdict as a scenario decision ("NEEDS_AUTHORIZATION" → "needs_authorization")."""
    value = verdict.value if isinstance(verdict, Verdict) else str(verdict)
    return value.lower()


def problems(*, direction: object, kind: object, decision: object, reasons: object, text: object,
             explanation: object) -> list[str]:
    """What is wrong with a scenario's fields, each as `field: what to fix` (empty: none)."""
    out = []
    if direction not in DIRECTIONS:
        out.append(f"direction: one of {', '.join(DIRECTIONS)}")
    if kind not in KINDS:
        out.append(f"kind: one of {', '.join(KINDS)}")
    if decision not in DECISIONS:
        out.append(f"decision: one of {', '.join(DECISIONS)}")
    if not isinstance(reasons, (list, tuple)) or any(r not in REASON_CODES for r in reasons):
        out.append("reasons: a list of the engine's reason codes (" + ", ".join(sorted(REASON_CODES)) + ")")
    elif decision == "allow" and reasons:
        out.append("reasons: an allowed text has no reasons")
    elif decision in DECISIONS and decision != "allow" and not reasons:
        out.append("reasons: a flagged decision needs at least one reason code")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        out.append(f"text: 1 to {MAX_TEXT} characters")
    if not isinstance(explanation, str) or not explanation.strip() or len(explanation) > MAX_EXPLANATION:
        out.append(f"explanation: 1 to {MAX_EXPLANATION} characters")
    return out


def _entry(raw: dict, where: str) -> BuiltinScenario:
    known = {"id", "language", "direction", "kind", "text", "decision", "reasons", "explanation", "engine_disagrees"}
    if extra := sorted(set(raw) - known):
        raise BankError(f"{where}: unknown field(s) {', '.join(extra)}")
    sid = raw.get("id")
    if not isinstance(sid, str) or not ID_RE.match(sid):
        raise BankError(f"{where}: id: lowercase words joined by dashes")
    if raw.get("language") not in LANGUAGES:
        raise BankError(f"{where} ({sid}): language: one of {', '.join(LANGUAGES)}")
    fields = {k: raw.get(k) for k in ("direction", "kind", "decision", "reasons", "text", "explanation")}
    if found := problems(**fields):
        raise BankError(f"{where} ({sid}): " + "; ".join(found))
    disagrees = raw.get("engine_disagrees", "")
    if not isinstance(disagrees, str):
        raise BankError(f"{where} ({sid}): engine_disagrees: a sentence saying how the engine differs")
    return BuiltinScenario(sid, raw["language"], fields["direction"], fields["kind"], fields["text"].strip(),
                           fields["decision"], tuple(fields["reasons"]), fields["explanation"].strip(), disagrees.strip())


def parse(data: dict, name: str = BUILTIN_FILE.name) -> tuple[BuiltinScenario, ...]:
    entries = data.get("scenario")
    if not isinstance(entries, list) or not entries:
        raise BankError(f"{name}: no [[scenario]] entries")
    out = tuple(_entry(raw, f"{name}: scenario {i + 1}") for i, raw in enumerate(entries))
    ids = [s.id for s in out]
    if dupes := sorted({i for i in ids if ids.count(i) > 1}):
        raise BankError(f"{name}: duplicate id(s) {', '.join(dupes)}")
    return out


@lru_cache(maxsize=1)
def builtins() -> tuple[BuiltinScenario, ...]:
    with BUILTIN_FILE.open("rb") as f:
        return parse(tomllib.load(f))


def draft_explanation(decision: str, reasons: tuple[str, ...] | list[str]) -> str:
    """The explanation a candidate starts with (the privacy officer rewrites it before approving)."""
    why = " ".join(REASON_CODES[r] for r in reasons if r in REASON_CODES)
    return f"{DECISIONS[decision]}. {why}".strip()
