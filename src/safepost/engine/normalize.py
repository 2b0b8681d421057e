"""Text normalization before detection, with every offset mapped back to the original.

Identifiers written to slip past a filter are folded into the shape the detectors know:
compatibility forms (NFKC: full-width digits, ligatures), zero-width characters and soft hyphens
removed, keycap emoji digits, Cyrillic and Greek look-alike letters inside Latin words,
digits spelled out or spaced out ("six one four, five five five ..." → "614 555 ..."), and
e-mail addresses written with "at" and "dot". Plain text passes through untouched and at no cost.

``normalize(text)`` returns a ``Normalized``: the folded text and ``original(start, end)``, which
maps a span of the folded text back to the characters it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from safepost.engine import lexicons

INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064\ufe0f\ufe0e\u20e3")
# Cyrillic and Greek letters that look like Latin ones (Unicode confusables, the common subset)
HOMOGLYPHS = dict(zip(
    "аеорсухіјѕԁһӏАВЕКМНОРСТХУІЈЅαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlABEKMHOPCTXYIJSabeiknoptuxABEZHIKMNOPTYX"))
# small capitals and other Latin letter forms NFKC leaves alone
SMALL_CAPS = dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz"))
DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6",
    "siete": "7", "ocho": "8", "nueve": "9",
}
_WORDS = "|".join(sorted(DIGIT_WORDS, key=len, reverse=True))
_SEP = r"[ \t,.\-/]{1,4}(?:(?:dash|hyphen|gui[oó]n)[ \t,.\-/]{1,4})?"   # "7 one 8... five"
# a run of spelled digits and digit groups, at least four items long
SPELLED = regex.compile(rf"(?i)\b(?:(?:{_WORDS}|\d{{1,4}}){_SEP}){{3,}}(?:{_WORDS}|\d{{1,4}})\b")
# single digits spaced out: "6 1 4 5 5 5 0 1 4 2", "6.1.4.5.5.5"
SPACED = regex.compile(r"(?<![\d.])\d(?: ?[ .\-•·\p{So}] ?\d){6,}(?!\d)")   # "8 1 🌸 1 2 3 4": an emoji between groups too
_AT = r"(?:\s*[\(\[\{<]\s*(?:at|arroba)\s*[\)\]\}>]\s*|\s+(?:at|arroba)\s+|\s*@\s*)"   # "arroba", "punto": in Spanish
_DOT = r"(?:\s*[\(\[\{<]\s*(?:dot|punto)\s*[\)\]\}>]\s*|\s+(?:dot|punto)\s+|\.)"
SPOKEN_EMAIL = regex.compile(   # every part bounded: a long run of dots and digits must not go quadratic
    rf"(?i)\b[a-z0-9][a-z0-9_+\-]{{0,63}}(?:{_DOT}[a-z0-9_+\-]{{1,63}}){{0,4}}{_AT}[a-z0-9\-]{{1,63}}"
    rf"(?:{_DOT}[a-z0-9\-]{{1,63}}){{0,3}}{_DOT}"
    r"(?:com|org|net|edu|gov|io|co|us|mx|es|info|biz|me|health|care|uk|ca)\b")
# Whether the text has an "at" as SPOKEN_EMAIL writes one (`_AT`): "(at)", " at ", "@". The same
# answer as searching `_AT` itself, whose leading `\s*` made the search quadratic on a long run of
# spaces ("1 2 3" and 100 kB of spaces took minutes); anchored on the bracket, the word or the sign.
# a web address read out: "gofundme dot com slash f slash ray-stroke-recovery", "caringbridge (dot) org / visit / kaylee"
_URL_DOT = r"(?:\s{0,2}[\(\[]\s{0,2}dot\s{0,2}[\)\]]\s{0,2}|\s(?:dot|punto)\s|\.)"
_URL_SLASH = r"(?:\s(?:slash|barra)\s|\s{0,2}/\s{0,2})"
SPOKEN_URL = regex.compile(rf"(?i)(?<![\w.@])[a-z0-9-]{{2,40}}(?:{_URL_DOT}[a-z0-9-]{{2,40}}){{1,3}}"
                           rf"(?:{_URL_SLASH}[\w-]{{1,40}}(?:\s(?:dash|gui[oó]n)\s[\w]{{1,20}})*){{1,4}}")
AT_CUE = regex.compile(r"(?i)[\(\[\{<]\s*(?:at|arroba)\s*[\)\]\}>]|\s(?:at|arroba)\s|@")
# what every SPOKEN_EMAIL match ends with ("." or "dot", then the domain ending): a first look, as
# most texts with an "at" have no ".com" (for speed). Anchored on the dot, spaces taken possessively:
# linear on long runs of spaces.
DOT_TLD = regex.compile(r"(?i)(?:\.|(?:dot|punto)\s*+[\)\]\}>]?\s*+)(?:com|org|net|edu|gov|io|co|us|mx|es|info|biz|me|health|care|uk|ca)\b")
# an address or a handle with a space between its characters: "j u a n 7 7 @ example . com", "@ m a r g o t . a f t e r 6 0"
SPACED_AT = regex.compile(r"(?i)(?<![\w@])(?:[a-z0-9] ){2,40}[a-z0-9] ?@ ?[a-z0-9-]{1,40}(?: ?\. ?[a-z0-9-]{1,40}){1,3}\b"
                          r"|(?<![\w@])@ [a-z0-9](?:(?: | ?[._] ?)[a-z0-9]){2,40}\b")
# capitals and digits one by one, as plates and codes are read out: "8 X K R 4 1 7", "B K C 5 5 0 2"
MIXED_SPACED = regex.compile(r"(?<![\w])[A-Z0-9](?: [A-Z0-9]){4,16}(?![\w])")
# a date with spaces between its digits: "1 0 / 0 1 / 2 4"
SPACED_DATE = regex.compile(r"(?<![\d/])\d ?\d? ?/ ?\d ?\d? ?/ ?\d ?\d(?: ?\d ?\d)?(?![\d/])")
# a date written with bullets or spaced dots: "8 • 21", "11•02", "3 . 1 . 25"
DOTTED_DATE = regex.compile(r"(?<![\d.•·/] ?)(?:0?[1-9]|1[0-2]) ?[•·] ?\d{1,2}(?: ?[•·] ?\d{2,4})?(?! ?[\d•·/])"
                            r"|(?<![\d.])(?:0?[1-9]|1[0-2]) \. \d{1,2} \. \d{2,4}(?![\d.])")
# what a spaced date or a spaced address needs (a first look): a space beside a slash between digits, a
# space after an "@" before a letter, letters spaced out before one
_SPACED_CUE_PATTERN = r"\d /|/ \d|\d \d ?/|/ ?\d \d|@ [a-z0-9](?: |\.)|[a-z0-9] [a-z0-9] ?@"
_SPACED_CUE = regex.compile("(?i)" + _SPACED_CUE_PATTERN)
# digit groups joined by a spelled-out dash: "614 dash 555 dash 0142"
DASH_WORDS = regex.compile(r"(?i)\b\d{2,4}(?:[ \t]+(?:dash|hyphen|gui[oó]n)[ \t]+\d{2,4}){2,}\b")
DASH_WORD = regex.compile(r"(?i)[ \t]+(?:dash|hyphen|gui[oó]n)[ \t]+")
# a word spelled out letter by letter: "J o r d a n", "R.o.s.a.l.i.n.d.a", "G-r-e-g" (four letters or more)
LETTER_SEP = r"[ .·\-‐‑–_*~]"
LETTERED = regex.compile(rf"(?<![\p{{L}}\d.'’])\p{{L}}(?:({LETTER_SEP})\p{{L}})(?:\1\p{{L}}){{2,}}(?![\p{{L}}\d])")
# digits spelled as words glued to digits: "9four9 5five5 01seven3"
GLUED_DIGIT_WORD = regex.compile(rf"(?i)(?<=\d)(?:{'|'.join(w for w in sorted(DIGIT_WORDS, key=len, reverse=True) if len(w) > 1)})(?=\d|\b)"
                                 rf"|\b(?:{'|'.join(w for w in sorted(DIGIT_WORDS, key=len, reverse=True) if len(w) > 1)})(?=\d)")
# an exclamation mark for an i inside a word: "T!ffany"
BANG_I = regex.compile(r"(?<=\p{L})!(?=\p{Ll})")
# a number with letters standing in for digits: "3O5-555-Ol87"
DIGITISH = regex.compile(r"(?<![\p{L}\d])[\dOolI|](?:[\dOolI|]|[ .\-](?=[\dOolI|])){6,40}(?![\p{L}\d])")
# a word with digits or symbols standing in for letters: "Br00ks", "K@yl@", "Tr1sh", "w@rts"
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
HANDLE = regex.compile(r"(?<![\w@.])@[\w.]+")
LEETISH = regex.compile(r"(?<![\p{L}\d@$.:])(?=[\p{L}\d@$]*\p{L}[013457@$])[\p{L}0134578@$]*\p{L}[\p{L}0134578@$]*"
                        r"(?![\p{L}\d@$:]|\.\p{L})")

# A code read out after a word that says one follows ("member ID is W-X-Q, niner-niner-two, four-oh-six-one",
# "mi cel cincuenta y cinco, veinte treinta y uno", "serial DX-four four nine one", "credencial 8 8 3 ● 1 0 4"):
# letters, digits, digit groups and numbers in words, between commas, dashes, dots or bullets. Read only
# after a cue, as "one two three" or a capital letter alone means nothing elsewhere.
_UNITS_EN = "zero|oh|one|two|three|four|five|six|seven|eight|nine|niner"
_UNITS_ES = "cero|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
TEENS = {"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
         "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
         "diez": "10", "once": "11", "doce": "12", "trece": "13", "catorce": "14", "quince": "15",
         "dieciseis": "16", "dieciséis": "16", "diecisiete": "17", "dieciocho": "18", "diecinueve": "19",
         "veintiuno": "21", "veintiuna": "21", "veintidos": "22", "veintidós": "22", "veintitres": "23",
         "veintitrés": "23", "veinticuatro": "24", "veinticinco": "25", "veintiseis": "26", "veintiséis": "26",
         "veintisiete": "27", "veintiocho": "28", "veintinueve": "29"}
TENS = {"twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7", "eighty": "8",
        "ninety": "9", "veinte": "2", "treinta": "3", "cuarenta": "4", "cincuenta": "5", "sesenta": "6",
        "setenta": "7", "ochenta": "8", "noventa": "9"}
LETTER_NAMES = {"equis": "X", "eme": "M", "ene": "N", "erre": "R", "jota": "J", "hache": "H", "zeta": "Z", "uve": "V"}
MID_LETTER_NAMES = {"be": "B", "ce": "C", "de": "D", "pe": "P", "te": "T"}   # Spanish words too: only inside a code
_UNIT = rf"(?:{_UNITS_EN}|{_UNITS_ES})"
_TENS_WORD = "|".join(sorted(TENS, key=len, reverse=True))
_TEEN_WORD = "|".join(sorted(TEENS, key=len, reverse=True))
_CODE_TOKEN = (rf"(?:(?i:(?:double|doble|triple)[ \-]{_UNIT}|(?:{_TENS_WORD})(?:(?:[ \-]|\sy\s){_UNIT})?|{_TEEN_WORD}|{_UNIT}"
               rf"|{'|'.join(LETTER_NAMES)})|\d{{1,4}}|[A-Z])")
_CODE_PART = regex.compile(rf"(?<!\w)(?:[A-Z]{{2,3}}|{_CODE_TOKEN}|(?i:{'|'.join(MID_LETTER_NAMES)}))(?!\w)")
_CODE_SEP = r"(?:[ \t]*[,\-.•●·—–/:]{1,3}[ \t]*|[ \t]{1,3})"
CODE_RUN = regex.compile(rf"(?<![\w])(?:[A-Z]{{2,3}}|{_CODE_TOKEN})(?:{_CODE_SEP}(?:{_CODE_TOKEN}|(?i:{'|'.join(MID_LETTER_NAMES)})(?={_CODE_SEP}))){{2,15}}(?![\w])")
CODE_CUE = regex.compile(
    r"(?i)\b(?:id|ids|number|numbers|no|n[úu]mero|num|serial|serie|s/n|expediente|afiliad[oa]|afiliaci[óo]n|credencial|"
    r"p[óo]liza|mrn|chart|record|medicare|medicaid|mbi|social|ssn|seguro social|plates?|placas?|patente|matr[íi]cula|"
    r"registro(?: civil)?|c[ée]dula|dni|nie|curp|unit|unidad|device|dispositivo|member|miembro|policy|claim|reclamo|"
    r"case|caso|account|cuenta|folio|code|c[óo]digo|tag|cel|celular|m[óo]vil|tel[ée]fono|tel|phone|whatsapp|wsp|"
    r"landline|fijo|call(?: me)?(?: at)?|text(?: me)?(?: at)?|ring(?: \w+)? at|reach(?: \w+)? at|ll[áa]m\w*|marc\w*)\b|#")
# what a code read out has and ordinary text rarely does (first looks, for `needs_work`): two single
# capitals or digits side by side ("H A -", "8 8 3"), digits across dots or a bullet ("704.. 555"), a
# tens word before a unit ("cincuenta y cinco", "forty-two"); each alone is cheap, one alternation is not
CODE_HINTS = (regex.compile(rf"(?<!\w)[A-Z0-9]{_CODE_SEP}[A-Z0-9](?!\w)"),
              regex.compile(r"\d[ \t]*(?:\.\.+|[—–●•·])[ \t]*\d"),
              regex.compile(rf"(?:nta|einte|ty)(?: y | |-)(?i:{_UNIT})\b"))


def code_hint(text: str) -> bool:
    return any(p.search(text) for p in CODE_HINTS)


TRAILING_WORD = regex.compile(rf"{_CODE_SEP}[AI]$")
CODE_REACH = 40     # how far after its cue a code may start
_PLAIN_CODE = regex.compile(r"[A-Z0-9]{2,}(?:[-. ][A-Z0-9]{2,})*")


def _code_value(run: str) -> tuple[str, int]:
    """A code read out, compact ("W-X-Q, niner-niner-two" → "WXQ992"), and how many digits it has."""
    out: list[str] = []
    for m in _CODE_PART.finditer(run):
        tok = m.group()
        low = tok.lower()
        words = [w for w in regex.split(r"[ \-]+", low) if w and w != "y"]
        if tok.isdigit() or tok.isupper():
            out.append(tok)
        elif low in LETTER_NAMES or low in MID_LETTER_NAMES:
            out.append(LETTER_NAMES.get(low) or MID_LETTER_NAMES[low])
        elif low in TEENS:
            out.append(TEENS[low])
        elif words[0] in ("double", "doble", "triple"):
            out.append(_unit(words[-1]) * (3 if words[0] == "triple" else 2))
        elif words[0] in TENS:
            out.append(TENS[words[0]] + (_unit(words[1]) if len(words) > 1 else "0"))
        else:
            out.append(_unit(low))
    value = "".join(out)
    return value, sum(c.isdigit() for c in value)


def _unit(word: str) -> str:
    return "1" if word in ("una", "uno") else "9" if word == "niner" else DIGIT_WORDS.get(word, "")


def _cued_codes(text: str) -> list[tuple[int, int, str]]:
    """Codes read out after a cue, compacted; plain codes ("A-12 34") are left for the detectors."""
    regions: list[tuple[int, int, str]] = []
    if not (code_hint(text) or _WORD_DIGITS.search(text)):
        return regions
    for cue in CODE_CUE.finditer(text):
        m = CODE_RUN.search(text, cue.end(), min(len(text), cue.end() + CODE_REACH + 200))
        if m is None or m.start() - cue.end() > CODE_REACH or _PLAIN_CODE.fullmatch(m.group()):
            continue
        end = m.end()
        trailing = TRAILING_WORD.search(m.group())        # "six-six-oh-two, I was": the pronoun is not the code's
        if trailing:
            end = m.start() + trailing.start()
        value, digits = _code_value(text[m.start():end])
        if digits >= 4 and len(value) >= 4 and (not regions or regions[-1][0] != m.start()):
            regions.append((m.start(), end, value))
    return regions


NEEDS_WORK = regex.compile(rf"(?i)\b(?:{_WORDS})\b[ \t,.\-/]{{1,4}}(?:{_WORDS}|\d|dash|hyphen|gui)|\d[ .\-•·] ?\d[ .\-•·] ?\d|"
                           r"[\(\[\{<]\s*(?:at|dot|arroba|punto)\s*[\)\]\}>]|\s(?:at|dot|dash|hyphen|gui[oó]n|arroba|punto)\s|"
                           rf"(?<![\p{{L}}\d.])\p{{L}}({LETTER_SEP})\p{{L}}\1\p{{L}}\1\p{{L}}|\d[OolI|]|[OolI|]\d|"
                           r"\p{L}[0134@$]|[0134@$]\p{L}|\p{L}!\p{Ll}|" + _SPACED_CUE_PATTERN + "|"
                           + GLUED_DIGIT_WORD.pattern.removeprefix("(?i)")
                           + "".join(f"|(?-i:{p.pattern})" for p in CODE_HINTS))


# NEEDS_WORK as separate patterns, each behind a cheap test, the common hit first (" at "): the
# one alternation tried every alternative at every position, and most texts match none of them.
# `needs_work(text)` is exactly `bool(NEEDS_WORK.search(text))` (tests/engine/test_normalize.py).
_SPOKEN_WORD = regex.compile(r"(?i)\s(?:at|dot|dash|hyphen|gui[oó]n|arroba|punto)\s")
_BRACKETED_WORD = regex.compile(r"(?i)[\(\[\{<]\s*(?:at|dot|arroba|punto)\s*[\)\]\}>]")
_DIGIT = regex.compile(r"\d")
# three spaced digits, or a digit next to a letter that looks like one: "\d[OolI|]|[OolI|]\d"
_DIGIT_RUN = regex.compile(r"(?i)\d(?:[ .\-•·\p{So}] ?\d[ .\-•·\p{So}] ?\d|(?=[OolI|])|(?<=[OolI|]\d))")
# a letter next to a digit or symbol that stands for one: "\p{L}[0134@$]|[0134@$]\p{L}"
_LEET_PAIR = regex.compile(r"(?i)[0134@$](?:(?<=\p{L}[0134@$])|(?=\p{L}))")
_WORD_DIGITS = regex.compile(rf"(?i)\b(?:{_WORDS})\b[ \t,.\-/]{{1,4}}(?:{_WORDS}|\d|dash|hyphen|gui)")
# "J o r d a n": found from its first separator (spaces are rarer than letters: fewer places to try)
_LETTER_BY_LETTER = regex.compile(rf"(?i)(?<=(?<![\p{{L}}\d.])\p{{L}})({LETTER_SEP})\p{{L}}\1\p{{L}}\1\p{{L}}")


def needs_work(text: str) -> bool:
    """Whether anything in the text may need rewriting: ``NEEDS_WORK.search(text)``, faster."""
    if _SPOKEN_WORD.search(text) or (any(c in text for c in "([{<") and _BRACKETED_WORD.search(text)):
        return True
    if any(c in text for c in "0134@$") and _LEET_PAIR.search(text):
        return True
    if _DIGIT.search(text) and (_DIGIT_RUN.search(text) or GLUED_DIGIT_WORD.search(text)):
        return True
    if "!" in text and BANG_I.search(text):
        return True
    if ("/" in text or "@" in text) and _SPACED_CUE.search(text):
        return True
    return bool(_WORD_DIGITS.search(text) or _LETTER_BY_LETTER.search(text) or code_hint(text))


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    starts: tuple[int, ...] | None = None   # per folded character: where it starts in the original
    ends: tuple[int, ...] | None = None     # ... and where it ends

    @property
    def changed(self) -> bool:
        return self.starts is not None

    def original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or end <= start:
            return start, end
        return self.starts[start], self.ends[end - 1]


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, out: str, start: int, end: int) -> None:
        for ch in out:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)


_SUSPECT = regex.compile("[" + "".join(sorted(INVISIBLE | set(HOMOGLYPHS) | set(SMALL_CAPS))) + "]")


def _fold_chars(text: str) -> tuple[str, list[int], list[int]] | None:
    """NFKC, invisible characters, homoglyphs; None when nothing changes."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _SUSPECT.search(text)):
        return None
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch < "\x80":
            chars.append(ch)
            starts.append(i)
            ends.append(i + 1)
            continue
        if ch in INVISIBLE:
            continue
        out = HOMOGLYPHS.get(ch) if ch in HOMOGLYPHS and _latin_near(text, i) else SMALL_CAPS.get(ch)
        if out is None:
            out = unicodedata.normalize("NFKC", ch).replace("\u2212", "-")   # "⁻" folds to a minus sign
        for o in out:
            chars.append(o)
            starts.append(i)
            ends.append(i + 1)
    folded = "".join(chars)
    return None if folded == text else (folded, starts, ends)


def _latin_near(text: str, i: int) -> bool:
    """A look-alike letter counts as Latin only inside a word that has Latin letters."""
    a, z = i, i
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    while z < len(text) and text[z].isalpha():
        z += 1
    return any("a" <= c.lower() <= "z" for c in text[a:z])


def _digits_of(run: str) -> str:
    out = []
    for tok in regex.split(r"([ \t,.\-/]+)", run):
        if not tok:
            continue
        low = tok.lower()
        if low in DIGIT_WORDS:
            out.append(DIGIT_WORDS[low])
        elif tok.isdigit():
            out.append(tok)
        else:
            out.append(" ")
    return regex.sub(r"\s+", " ", "".join(out)).strip()


def _rewrite(text: str) -> list[tuple[int, int, str]]:
    """Regions to replace: (start, end, replacement)."""
    regions: list[tuple[int, int, str]] = []
    for m in SPELLED.finditer(text):
        run = m.group()
        if not any(w.lower() in DIGIT_WORDS for w in regex.findall(r"[A-Za-z]+", run)):
            continue
        digits = _digits_of(run)
        n_digits, n_words = sum(c.isdigit() for c in digits), len(regex.findall(r"[A-Za-z]+", run))
        if n_digits >= 7 and (n_words >= 2 or (n_words == 1 and n_digits in (10, 11))):   # a phone with one word in it
            regions.append((m.start(), m.end(), _local_number(_group_singles(digits))))
    digits = sum(map(str.isdigit, text))
    for m in (SPACED.finditer(text) if digits >= 7 else ()):     # seven digits in every match
        regions.append((m.start(), m.end(), regex.sub(r"[ .\-•·\p{So}]", "", m.group())))
    for m in DASH_WORDS.finditer(text):
        regions.append((m.start(), m.end(), DASH_WORD.sub("-", m.group())))
    regions += _lettered(text) + (_digitish(text) if digits >= 5 else []) + _leet(text)
    regions += [(m.start(), m.end(), DIGIT_WORDS[m.group().lower()])
                for m in (GLUED_DIGIT_WORD.finditer(text) if digits else ())]    # a digit beside every match
    regions += [(m.start(), m.end(), "i") for m in BANG_I.finditer(text)]
    regions += _spoken_emails(text) + _spoken_urls(text)
    regions += _cued_codes(text)
    if "@" in text:
        regions += [(m.start(), m.end(), regex.sub(r"\s", "", m.group())) for m in SPACED_AT.finditer(text)]
    if "/" in text:
        regions += [(m.start(), m.end(), regex.sub(r"\s", "", m.group())) for m in SPACED_DATE.finditer(text) if " " in m.group()]
    if _may_be_dotted_date(text):
        regions += [(m.start(), m.end(), regex.sub(r"\s*[•·.]\s*", "/", m.group())) for m in DOTTED_DATE.finditer(text)]
    regions += [(m.start(), m.end(), m.group().replace(" ", "")) for m in (MIXED_SPACED.finditer(text) if digits >= 2 else ())
                if sum(c.isdigit() for c in m.group()) >= 2 and any(c.isalpha() for c in m.group())]
    regions.sort(key=lambda r: (r[0], -r[1]))   # at one start, the longest region
    kept: list[tuple[int, int, str]] = []
    for r in regions:
        if not kept or r[0] >= kept[-1][1]:
            kept.append(r)
    return kept


def _may_be_dotted_date(text: str) -> bool:
    """What every DOTTED_DATE match holds, a bullet or a spaced dot: a first look (for speed)."""
    return "•" in text or "·" in text or " . " in text


def _spoken_emails(text: str) -> list[tuple[int, int, str]]:
    regions = []
    for m in (SPOKEN_EMAIL.finditer(text) if AT_CUE.search(text) and DOT_TLD.search(text) else ()):
        if "@" in m.group() and not regex.search(r"(?i)\s|\(|\[|\b(?:dot|punto)\b", m.group()):
            continue   # an ordinary e-mail address
        email = regex.sub(rf"(?i){_AT}", "@", m.group(), count=1)
        regions.append((m.start(), m.end(), regex.sub(rf"(?i){_DOT}", ".", email)))
    return regions


def _spoken_urls(text: str) -> list[tuple[int, int, str]]:
    """A web address with a word or a space for a dot or a slash, written as one."""
    regions = []
    for m in SPOKEN_URL.finditer(text):
        url = m.group()
        if not regex.search(r"(?i)\s|\(|\[", url):
            continue   # an ordinary address: the URL detector reads it as it is
        url = regex.sub(rf"(?i){_URL_DOT}", ".", url)
        url = regex.sub(rf"(?i){_URL_SLASH}", "/", url)
        regions.append((m.start(), m.end(), regex.sub(r"(?i)\s(?:dash|gui[oó]n)\s", "-", url)))
    return regions


def _lettered(text: str) -> list[tuple[int, int, str]]:
    """The letters joined; written all in capitals ("T-R-E-V-O-R"), as a name is written ("Trevor")."""
    out = []
    for m in LETTERED.finditer(text):
        word = regex.sub(LETTER_SEP, "", m.group())
        out.append((m.start(), m.end(), word.capitalize() if word.isupper() else word))
    return out


def _digitish(text: str) -> list[tuple[int, int, str]]:
    """Letters inside a number ("555.Ol87"), when at least seven characters are digits or look like
    them, at least five are digits, and digits outnumber the letters two to one."""
    out = []
    for m in DIGITISH.finditer(text):
        run = m.group()
        digits = sum(c.isdigit() for c in run)
        letters = sum(c in "OolI|" for c in run)
        if letters and digits + letters >= 7 and digits >= 5 and digits >= 2 * letters:
            out.append((m.start(), m.end(), run.translate(str.maketrans("OolI|", "00111"))))
    return out


def _leet(text: str) -> list[tuple[int, int, str]]:
    """Digits and symbols inside a word that is mostly letters, or that spells a first name:
    "Br00ks" → "Brooks", "R0g3l10" → "Rogelio". Short words
    (A1C, H1N1, B12) and words with a run of three digits (MBR88213907) are codes, left alone."""
    out = []
    if not any(c in text for c in "013457@$"):    # every match has one after a letter (LEETISH's lookahead)
        return out
    handles = [h.span() for h in HANDLE.finditer(text)] if "@" in text else []
    for m in LEETISH.finditer(text):
        word = m.group()
        if any(s <= m.start() < e for s, e in handles):
            continue   # "@s4m_the_m4n", "@mikeyb77": a handle is written as it is
        letters = sum(c.isalpha() for c in word)
        if len(word) < 4 or regex.search(r"\d{3}", word) or word.isupper():
            continue
        if regex.fullmatch(r"\d+(?:st|nd|rd|th|am|pm|yo|yr|yrs|hr|hrs|h|k|m|s|x|mg|ml|kg|lb|lbs|cm|mm|min)", word, regex.I):
            continue
        if GLUED_DIGIT_WORD.search(word):
            continue   # "5five5": digits spelled as words, for GLUED_DIGIT_WORD
        folded = "".join(LEET.get(c, c) for c in word)
        if letters < len(word) / 2 and not (letters >= 3 and folded.lower() in lexicons.first_names()):
            continue   # mostly digits: a code, unless it spells a first name ("R0g3l10")
        if folded != word:
            out.append((m.start(), m.end(), folded))
    return out


def _local_number(digits: str) -> str:
    """'555 0147' → '555-0147': seven digits read out as three and four are written as a local number."""
    return digits.replace(" ", "-") if regex.fullmatch(r"\d{3} \d{4}", digits) else digits


def _group_singles(digits: str) -> str:
    """'6 1 4 5 5 5 0 1 4 2' → '6145550142'; '614 5 5 5 0142' → '614 555 0142'."""
    out: list[str] = []
    singles = False
    for p in digits.split(" "):
        if len(p) == 1 and singles:
            out[-1] += p
        else:
            out.append(p)
            singles = len(p) == 1
    return " ".join(out)


def normalize(text: str) -> Normalized:
    folded = _fold_chars(text)
    base, starts, ends = (text, None, None) if folded is None else folded
    for _ in range(REWRITE_PASSES):   # a second pass reads what the first one joined ("8 one 8, 55five")
        regions = _rewrite(base) if needs_work(base) else []
        if not regions:
            break
        base, starts, ends = _apply(base, starts, ends, regions)
    return Normalized(base, None if starts is None else tuple(starts), None if ends is None else tuple(ends))


REWRITE_PASSES = 2


def _apply(base: str, starts: list[int] | None, ends: list[int] | None,
           regions: list[tuple[int, int, str]]) -> tuple[str, list[int], list[int]]:
    """The text with the regions replaced, and where each character comes from in the original."""
    starts = starts or list(range(len(base)))
    ends = ends or list(range(1, len(base) + 1))
    b = _Builder()
    pos = 0
    for s, e, out in regions:
        for i in range(pos, s):
            b.add(base[i], starts[i], ends[i])
        b.add(out, starts[s], ends[e - 1])
        pos = e
    for i in range(pos, len(base)):
        b.add(base[i], starts[i], ends[i])
    return "".join(b.chars), b.starts, b.ends
