"""Phone and fax numbers, e-mail addresses, web addresses, IP addresses and @handles."""

from __future__ import annotations

import ipaddress
from itertools import chain

import regex

from safepost.engine.doc import Candidate, Doc, Taken



# Phone-shaped runs; `phonenumbers` then says whether each is a possible number.
PHONE = regex.compile(
    r"(?<![\w.+/-])"
    r"(?:"
    r"(?:\+|00)\d{1,3}[\s.-]?(?:\(?\d{1,5}\)?[\s.-]?){1,6}\d{2,5}"       # international
    r"|(?:1[\s.-]?)?(?:\(\d{3}\)[\s-]?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}"   # North American
    r"|\(0?\d{2,5}\)[\s.-]?\d{2,5}(?:[\s.-]?\d{2,5}){0,2}"                # (area) local, trunk prefix
    r"|0\d{1,4}(?:[\s.-]\d{2,8}){1,4}"                                     # national with trunk 0
    r"|0\d{8,10}"                                                         # national, undivided
    r"|\d{3}[.-]\d{4}"                                                   # local 7 digits
    r")(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w-])"
)
DATE_SHAPED = regex.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")
SHORT_LINES = regex.compile(r"\b(?:call|text|dial|or)\s+(911|988|211|311)\b")
FAX_CUE = regex.compile(r"\b(?:fax(?:ed|ing)?|f)\b\W{0,3}(?:\w+\W+){0,4}$")
PHONE_CUE = regex.compile(r"\b(?:phone|ph|tel|telephone|call|cell|mobile|text|voice|main|office)\b[^\d]*$")
EMAIL = regex.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}\b")
TLDS = r"com|org|net|edu|gov|us|io|co|me|ly|health|care|info|biz|app|site|blog|tv|page"
URL = regex.compile(
    r"(?<![\w@.-])(?:https?://[^\s<>\"')]{1,300}"
    rf"|(?:www\.)?(?:[a-z0-9-]{{1,63}}\.){{1,4}}(?:{TLDS})\b(?:/[^\s<>\"')]{{0,300}})?"
    # any domain with a path after it: "linktr.ee/babydreams", "give.kidshosp.example/mikey-b"
    r"|(?:[a-z0-9-]{1,63}\.){1,4}[a-z]{2,24}/[\w~%-][^\s<>\"')]{0,300})",
    regex.IGNORECASE,
)
IPV4 = regex.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]\d)")
IPV6 = regex.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", regex.IGNORECASE)
KNOWN_URL = regex.compile(rf"(?i)https?://|www\.|(?:[a-z0-9-]{{1,63}}\.){{1,4}}(?:{TLDS})\b")
URL_HINT = regex.compile(rf"https?:|www\.|\.(?:{TLDS})\b|\.[a-z]{{2,24}}/[\w~%-]")
# Numbers of other countries written without a trunk 0 or +code ("cel 55 1234 5678", "móvil
# 612 345 678"): only after a word that says a phone number follows; phonenumbers checks them.
CUED_PHONE = regex.compile(
    r"(?i)\b(?:cel(?:ular)?|tel(?:[ée]fono)?|m[óo]vil|whats(?:app)?|wsp|phone|cell|n[úu]mero|num|number(?:['’]s)?|ll[aá]m\w*|"
    r"marc\w*|contest\w*|escrib\w*|text|call)\b\W{0,4}(?:(?:al|a|es|me|mi|the|is)\s+){0,2}(\d{2,4}(?:[\s./-]?\d{2,4}){2,4})(?![\w-])")
# a date written with numbers, as a phone written with slashes is not: "3/14/2025", "2025-03-14" (not "555/01/82")
DATE_LIKE = regex.compile(r"(?:\d{1,2}|\d{4})([./-])\d{1,2}\1\d{1,4}")
CUED_REGIONS = ("MX", "ES", "CO", "AR", "PE", "CL", "GB", "US")
HANDLE = regex.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?")


def _phone_label(doc: Doc, start: int) -> str:
    before = doc.before(start, 30)
    if not FAX_CUE.search(before):
        return "PHONE"
    last_fax = before.rfind("fax") if "fax" in before else before.rfind("f")
    return "PHONE" if PHONE_CUE.search(before[last_fax:]) else "FAX"


def _possible_international(raw: str) -> bool:
    """A number written with its country code ("+44 ...", "0044 ...") that can exist."""
    import phonenumbers   # imported when first needed: its metadata costs ~20 ms at start-up
    try:
        num = phonenumbers.parse("+" + raw[2:] if raw.startswith("00") else raw, "US")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(num)


def _possible_abroad(raw: str) -> bool:
    import phonenumbers   # imported when first needed: its metadata costs ~20 ms at start-up
    for region in CUED_REGIONS:
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(raw, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _emails(doc: Doc, taken: Taken) -> list[Candidate]:
    out = []
    for m in EMAIL.finditer(doc.text):
        owner = "org" if doc.policy.owns_domain(m.group().split("@", 1)[1]) else ""
        out.append(Candidate(m.start(), m.end(), "EMAIL", 0.95, "e-mail address", owner))
        taken.claim(*m.span())
    return out


def _handles(doc: Doc, taken: Taken) -> list[Candidate]:
    """@handles outside the e-mail addresses found (they claim nothing: a URL may hold one)."""
    out = []
    for m in HANDLE.finditer(doc.text):
        if taken.overlaps(m.start(), m.start() + 1):
            continue
        handle = m.group().rstrip(".")
        owner = "org" if doc.policy.owns_handle(handle) else ""
        out.append(Candidate(m.start(), m.start() + len(handle), "USERNAME", 0.8, "@handle", owner))
    return out


def _urls(doc: Doc, taken: Taken) -> list[Candidate]:
    out = []
    for m in (URL.finditer(doc.text) if URL_HINT.search(doc.low) else ()):
        if taken.overlaps(m.start(), m.start() + 1):
            continue
        url = m.group().rstrip(".,;:!?")
        host = url.split("/")[0]
        if not (KNOWN_URL.match(url) or host.islower()):
            continue   # "I feel better.Thanks/love you": a domain with no known ending is written in lowercase
        owner = "org" if doc.policy.owns_domain(url) else ""
        out.append(Candidate(m.start(), m.start() + len(url), "URL", 0.9, "web address", owner))
        taken.claim(m.start(), m.start() + len(url))
    return out


def _ip_addresses(text: str, taken: Taken, shape: regex.Pattern, parse: type, why: str) -> list[Candidate]:
    """Addresses of one IP version: the shape found, then `ipaddress` says whether it is one."""
    out = []
    for m in shape.finditer(text):
        try:
            parse(m.group())
        except ValueError:
            continue
        out.append(Candidate(m.start(), m.end(), "IP", 0.9, why))
        taken.claim(*m.span())
    return out


def _phones(doc: Doc, taken: Taken) -> list[Candidate]:
    out = []
    for m in PHONE.finditer(doc.text):
        if taken.overlaps(m.start(), m.end()):
            continue
        raw = m.group()
        digits = sum(c.isdigit() for c in raw)
        if not 7 <= digits <= 17 or DATE_SHAPED.fullmatch(raw):
            continue
        if raw.startswith(("+", "00")) and not _possible_international(raw):
            continue  # international: ask phonenumbers; the other shapes are possible by construction
        owner = "org" if doc.policy.owns_phone(raw) else ""
        out.append(Candidate(m.start(), m.end(), _phone_label(doc, m.start()), 0.9,
                             "telephone number", owner))
    return out


# a Mexican number as Mexicans write it, two-four-four ("55 5123 4567", "33-5550-1938"): its shape
# is no U.S. one, so `phonenumbers` checks it as Mexican
MEXICAN = regex.compile(r"(?<![\w.+/-])\d{2}([ .-])\d{4}\1\d{4}(?![\w-])")


def _mexican_phones(text: str, taken: Taken, earlier: list[Candidate]) -> list[Candidate]:
    import phonenumbers   # imported when first needed: its metadata costs ~20 ms at start-up
    out = []
    for m in MEXICAN.finditer(text):
        if taken.overlaps(*m.span()) or any(c.start < m.end() and m.start() < c.end for c in earlier):
            continue
        if phonenumbers.is_valid_number(phonenumbers.parse(m.group(), "MX")):
            out.append(Candidate(m.start(), m.end(), "PHONE", 0.8, "telephone number"))
    return out


def _cued_phones(text: str, taken: Taken, earlier: list[Candidate]) -> list[Candidate]:
    """Numbers of other countries after a cue word, where nothing found so far lies."""
    out: list[Candidate] = []
    for m in CUED_PHONE.finditer(text):
        s, e = m.span(1)
        if taken.overlaps(s, e) or any(c.start < e and s < c.end for c in chain(earlier, out)):
            continue
        digits = sum(c.isdigit() for c in m.group(1))
        if not 7 <= digits <= 12 or DATE_LIKE.fullmatch(m.group(1)):
            continue
        if digits == 7 or _possible_abroad(m.group(1)):   # seven digits: a local number ("555 01 64")
            out.append(Candidate(s, e, "PHONE", 0.75, "telephone number after a cue"))
    return out


def _service_lines(doc: Doc) -> list[Candidate]:
    return [Candidate(m.start(1), m.end(1), "PHONE", 0.6, "national service line", "public")
            for m in SHORT_LINES.finditer(doc.low)]


def find(doc: Doc) -> list[Candidate]:
    """Each kind in turn; a kind looked for only when the text has the character it needs.
    E-mails, URLs and IP addresses claim their span: nothing later is found inside them."""
    text, out = doc.text, []
    taken = Taken()
    if "@" in text:
        out += _emails(doc, taken)
        out += _handles(doc, taken)
    if "." in text:
        out += _urls(doc, taken)
        out += _ip_addresses(text, taken, IPV4, ipaddress.IPv4Address, "IPv4 address")
    if "::" in text or text.count(":") >= 3:
        out += _ip_addresses(text, taken, IPV6, ipaddress.IPv6Address, "IPv6 address")
    if doc.digits >= 7:
        out += _phones(doc, taken)
        out += _cued_phones(text, taken, out)
        out += _mexican_phones(text, taken, out)
    out += _service_lines(doc)
    return out
