"""The rules every release of an engine BLOCK follows, whatever is released (a post, an inbox
reply). Pure: no Django import; the callers bring the facts and keep their own state checks.

    uncurable_names(labels)   plain names of the identifiers no consent or override releases
    reason_has_phi(reason)    the engine finds a person's identifiers in an override reason
    release_refusal(facts)    why this officer may not release it now (code + message), or None
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from safepost.engine import scan
from safepost.engine.labels import LABELS, PLAIN, UNCURABLE

CONFIRM_WORD = "RELEASE"     # typed by the officer: a release is never one careless click
MIN_REASON_CHARS = 20        # a written reason, not "ok"
UNCURABLE_CODE = "uncurable_identifier"


@dataclass(frozen=True)
class ReleaseFacts:
    noun: str                              # "post", "reply": what the messages call it
    officer_id: int
    reason: str
    author_id: int | None = None
    editor_ids: frozenset[int] = frozenset()   # everyone who wrote words of the text
    uncurable: tuple[str, ...] = ()        # plain names of identifiers no consent or override releases
    reason_has_phi: bool = False           # the engine found patient details in the reason
    confirmed: bool = True                 # the officer typed the confirmation word
    requested_by: int | None = None        # the first officer, when a second one must confirm


@dataclass(frozen=True)
class Refusal:
    code: str          # uncurable_identifier, own_words, two_person, reason, confirm
    message: str


def uncurable_names(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(PLAIN[label] for label in labels if label in UNCURABLE))


# In a reason these identify a person whoever it is (a staff member's name is not needed either:
# the record already shows who decided); dates, places and links count only when the engine
# ties them to a patient.
PERSONAL = frozenset(LABELS) - {"DATE", "AGE", "LOCATION", "URL"}


def reason_has_phi(reason: str) -> bool:
    """Whether an override reason carries a person's identifiers. A reason is not a post: it is
    judged on what it identifies, not on whether it talks about care, so a name or a phone
    number is refused even where the engine would not call it a patient's."""
    report = scan(reason, direction="outbound", kind="post", today=date.today())
    return any(f.is_phi or f.label in PERSONAL for f in report.findings)


def release_refusal(f: ReleaseFacts) -> Refusal | None:
    n = f.noun
    if f.uncurable:
        return Refusal(UNCURABLE_CODE, f"No override can release a {n} that shows {' or '.join(f.uncurable)}: "
                       "neither consent nor an override makes these identifiers safe to publish. "
                       "Remove them from the text.")
    if f.author_id is not None and f.officer_id == f.author_id:
        return Refusal("own_words", f"A privacy officer cannot override their own {n}.")
    if f.officer_id in f.editor_ids:
        return Refusal("own_words", f"You edited this {n}'s text, so overriding its block would release your own "
                       "words; another privacy officer must decide.")
    if f.requested_by == f.officer_id:
        return Refusal("two_person", "You asked for this override; a second privacy officer must confirm it "
                       "(two-person rule).")
    if len(f.reason.strip()) < MIN_REASON_CHARS:
        return Refusal("reason", f"An override needs a written reason of at least {MIN_REASON_CHARS} characters.")
    if f.reason_has_phi:
        return Refusal("reason", "The reason names a person or carries their details; describe the decision "
                       "without them (it is kept in the record, which already shows who decided).")
    if not f.confirmed:
        return Refusal("confirm", f"Type {CONFIRM_WORD} to confirm that you release this blocked {n}.")
    return None
