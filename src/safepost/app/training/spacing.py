"""Practice scheduling, pure (no Django): spaced repetition and how a practice set is filled.

A scenario answered wrongly comes back after 1 day; answered right then, after 3 days; right
again, after 7; right once more (or right the first time), it is learned and leaves the queue
until a new flag of the person's matches its reason codes. A wrong answer at any point starts
the ladder again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

INTERVALS_DAYS = (1, 3, 7)
PRACTICE_SIZE = 5
DUE_FIRST = 3                  # due scenarios first, at most this many before the flagged ones
MARK_DAYS = 90                 # how long a flag keeps steering practice
# a post the engine allowed but a reviewer sent back: the engine missed something, and what it
# misses is mostly a description that identifies someone or a confirmed care relationship
REVIEWER_CATCH_CODES = ("indirect_identification", "confirms_patient_relationship")


@dataclass(frozen=True)
class Next:
    step: int
    due_at: datetime | None    # None: learned


def after_answer(step: int | None, correct: bool, now: datetime) -> Next:
    """The card after an answer; `step` None: the first time the person sees the scenario."""
    if not correct:
        return Next(0, now + timedelta(days=INTERVALS_DAYS[0]))
    if step is None:
        return Next(len(INTERVALS_DAYS), None)
    nxt = step + 1
    if nxt >= len(INTERVALS_DAYS):
        return Next(nxt, None)
    return Next(nxt, now + timedelta(days=INTERVALS_DAYS[nxt]))


def fill(due: Sequence[int], flagged: Sequence[int], fresh: Sequence[int], size: int = PRACTICE_SIZE) -> list[int]:
    """The practice set: some due scenarios, then those matching the person's flags, then the
    rest of the due ones, then new ones; each once, at most `size`."""
    out: list[int] = []
    for sid in [*due[:DUE_FIRST], *flagged, *due[DUE_FIRST:], *fresh]:
        if sid not in out:
            out.append(sid)
        if len(out) == size:
            break
    return out


def mark_codes(engine_codes: Sequence[str], source: str) -> list[str]:
    """What a mark remembers: the engine's codes; a reviewer's return of a text the engine
    allowed remembers what the engine tends to miss."""
    codes = list(dict.fromkeys(engine_codes))
    if not codes and source == "reviewer_returned":
        return list(REVIEWER_CATCH_CODES)
    return codes
