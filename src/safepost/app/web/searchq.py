"""Reading a search box (pure): ids, dates, states/statuses, verdicts and words. What is
encrypted at rest (EncryptedTextField: AES-GCM with a random nonce) cannot be matched by the
database and is not decrypted wholesale to search; `encrypted_fields` lists it for the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_QUERY = 200
MAX_TERMS = 8
_ID = re.compile(r"^(?:#|[cC]-)?(\d{1,12})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
VERDICT_WORDS = {"allow": "ALLOW", "allowed": "ALLOW", "block": "BLOCK", "blocked": "BLOCK",
                 "needs_authorization": "NEEDS_AUTHORIZATION", "authorization": "NEEDS_AUTHORIZATION",
                 "private_follow_up": "PRIVATE_FOLLOW_UP", "follow-up": "PRIVATE_FOLLOW_UP"}
# What each encrypted column holds, in the words of the results page.
PLAIN_NAMES = {"text": "the text", "override_reason": "override reasons", "review_note": "review notes",
               "body": "the message", "remote": "the author and link",
               "patient_name": "the patient's name", "patient_identifiers": "the patient's identifiers",
               "other_names": "other names", "information": "the information described",
               "representative_name": "the representative's name"}


@dataclass(frozen=True)
class Query:
    ids: tuple[int, ...] = ()
    dates: tuple[date, ...] = ()
    words: tuple[str, ...] = ()           # lower-case: states, verdicts, channels, sources, words
    refused: str = ""

    @property
    def empty(self) -> bool:
        return not (self.ids or self.dates or self.words)


def _date(term: str) -> date | None:
    m = _DATE.match(term)
    if not m:
        return None
    try:
        d = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return d if 1900 <= d.year <= 2200 else None


def parse(q: str) -> Query:
    """Terms separated by spaces; `"in review"`-style states are written in_review."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY:
        return Query(refused=f"A search may have at most {MAX_QUERY} characters.")
    if any(ord(c) < 32 for c in q):
        return Query(refused="A search cannot contain control characters; type it again.")
    terms = q.split()
    if len(terms) > MAX_TERMS:
        return Query(refused=f"A search may have at most {MAX_TERMS} words.")
    ids, dates, words = [], [], []
    for term in terms:
        if m := _ID.match(term):
            ids.append(int(m[1]))
        elif (d := _date(term)) is not None:
            dates.append(d)
        else:
            words.append(term.lower())
    return Query(tuple(ids), tuple(dates), tuple(words))


def verdict_of(word: str) -> str | None:
    return VERDICT_WORDS.get(word) or VERDICT_WORDS.get(word.replace("-", "_"))


def state_word(word: str) -> str:
    """'in-review' and 'in_review' name the same state."""
    return word.replace("-", "_")


def encrypted_fields(model) -> list[str]:
    """The plain names of `model`'s encrypted columns (found by type, so a new one is listed)."""
    from safepost.app.lib.fields import EncryptedTextField

    return [PLAIN_NAMES.get(f.name, f.name.replace("_", " ")) for f in model._meta.get_fields()
            if isinstance(f, EncryptedTextField)]
