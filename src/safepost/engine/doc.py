"""The text being scanned, prepared once and shared by every detector."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import regex

from safepost.engine.policy import Policy


class cached_property:
    """``functools.cached_property`` without the lock Python 3.11's takes on every first read
    (Python 3.12 dropped it): a Doc, its Signals and its context belong to one scan, never shared
    between threads, and each scan reads some twenty of these once (for speed)."""

    def __init__(self, func) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)   # later reads find it there
        return value


# The only characters a case-insensitive pattern matches to an ASCII letter although their
# lowercase (in Doc.low) is not that letter: "İ" (an i, kept as it is in Doc.low because its
# lowercase is two characters) and "ſ" (a long s, already lowercase). See Doc.may_match.
CASE_TRAPS = ("İ", "ſ")

# A word: letters (any script), digits, inner apostrophes and hyphens ("O'Neil", "Mary-Kate").
WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\d]*(?:['’\-][\p{L}\p{M}\d]+)*")


class Token(NamedTuple):
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


TENTATIVE = "tentative"


class Candidate(NamedTuple):
    """An identifier a detector found, before the context decides whose it is.

    ``owner`` is the detector's own evidence of whose identifier this is, when the
    identifier itself says so ("Dr. Lee" is staff, "911" is public): ``staff``, ``org``,
    ``public``, ``patient`` or ``""`` (unknown; the context decides). ``kind`` says what was found
    when the label alone does not: ``room`` for a room, bed, bay or cabin (a name beside one is
    likely an inpatient's); ``street`` for a street name or address; ``code`` for a code known by its
    shape alone, with no cue word; ``TENTATIVE`` for a weak guess that is an identifier only if the
    learned verdict marks it a patient's (otherwise it is left out of the report).
    """

    start: int
    end: int
    label: str
    score: float
    why: str
    owner: str = ""
    kind: str = ""


@dataclass
class Doc:
    text: str
    direction: str
    kind: str
    policy: Policy
    today: date | None = None   # the reference date (ages from birth years); the engine never reads a clock
    low: str = field(init=False)

    def __post_init__(self) -> None:
        low = self.text.lower()
        if len(low) != len(self.text):  # "İ" lowers to two characters: keep offsets aligned
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in self.text)
        self.low = low

    @cached_property
    def tokens(self) -> list[Token]:
        return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(self.text)]

    @cached_property
    def words(self) -> frozenset[str]:
        """The lowercased words of the text."""
        low = self.low
        return frozenset(low[t.start:t.end] for t in self.tokens)

    @cached_property
    def capitalised(self) -> list[tuple[int, Token]]:
        """(index, token) of the tokens that start with a capital letter."""
        return [(i, t) for i, t in enumerate(self.tokens) if t.text[:1].isupper()]

    @cached_property
    def mostly_upper(self) -> bool:
        """ALL-CAPS text, where capitalisation says nothing about names."""
        letters = sum(map(str.isalpha, self.text))
        return letters >= 12 and sum(map(str.isupper, self.text)) / letters > 0.7

    @cached_property
    def digits(self) -> int:
        return sum(map(str.isdigit, self.text))

    def may_match(self, keys: tuple[str, ...]) -> bool:
        """False only when a pattern each of whose matches contains one of ``keys`` (lowercase ASCII
        letters and spaces, as written in the pattern) cannot match, in any case: a cheap first look
        before an expensive pattern that rarely matches (for speed)."""
        low = self.low
        return any(k in low for k in keys) or any(c in self.text for c in CASE_TRAPS)

    def before(self, pos: int, width: int = 40) -> str:
        return self.low[max(0, pos - width):pos]

    def after(self, pos: int, width: int = 40) -> str:
        return self.low[pos:pos + width]


class Taken:
    """Non-overlapping spans already claimed, with O(log n) overlap checks (a comment of
    100 kB can hold thousands of candidates; a linear scan per candidate is quadratic)."""

    __slots__ = ("_starts", "_ends")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # spans starting before `end`
        return i > 0 and self._ends[i - 1] > start

    def claim(self, start: int, end: int) -> bool:
        """Claim a span; False (and nothing claimed) when it overlaps one already taken."""
        i = bisect.bisect_left(self._starts, end)
        if i > 0 and self._ends[i - 1] > start:
            return False
        j = bisect.bisect_left(self._starts, start)
        self._starts.insert(j, start)
        self._ends.insert(j, end)
        return True



class Found:
    """A detector's candidates so far, none overlapping: the first to claim a span keeps it."""

    __slots__ = ("out", "taken")

    def __init__(self) -> None:
        self.out: list[Candidate] = []
        self.taken = Taken()

    def add(self, start: int, end: int, label: str, score: float, why: str, owner: str = "", kind: str = "") -> None:
        if self.taken.claim(start, end):
            self.out.append(Candidate(start, end, label, score, why, owner, kind))

class SpanIndex:
    """Answers "does any of these spans overlap [a, b)?" in O(log n); the spans may overlap."""

    __slots__ = ("starts", "spans", "_maxend")

    def __init__(self, spans: list[tuple[int, ...]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s[0] for s in self.spans]
        self._maxend: list[int] = []
        m = -1
        for s in self.spans:
            m = max(m, s[1])
            self._maxend.append(m)

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b)
        return i > 0 and self._maxend[i - 1] > a

    def starting_in(self, a: int, b: int) -> list[tuple[int, ...]]:
        return self.spans[bisect.bisect_left(self.starts, a):bisect.bisect_left(self.starts, b)]

    def __bool__(self) -> bool:
        return bool(self.spans)


class Uncompiled(NamedTuple):
    """A pattern's source and flags, for a pattern only ever used transformed (`ending_here`,
    `signals._on_lowercase`): compiling it as written too would be wasted start-up time."""

    pattern: str
    flags: int = 0


def uncompiled(pattern: str, flags: int = 0) -> Uncompiled:
    """``regex.compile``'s arguments, kept to be compiled once transformed (for start-up speed)."""
    return Uncompiled(pattern, flags)


def ending_here(rx: regex.Pattern | Uncompiled) -> regex.Pattern:
    """The same pattern, searched from the end of the text backwards. For cues anchored at the
    end ("congrats to ___", "my son ___") this is several times faster than a forward search,
    which tries every position of the window. Only for yes/no questions: spans may differ."""
    return regex.compile(rx.pattern, rx.flags | regex.REVERSE)
