"""Account numbers that carry their own check: IBANs (ISO 13616, mod 97) and payment cards
(Luhn), and long digit runs that no other detector explains."""

from __future__ import annotations

import regex

from safepost.engine.doc import Candidate, Doc

IBAN = regex.compile(r"(?<![\w-])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w-])")
CARD = regex.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
LONG_DIGITS = regex.compile(r"(?<![\w.,/-])\d{13,20}(?![\w.,/-])")


def iban_ok(raw: str) -> bool:
    s = raw.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def luhn_ok(raw: str) -> bool:
    digits = [int(c) for c in raw if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return len(digits) >= 13 and total % 10 == 0


def find(doc: Doc) -> list[Candidate]:
    if doc.digits < 12:
        return []
    text, out = doc.text, []
    for m in IBAN.finditer(text):
        if iban_ok(m.group()):
            out.append(Candidate(m.start(), m.end(), "ACCOUNT", 0.95, "IBAN (check digits valid)"))
    for m in CARD.finditer(text):
        if luhn_ok(m.group()):
            out.append(Candidate(m.start(), m.end(), "ACCOUNT", 0.9, "payment card number (Luhn check valid)"))
    for m in LONG_DIGITS.finditer(text):
        out.append(Candidate(m.start(), m.end(), "ACCOUNT", 0.6, "long account-like number"))
    return out
