"""Names of people: full, first-only, lowercase, ALL CAPS, in #hashtags and possessives,
nicknames, initials, titles ("Dr. Lee", "Sra. Gutiérrez"), and a patient's employer.

Evidence, strongest first: a title or credential; a known first name followed by a surname
or an initial; a known first name alone; an unknown capitalised word where the sentence
frames a person ("Hi ___,", "congrats to ___", "___'s surgery"). Names that are ordinary
words (Will, Hope, Mark, April) count only when the context says so. Recall first: a missed
patient name is a violation; a staff name found and marked not-PHI costs nothing.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import regex

from safepost.engine import lexicons
from safepost.engine.cues import BUSINESS_WORDS, POSSESSIVES, POSSESSORS, RELATIVES
from safepost.engine.doc import ending_here, uncompiled, Candidate, Doc, Found, Taken, Token

NAME_CHARS = regex.compile(r"\p{L}+(?:['’-]\p{L}+)*")
SURNAME_PREFIX = regex.compile(r"(?:Mc|Mac|O'|D'|De|Di|La|Le)\p{Lu}")

STAFF_TITLES = {"dr", "dra", "doctor", "doc", "nurse", "np", "pa", "therapist", "hygienist", "pharmacist",
                "prof", "professor", "injector", "midwife", "dentist", "surgeon", "provider", "counselor",
                "technician", "tech"}
PUBLIC_TITLES = {"mayor", "governor", "gov", "senator", "sen", "president", "rep", "representative",
                 "councilman", "councilwoman", "councilmember", "commissioner", "judge", "sheriff",
                 "superintendent", "congressman", "congresswoman", "secretary"}
PERSON_TITLES = {"mr", "mrs", "ms", "miss", "mx", "sr", "sra", "srta", "don", "doña", "dona", "señor", "señora",
                 "mister", "officer", "sgt", "sergeant", "capt", "captain", "lt", "deputy", "firefighter",
                 "aunt", "auntie", "uncle", "grandma", "grandpa", "abuela", "abuelo", "abuelita", "abuelito",
                 "baby", "little", "big", "lil", "ms.", "coach", "tío", "tía", "tio", "tia", "mama", "papa",
                 "anh", "chị", "chi", "em", "ông", "bà", "cô", "chú", "tita", "tito", "lola", "lolo", "ate", "kuya",
                 "pastor", "chief", "chaplain", "father", "sister", "brother", "rev", "reverend", "rabbi", "imam", "deacon",
                 "friend", "buddy", "pal", "miss", "señorita", "sir", "madam"}
CREDENTIAL = regex.compile(
    r"^,?\s*(?:MD|M\.D\.|DO|RN|BSN|MSN|NP|FNP|FNP-C|APRN|PA|PA-C|DDS|DMD|DPT|PT|OT|OTR|SLP|CCC-SLP|LCSW|LPC|LMFT|"
    r"PharmD|RPh|CNA|LPN|CRNA|PhD|PsyD|RDH|DNP|DC|OD|CNM|RD|LD|ATC|MPH|FACS|FAAP|CMA|EMT|MA)\b")
GREETING = uncompiled(
    r"(?:^|[\s(\"'“¡])(?:hi|hey|hello|hiya|dear|thanks|thank you|thx|ty|congrats|congratulations|welcome|bye|"
    r"(?:happy )?(?:birthday|bday)(?: to)?|shout-?out to|prayers for|praying for|get well(?: soon)?|rip|"
    r"meet|named|called|love you|hola|gracias|felicidades|querid[oa]|"
    r"congrats to|congratulations to|cheers to|kudos to|thank you to|thanks to|way to go)\s*,?\s*$",
    regex.IGNORECASE)
AFTER_NAME = regex.compile(r"^(?:['’]s\b|,\s*(?:9\d|1[01]\d|\d{1,2})\b|\s+(?:who|is|was|has|had|just|finally|went|came|got|and her|and his|turned|celebrat))",
                           regex.IGNORECASE)
RELATIVE = uncompiled(rf"\b(?:{POSSESSORS}|moja|mój|meu|minha|mwen)\s+(?:\w+\s+)?(?:{RELATIVES}|friend|neighbou?r|co-?worker|boss|"
                         rf"roommate|classmate|teammate)\s*,?\s*$|\b(?:{RELATIVES})\s+mwen\s+$", regex.IGNORECASE)
VOCATIVE = regex.compile(r"^\s*[!?]|^[.,]?\s*$|^[.!?,]\s*(?:\p{So}|$)")
LABEL_NAME = regex.compile(r"\b(\p{Lu}{3,}),\s?\p{Lu}\b(?![\p{L}.])")
FAMILY = regex.compile(r"\b[Tt]he\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(\s+(?:family|household|kids?|twins|triplets|boys?|girls?|"
                       r"babies|children|crew|clan|sisters|brothers))?\b"
                       r"|\b(?:[Ll]a\s+)?familia\s+(?:de\s+)?(\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+)?)"
                       r"|\b[Ll]os\s+(\p{Lu}\p{Ll}+)\b")
EMPLOYER = regex.compile(rf"\b(\p{{Lu}}\p{{Ll}}+)\s+(?:{BUSINESS_WORDS})\b")
HAN_NAME = regex.compile(r"(?<![\p{Han}])\p{Han}{2,4}(?![\p{Han}])(?=\s*[(（])")
STRONG_FRAME = uncompiled(
    r"(?:^|[\s(\"'“¡])(?:hi|hey|hello|hiya|dear|thanks|thank you|congrats|congratulations|welcome|welcome home|welcome back|"
    r"(?:happy )?(?:birthday|bday)(?: to)?|shout-?out to|prayers for|praying for|get well(?: soon)?|rip|"
    r"meet|named|called|i['’]m|i am|my name is|this is|it['’]s|hola|gracias|querid[oa]|goes to|labell?ed|w/|"
    r"tôi là|mwen se|je suis|me llamo|soy|sou|its|im|name\s*:|patient\s*:|"
    r"congrats to|congratulations to|cheers to|kudos to|thank you to|thanks to|"
    r"\d+[- ](?:day|week|month|year)[- ]old|parents|twins?|triplets|newborn|baby|little|sweet|brave|"
    r"proud of you|love you|miss you|you go|go)\s*,?\s*$",
    regex.IGNORECASE)
INITIAL_NAME_VERB = regex.compile(r"^(?:['’]s\s+(?:mom|dad|mother|father|parents|family|surgery|recovery|\w+)|\s+(?:\w+ly\s+|first\s+|then\s+|also\s+|still\s+)?(?:is|was|has|had|just|finally|got|went|came|turned|celebrat\w*|gets|goes|rang|walked|beat|graduated)\b)")
AT_BEFORE = regex.compile(r"(?i)\bat\s$")
# titles written with a full stop: "Dr. Lee" (but "…, friend. Proud of you!" is two sentences)
ABBREVIATED_TITLES = frozenset("dr dra mr mrs ms mx sr sra srta st rev prof capt lt sgt gov sen rep jr col gen fr "
                               "lic licda licdo ing arq enf".split())
# "our boy Scooter", "our little warrior Tank": a capitalised word after these is a nickname
NICK_HEADS = frozenset("boy girl buddy guy man lady warrior champ fighter princess prince angel hero friend pal "
                       "sweetheart superstar rockstar miracle".split())
QUOTED_NICK = regex.compile(r"(?i:\b(?:our|the|a|my|your)\s+(?:[\w-]+\s+){0,3})[\"“‘'](\p{Lu}[\p{L}' .-]{1,20}?)[\"”’'](?!\w)")
WORD_SUFFIX = regex.compile(r"(?:ing|tion|sion|ness|ment|ity|ism|ful|less|able|ible|ous|ive|ly|ance|ence|ship)$")
SELF_INTRO = uncompiled(r"(?i)\b(?:it['’]?s|i['’]?m|this is|my name is|name['’]s|soy|me llamo)\s+$")
SIGNOFF = regex.compile(r"(?:^|\s)[—–~-]\s*$")
AGE_AFTER = regex.compile(r"^,\s*\d{1,3}\s*,|^\s*\(\d{1,3}\)")
BUSINESS = regex.compile(rf"^\s+(?:{BUSINESS_WORDS}|Inc\.?|LLC|Co\.|Corp\.?|& Sons)\b")
NICKNAME = regex.compile(r"^\s+[\"'“‘(](\p{Lu}\p{L}+)[\"'”’)]\s+")
INITIAL_AFTER = regex.compile(r"^\s+\p{Lu}\.(?!\w)|^,\s*(?!I\b)\p{Lu}\b(?!\.\w)")
INITIAL_SURNAME = regex.compile(r"(?<![\w.])\p{Lu}\.\s?(\p{Lu}\p{Ll}[\p{L}'’-]+)")
INITIAL_BEFORE = regex.compile(r"(?<![\w.])\p{Lu}\.\s?$")
INITIALS = regex.compile(r"(?<![\w.])\p{Lu}\.\s?\p{Lu}\.(?!\w)")
HASHTAG = regex.compile(r"#(\w{3,40})")
CAMEL = regex.compile(r"\p{Lu}\p{Ll}+|\p{Ll}+|\p{Lu}+(?!\p{Ll})|\d+")
TAG_AFFIX = ("strong", "warrior", "fight", "tough", "army", "nation", "squad", "brave", "team", "love",
             "forever", "journey", "story", "miracle", "proud")

# Words that are never a person's name here, whatever the name lists say: pronouns and function
# words (English and the other languages of US patients), kinship words, organization words.
NEVER = frozenset("""
i i'm i'd i'll i've im id me my mine we us our you your yours he him his she her they them their it its this that
the a an and or but to of in on at for with from by as is was are be been not no yes ok okay hi hey
mom mum dad mama papa grandma grandpa nana granny son daughter baby husband wife sister brother
aunt uncle cousin coworker boss neighbor friend doctor nurse team staff patient patients
el la los las un una unos unas y o de del en con por para que qué mi mis tu tus su sus yo usted ella bienvenido bienvenida bienvenidos feliz gracias felicidades
él nos nosotros muy más mas casi nada todo toda bien buena bueno alta alto gracias hola señor señora
anh chị em ông bà cô chú bạn le les des du et est une je tu il elle ma mon
christmas easter thanksgiving halloween hanukkah kwanzaa valentine merry happy new year eve
nou mwen ou li yo nan pou ak sa
mon tue tues wed thu thur thurs fri sat sun santa mira everyone md do rn np pa dds dmd phd
""".split())
ORG_WORDS = frozenset("""
cardiology counseling behavioral pediatrics pediatric dental dentistry health healthcare clinic clinics
hospital hospitals medical medicine center centre rehab rehabilitation college university school academy
fellowship church ministries foundation regional care urgent family physicians surgery surgical
orthopedics orthopaedics dermatology pharmacy drug drugs wellness therapy therapies group associates
partners institute labs laboratory imaging radiology oncology hospice gardens manor village home homes
insurance bank credit union dialysis plastic vision eye optometry chiropractic spa aesthetics med
senior living springs recovery summit safety times gazette news press chapel ministry pd fd police fire
department county city state district elementary high middle academy society association alliance network
sun herald tribune journal post chronicle globe pilgrim
""".split()) | frozenset("""
aetna cigna humana kaiser anthem medicare medicaid tricare optum ambetter molina centene wellcare caresource
cvs walgreens walmart kroger target costco amazon google apple facebook instagram tiktok youtube netflix
toyota honda ford chevy tesla nissan lexus camry subaru jeep nike adidas starbucks shell exxon cross shield
""".split())

COMMON_RANK = 12000     # a word this frequent is an ordinary word first, a name second
RARE_RANK = 30000       # lowercase tokens: only names that are not English words at all


def _plain(word: str) -> str:
    """The word without accents: "eugène" → "eugene" (the lists hold most names unaccented)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


CONTRACTION_TAILS = frozenset({"ve", "re", "ll", "d", "m", "t"})   # not "s": a possessive


DIMINUTIVE = regex.compile(r"(?:c|gu|qu|ll)?(?:it|ic)(?:o|a)s?$")
# what every DIMINUTIVE match ends with: a first look before the pattern (for speed)
DIMINUTIVE_ENDINGS = tuple(f"{a}{b}{c}" for a in ("it", "ic") for b in "oa" for c in ("", "s"))
DIMINUTIVE_MIN_WEIGHT = 0.3     # only common names make diminutives worth reading ("Juanito", not "Rosita" from a rare "Ros")


def _diminutive_stems(low: str) -> list[str]:
    """The names a Spanish diminutive may come from: "dieguito" → diego, "carlitos" → carlos,
    "paquito" → paco, "carmencita" → carmen, "anita" → ana."""
    m = DIMINUTIVE.search(low)
    if not m or m.start() < 2:
        return []
    stem, glue = low[:m.start()], m.group()
    if glue.startswith("gu"):
        stem += "g"
    elif glue.startswith("qu"):
        stem += "c"
    elif glue.startswith("ll"):
        stem += "l"
    plural = "s" if glue.endswith("s") else ""
    if glue.startswith("c"):
        return [stem + plural]
    return [stem + "o" + plural, stem + "a" + plural, stem + "e", stem]


def _may_be_diminutive(low: str) -> bool:
    """``DIMINUTIVE.search(low) is not None``, the pattern searched only when the word ends as a
    match must ("$" also matches before a final line break)."""
    return (low.endswith(DIMINUTIVE_ENDINGS) or low.endswith("\n")) and DIMINUTIVE.search(low) is not None


class _FirstNames(dict):
    """First names with their likelihood of being a name. A hyphenated pair of first names
    ("Catherine-Julie", "Karl-August") is one, as likely as its less likely half; an accented
    spelling ("Eugène") is as likely as the plain one; a Spanish diminutive of a common name
    ("Dieguito", "Carlitos") a little less likely than the name, unless it is a Spanish word ("bonita")."""

    def __missing__(self, low: str) -> float:
        parts = [_plain(p) for p in low.split("-")]
        if len(parts) <= 2 and all(dict.__contains__(self, p) for p in parts):
            return min(dict.__getitem__(self, p) for p in parts)
        if "-" not in low and low not in lexicons.common_words():
            weights = [dict.get(self, _plain(stem), 0.0) for stem in _diminutive_stems(low)]
            if max(weights, default=0.0) >= DIMINUTIVE_MIN_WEIGHT:
                return max(weights) * 0.8
        raise KeyError(low)

    def __contains__(self, low: object) -> bool:
        if dict.__contains__(self, low):
            return True
        return isinstance(low, str) and ("-" in low or not low.isascii() or _may_be_diminutive(low)) \
            and self.get(low) is not None

    def get(self, low, default=None):
        try:
            return self[low]
        except KeyError:
            return default


class _Names:
    def __init__(self) -> None:
        self.first = _FirstNames(lexicons.first_names())
        self.last = lexicons.surnames()
        self.words = lexicons.common_words()
        self.health = lexicons.health_terms()
        self.titles = lexicons.titles()
        self.places = lexicons.places()
        self.ambiguous_titles = lexicons.ambiguous_titles()
        self.title_words = frozenset(STAFF_TITLES | PUBLIC_TITLES | PERSON_TITLES
                                     | {t for t, kind in self.titles.items() if kind == "title"})
        self.ambiguous_places = lexicons.ambiguous_places()

    def rank(self, low: str) -> int:
        """Frequency rank of a word; a contraction ranks as its first part ("we've" as "we")."""
        rank = self.words.get(low)
        if rank is None:
            head, sep, tail = low.replace("’", "'").partition("'")
            rank = self.words.get(head, 10 ** 6) if sep and tail in CONTRACTION_TAILS else 10 ** 6
        return rank

    def is_first(self, low: str) -> bool:
        return low in self.first

    def is_nameish(self, low: str) -> bool:
        return low in self.first or low in self.last

    def not_a_name_word(self, low: str) -> bool:
        """Words that are never names in our texts: health terms, titles and place words, unless
        the lists mark them ambiguous (Walker, Burns, Dean, Bishop are names too)."""
        health = self.health.get(low)
        if health is not None and not health[1] and low not in self.first:
            return True
        if low in self.titles and low not in self.ambiguous_titles and low not in self.first:
            return True
        return self.places.get(low) in ("street_suffix", "unit", "state") and low not in self.ambiguous_places


_lex: _Names | None = None


def _L() -> _Names:
    global _lex
    if _lex is None:
        _lex = _Names()
    return _lex


def _base(tok: Token) -> tuple[str, int]:
    """The token without a possessive, and its end offset."""
    t = tok.text
    if len(t) > 2 and t[-2] in "'’" and t[-1] in "sS":
        return t[:-2], tok.end - 2
    return t, tok.end


def _sentence_initial(doc: Doc, tok: Token) -> bool:
    before = doc.text[max(0, tok.start - 12):tok.start].rstrip(" \t\"'“(*-–—")
    if tok.start > 12 and not before:
        return True
    return not before or before[-1] in ".!?:\n…;" or not any(ch.isalnum() for ch in before[-3:]) and not before[-1].isalnum() and before[-1] not in ",&"


def _title_of(doc: Doc, i: int) -> str:
    """The title token right before token i ('Dr.', 'Mrs'), lowercased, or ''."""
    if i == 0:
        return ""
    prev = doc.tokens[i - 1]
    low = prev.text.lower()
    if low not in _L().title_words:
        return ""
    gap = doc.text[prev.end:doc.tokens[i].start]
    if gap == " " or (gap in (". ", ".\u00a0") and low in ABBREVIATED_TITLES):
        return low
    return ""


# "our very own Marco", "our CFO Gordon Abernathy", "nuestra coordinadora Maricela": the
# organization's own people (a role from titles.tsv, or one of these), never "our patient Ana"
OUR_ROLE = regex.compile(r"(?i)\b(?:our|nuestr[oa]s?)\s+(?:(?P<own>very own|own)|(?P<role>[\w-]+(?:\s[\w-]+){0,2}))\s+$")
OUR_EXTRA_ROLES = frozenset("owner founder co-founder cofounder cfo ceo coo president chief colleague coworker co-worker "
                            "employee gerente coordinadora coordinador paramédico paramedico compañero compañera "
                            "jefa jefe director directora".split())
NOT_OUR_STAFF = frozenset("resident residents fellow patient patients client clients member members".split())


def _our_staff_member(doc: Doc, i: int) -> bool:
    m = OUR_ROLE.search(doc.text, max(0, doc.tokens[i].start - 40), doc.tokens[i].start)
    if not m:
        return False
    if m.group("own"):
        return True
    words = m.group("role").lower().split()
    if any(w in NOT_OUR_STAFF for w in words):
        return False
    endings = (" ".join(words[k:]) for k in range(len(words)))   # "unit secretary", "secretary"
    return any(_L().titles.get(t) == "role" or t in OUR_EXTRA_ROLES for t in endings)


def _titled_candidate(doc: Doc, i: int, word: str, end: int, cap: bool, found: Found) -> int | None:
    """Dr. Lee · Mrs. Hadley · Mayor Linda Cho · Mr. P: the name after a title; the index of the
    token after it, or None when token i is no titled name."""
    title = _title_of(doc, i)
    if not title or not _titled_name(doc, i, title, word, word.lower(), cap):
        return None
    toks = doc.tokens
    j, e = _extend(doc, i, end, allow_unknown=True)
    owner = "staff" if title in STAFF_TITLES else "public" if title in PUBLIC_TITLES else ""
    found.add(toks[i - 1].start, e, "NAME", 0.9, f"name after the title '{toks[i - 1].text}'", owner)
    return j


def _body_part_after_possessive(doc: Doc, i: int, low: str) -> bool:
    """'ruptured his Achilles', 'her Achilles tendon': a health word that is also a name."""
    return i > 0 and doc.tokens[i - 1].low in POSSESSIVES and low in _L().health


def _evidenced_candidate(doc: Doc, i: int, word: str, end: int, cap: bool, caps_blind: bool,
                         found: Found) -> int | None:
    """A name that starts at token i by the first-name evidence, grown to its surname, initial
    and business; the index of the token after it, or None when there is no evidence."""
    low = word.lower()
    if _body_part_after_possessive(doc, i, low):
        return None
    score, why = _first_name_evidence(doc, i, word, low, cap, caps_blind)
    if not score:
        return None
    text = doc.text
    j, e = _extend(doc, i, end, allow_unknown=True)
    if j > i + 1:
        score = max(score, 0.85)
        why = "first name and surname"
    owner = "staff" if CREDENTIAL.match(text[e:e + 12]) or _our_staff_member(doc, i) else ""
    m = BUSINESS.match(text[e:e + 24])
    if m and j == i + 1 or (m and _L().last.get(low)):
        e += m.end()
        why = "a person's business (employer)"
    s = doc.tokens[i].start
    initial = INITIAL_BEFORE.search(text, max(0, s - 4), s)
    if initial:
        s = initial.start()  # "J. Patterson"
    found.add(s, e, "NAME", score, why, owner)
    return j


def _token_names(doc: Doc, caps_blind: bool, found: Found) -> None:
    """Names read token by token: after a title, or by the evidence for a first name."""
    toks = doc.tokens
    i = 0
    n = len(toks)
    first, low_text = _L().first, doc.low
    while i < n:
        tok = toks[i]
        if not caps_blind and not tok.text[:1].isupper() and low_text[tok.start:tok.end] not in first \
                and tok.text[-2:] not in ("'s", "’s"):
            i += 1  # the common case: a lowercase word that is no one's first name
            continue
        word, end = _base(tok)
        cap = word[:1].isupper()
        j = _titled_candidate(doc, i, word, end, cap or caps_blind, found)
        if j is None:
            j = _evidenced_candidate(doc, i, word, end, cap, caps_blind, found)
        i = i + 1 if j is None else j


def _quoted_nicknames(doc: Doc, found: Found) -> None:
    """our favorite frequent visitor 'Tank'"""
    L = _L()
    if not any(q in doc.text for q in "\"“‘'"):    # every match opens a quote
        return
    for m in QUOTED_NICK.finditer(doc.text):
        if m.group(1).lower() not in NEVER and not L.health.get(m.group(1).lower()):
            found.add(m.start(1), m.end(1), "NAME", 0.55, "a nickname in quotes")


def _initial_surnames(doc: Doc, found: Found) -> None:
    """K. Sørensen, on a label or a list"""
    L, text = _L(), doc.text
    for m in INITIAL_SURNAME.finditer(text):
        low = m.group(1).lower()
        if text[max(0, m.start() - 2):m.start()].strip()[-1:].isdigit():
            continue  # 801 N. Main: an address
        if (low in L.last or L.rank(low) > RARE_RANK) and low not in NEVER and low not in ORG_WORDS:
            found.add(m.start(), m.end(), "NAME", 0.6, "initial and surname")


def _initials(doc: Doc, found: Found) -> None:
    """J.R. / T.J. in a person frame"""
    text = doc.text
    for m in INITIALS.finditer(text):
        if (GREETING.search(text[max(0, m.start() - 25):m.start()]) or AFTER_NAME.match(text[m.end():m.end() + 12])
                or VOCATIVE.match(text[m.end():m.end() + 3]) or text[max(0, m.start() - 7):m.start()].lower().strip() in ("friend", "our friend")):
            found.add(m.start(), m.end(), "NAME", 0.6, "initials of a person")


def _label_names(doc: Doc, found: Found) -> None:
    """OKAFOR, B (a label, a wristband)"""
    L = _L()
    for m in LABEL_NAME.finditer(doc.text):
        if m.group(1).lower() in L.last:
            found.add(m.start(), m.end(), "NAME", 0.7, "surname and initial, as on a label")


def _families(doc: Doc, found: Found) -> None:
    """the Nowak family · the Okafors · the Sato triplets · la familia Ochoa · los Ramírez"""
    L = _L()
    for m in FAMILY.finditer(doc.text):
        if m.group(3):   # "la familia Ochoa": the word says it is a family
            group, g, known = 3, m.group(3), True
        elif m.group(4):  # "los Ramírez": only a surname from the list
            group, g, known = 4, m.group(4), m.group(4).lower() in L.last
        else:
            group, g = 1, m.group(1)
            known = m.group(2) is not None or (g.endswith("s") and g[:-1].lower() in L.last)
        stem = g[:-1].lower() if group == 1 and m.group(2) is None and g.endswith("s") else g.lower()
        if known and stem not in NEVER and stem not in ORG_WORDS and L.rank(stem.split()[0]) > COMMON_RANK:
            found.add(m.start(group), m.end(group), "NAME", 0.65, "a family named by its surname")


def _employers(doc: Doc, found: Found) -> None:
    """Kowalski Roofing"""
    L = _L()
    for m in EMPLOYER.finditer(doc.text):
        if m.group(1).lower() in L.last and L.rank(m.group(1).lower()) > COMMON_RANK:
            found.add(m.start(), m.end(), "NAME", 0.6, "a person's business (employer)")


def _han_names(doc: Doc, found: Found) -> None:
    """names in scripts without capitals: 陈国华"""
    for m in HAN_NAME.finditer(doc.text):
        found.add(m.start(), m.end(), "NAME", 0.5, "a name in Chinese characters")


def _hashtags(doc: Doc, found: Found) -> None:
    """#TeamMateo · #MateoStrong · #prayforlucia"""
    if "#" not in doc.text:
        return
    for m in HASHTAG.finditer(doc.text):
        for s, e in _hashtag_names(m.group(1), m.start(1)):
            found.add(s, e, "NAME", 0.7, "name inside a hashtag")


# After the token-by-token reading, in this order (a span goes to the first that claims it).
PATTERN_FINDERS = (_quoted_nicknames, _initial_surnames, _initials, _label_names, _families, _employers,
                   _han_names, _hashtags)


def find(doc: Doc) -> list[Candidate]:
    found = Found()
    _token_names(doc, doc.mostly_upper or _title_case(doc), found)
    for finder in PATTERN_FINDERS:
        finder(doc, found)
    return found.out


# weak titles that a surname may follow: "Coach Barnes", "Captain Ruiz" (but not "Big Time")
SURNAME_TITLES = frozenset("coach captain capt chief".split())
WEAK_TITLES = {"little", "big", "lil", "baby", "coach", "father", "sister", "chief", "secretary", "doc", "tech",
               "provider", "injector", "mama", "papa", "don", "captain", "capt"}


def _titled_name(doc: Doc, i: int, title: str, word: str, low: str, cap: bool) -> bool:
    L = _L()
    if low in NEVER or low in ORG_WORDS or L.not_a_name_word(low) or _is_org(doc, i):
        return False
    if L.titles.get(low) in ("role", "title", "credential"):
        return False
    if len(word) == 1:
        return word.isupper() and (title in PERSON_TITLES or title == "coach")  # Mrs. J, Mr. P, Coach T
    if title in WEAK_TITLES:
        return cap and (low in L.first or (title in SURNAME_TITLES and low in L.last and L.rank(low) > COMMON_RANK))
    return cap and (L.rank(low) > 300 or low in L.first)


def _is_org(doc: Doc, i: int) -> bool:
    """'Cedar Park Cardiology', 'Grace Fellowship', 'St. Brigid's': an organization, not a person."""
    toks = doc.tokens
    for k in range(i + 1, min(i + 4, len(toks))):
        w = toks[k]
        if doc.text[toks[k - 1].end:w.start] not in (" ", " & ") or not (w.is_cap or doc.mostly_upper):
            break   # "sent Kaylee home": an organization's name is capitalised ("Sunrise Home")
        if w.low in ORG_WORDS:
            return True
    if i > 0 and toks[i - 1].low in ("st", "saint", "san", "santa") and doc.text[toks[i - 1].end:toks[i].start] in (". ", " "):
        return True
    return False


def _title_case(doc: Doc) -> bool:
    words = [t for t in doc.tokens if len(t.text) > 3]
    return len(words) >= 8 and sum(t.is_cap for t in words) / len(words) >= 0.9


NO_EVIDENCE = (0.0, "")


class _Frame(NamedTuple):
    """The words around a possible first name (token i), as the evidence rules read them."""

    before: str          # up to 30 characters before the token
    after: str           # up to 24 characters after it
    framed: bool         # a greeting, a relative, a verb of a person or a possessive around it
    strong: bool         # a frame that all but says "a person's name goes here"
    vocative: bool       # "…, Maria!" addressed to someone
    signoff: bool        # "— Maria" signing off
    initial: bool        # first word of its sentence
    rank: int            # the word's frequency rank
    nxt: Token | None    # the token after it
    surname_next: bool   # the next token reads as a surname
    greeting: bool       # GREETING before it (searched once here: the rules below ask again)
    relative: bool       # RELATIVE before it ("my son ___")


def _nickname_evidence(doc: Doc, i: int, cap: bool) -> tuple[float, str]:
    """An ordinary word, unless a capitalised one right after 'our boy', 'our warrior'…"""
    tok = doc.tokens[i]
    if not (cap and i > 0 and doc.tokens[i - 1].text.lower() in NICK_HEADS and not _sentence_initial(doc, tok)):
        return NO_EVIDENCE  # the common case: an ordinary word
    return 0.55, "a nickname after 'our boy', 'our warrior'…"


def _shaped_unlike_a_name(doc: Doc, i: int, word: str, low: str, caps_blind: bool) -> bool:
    """Function words, organizations, health terms, CamelCase brands, acronyms."""
    L = _L()
    if len(low) < 2 or low.replace("’", "'") in NEVER or low in ORG_WORDS or L.not_a_name_word(low) or _is_org(doc, i):
        return True
    if not word.isalpha() and "-" not in word and "'" not in word and "’" not in word:
        return True
    if any(ch.isupper() for part in word.split("-") for ch in part[1:]) and not word.isupper() \
            and not SURNAME_PREFIX.match(word):
        return True  # CamelCase brands: MotionWorks, QuickCare
    if word.isupper() and not caps_blind and (low not in L.first or len(word) <= 4):
        return True  # acronyms and shouting: ICU, COVID, CHIP, COWORKER
    return word.isupper() and not caps_blind and len(word) <= 3  # acronyms: ICU, PT, OK


def _frame(doc: Doc, i: int, low: str, is_first: bool, caps_blind: bool, before: str, after: str) -> _Frame:
    L = _L()
    tok = doc.tokens[i]
    greeting, relative = bool(GREETING.search(before)), bool(RELATIVE.search(before))
    framed = greeting or relative or bool(AFTER_NAME.match(after)) or doc.text[tok.end - 2:tok.end] in ("'s", "’s")
    vocative = bool(before.rstrip().endswith(",") and VOCATIVE.match(after) and (is_first or doc.kind in ("review_reply", "comment_reply"))) or (
        tok.start == 0 and after[:1] == ",")
    signoff = bool(SIGNOFF.search(before))
    strong = bool(STRONG_FRAME.search(before)) or relative or bool(AGE_AFTER.match(after)) or vocative or signoff
    nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    surname_next = bool(nxt and (nxt.is_cap or caps_blind) and doc.text[tok.end:nxt.start] == " "
                        and _surnameish(nxt.low) and not L.not_a_name_word(nxt.low) and nxt.low not in ORG_WORDS
                        and (L.rank(nxt.low) > COMMON_RANK // 4 or (nxt.is_cap and not caps_blind)))
    return _Frame(before, after, framed or strong, strong, vocative, signoff, _sentence_initial(doc, tok),
                  L.rank(low), nxt, surname_next, greeting, relative)


def _capitalised_first_name(low: str, caps_blind: bool, f: _Frame) -> tuple[float, str]:
    """A known first name written with a capital (or in a text with no telling capitals)."""
    if f.rank > COMMON_RANK:
        if caps_blind and not (f.framed or f.surname_next) and f.rank < RARE_RANK:
            return NO_EVIDENCE
        return 0.7, "known first name"
    # an ordinary word that is also a name: Will, Hope, Mark, Grace, June
    if f.surname_next or (f.framed and not f.initial) or f.relative or f.vocative or f.signoff:
        return 0.6, "first name that is also a word, in a name context"
    if f.initial and INITIAL_NAME_VERB.match(f.after) and not _month_or_day(low):
        return 0.6, "first name that is also a word, in a name context"
    if not f.initial and not caps_blind and f.rank > 1500 and not _month_or_day(low):
        return 0.5, "capitalised first name mid-sentence"
    return NO_EVIDENCE


def _lowercase_word(low: str) -> bool:
    """A lowercase token that reads as a word in English or Spanish: "linda", "luz", "dan", "miles"."""
    return low in lexicons.spanish_words() or (low.endswith("s") and _L().rank(low[:-1]) <= RARE_RANK)


def _lowercase_first_name(low: str, f: _Frame) -> tuple[float, str]:
    """Lowercase: only names that are not English words."""
    if f.rank > RARE_RANK and len(low) >= 3 and (f.framed or (_L().first[low] >= 0.55 and not _lowercase_word(low))):
        return (0.6 if f.framed else 0.45), "lowercase first name"
    if f.framed and f.rank > COMMON_RANK and (f.greeting or f.relative):
        return 0.5, "lowercase first name in a name context"
    if SELF_INTRO.search(f.before) and f.rank > COMMON_RANK:
        return 0.5, "lowercase first name introducing the writer"
    return NO_EVIDENCE


def _unknown_word_evidence(doc: Doc, i: int, low: str, cap: bool, caps_blind: bool, f: _Frame) -> tuple[float, str]:
    """A word that is no known first name: a surname first, or a word the frame shows to be a name."""
    L = _L()
    tok, nxt, rank, after = doc.tokens[i], f.nxt, f.rank, f.after
    if cap and not caps_blind and low in L.last and rank > COMMON_RANK and nxt and nxt.is_cap \
            and doc.text[tok.end:nxt.start] == " " and (nxt.low in L.first or _surnameish(nxt.low)) \
            and nxt.low not in NEVER and nxt.low not in ORG_WORDS:
        return 0.6, "surname first, then given names"
    if (cap and not caps_blind and not f.initial) or (caps_blind and f.framed):
        if rank > RARE_RANK and (f.strong or INITIAL_AFTER.match(after)) and not L.places.get(low):
            return 0.55, "unknown capitalised word framed as a person"
        if L.last.get(low) and f.strong and rank > COMMON_RANK:
            return 0.5, "surname framed as a person"
    elif cap and f.initial and rank > RARE_RANK and (AGE_AFTER.match(after) or INITIAL_AFTER.match(after)
                                                     or INITIAL_NAME_VERB.match(after)) and not L.places.get(low) \
            and not WORD_SUFFIX.search(low):
        return 0.5, "unknown capitalised word framed as a person"
    # two unknown capitalised words in a person's frame: "Patient of the Month, Ifrah Abdi!"
    if cap and not caps_blind and rank > RARE_RANK and nxt and nxt.is_cap and doc.text[tok.end:nxt.start] == " " \
            and L.rank(nxt.low) > RARE_RANK and not _unlike_a_name(low) and not _unlike_a_name(nxt.low) \
            and (PAIR_FRAME.search(f.before) or PAIR_AFTER.match(doc.text, nxt.end)):
        return 0.5, "an unfamiliar full name in a person's frame"
    return NO_EVIDENCE


def _first_name_evidence(doc: Doc, i: int, word: str, low: str, cap: bool, caps_blind: bool) -> tuple[float, str]:
    L = _L()
    tok = doc.tokens[i]
    is_first = low in L.first
    if not is_first and (not (cap or caps_blind) or L.rank(low) <= COMMON_RANK):
        return _nickname_evidence(doc, i, cap)
    if _shaped_unlike_a_name(doc, i, word, low, caps_blind):
        return NO_EVIDENCE
    before = doc.text[max(0, tok.start - 30):tok.start]
    after = doc.text[tok.end:tok.end + 24]
    if tok.start <= 2 and after.startswith(" here"):
        return 0.6, "a name introducing the writer"  # "Faith here 🙋‍♀️"
    if AT_BEFORE.search(before) and not GREETING.search(before):
        return NO_EVIDENCE  # "at Johns Hopkins", "at Memorial": an institution
    f = _frame(doc, i, low, is_first, caps_blind, before, after)
    if is_first and L.places.get(low) == "city" and not (f.surname_next or f.strong):
        return _name_that_is_a_town(doc, i, cap, caps_blind, before, after)
    if not is_first:
        return _unknown_word_evidence(doc, i, low, cap, caps_blind, f)
    if cap or caps_blind:
        return _capitalised_first_name(low, caps_blind, f)
    return _lowercase_first_name(low, f)


PLACE_BEFORE = regex.compile(r"(?i)\b(?:in|from|to|near|at|of|outside|around|towards?|en|de|desde|a|para)\s+(?:the\s+)?$")
STATE_AFTER = regex.compile(r",?\s+(?:[A-Z]{2}\b|\p{Lu}\p{Ll}+\s+(?:County|area|clinic|office|location|campus|branch))")


def _name_that_is_a_town(doc: Doc, i: int, cap: bool, caps_blind: bool, before: str, after: str) -> tuple[float, str]:
    """Tyler, Gary, Austin: a town after a place word ("in Tyler", "Tyler, TX", "our Tyler clinic"),
    a person's first name otherwise ("We remember Tyler")."""
    tok = doc.tokens[i]
    if not cap or caps_blind or tok.is_upper or PLACE_BEFORE.search(before) or STATE_AFTER.match(after) \
            or _is_org(doc, i) or ORG_AFTER_TOWN.match(after):
        return NO_EVIDENCE
    return 0.5, "first name that is also a town, with no place word around it"


ORG_AFTER_TOWN = regex.compile(r"(?i)\s+(?:clinic|office|location|campus|branch|hospital|center|centre|area|county|"
                               r"ISD|schools?|high|police|fire|city|metro|region|regional|medical)\b")


PAIR_FRAME = regex.compile(r"(?:[,:]|\b(?:meet|to|for|with|patient|resident|client|survivor|warrior|hero|congrats|"
                           r"congratulations|welcome|thank you|thanks|named|is|was)\b)\s*$", regex.IGNORECASE)
PAIR_AFTER = regex.compile(r"['’]s\b|,\s*\d{1,3}\b|\s+(?:is|was|has|had|just|finally|came|got|went|walked|rang|turned)\b")


def _unlike_a_name(low: str) -> bool:
    L = _L()
    return (low in NEVER or low in ORG_WORDS or low in L.health or bool(L.places.get(low)) or low in L.titles
            or not NAME_CHARS.fullmatch(low))


def _surnameish(low: str) -> bool:
    """A surname, including double-barrelled ones: Nakamura-Bell, Hernández-Ruiz."""
    L = _L()
    if low in L.last:
        return True
    parts = low.split("-")
    return len(parts) > 1 and all(p in L.last or p in L.first or L.rank(p) > RARE_RANK for p in parts)


def _surname_like_street(doc: Doc, i: int, j: int) -> bool:
    """'Linda Park,' 'Grace Hill who': a first name and a surname that is also a street word (the
    lists mark it ambiguous), with no house number before it and no further capitalised word
    after it ('Lincoln Park Zoo', '12 Grace Hill')."""
    L = _L()
    toks = doc.tokens
    low = toks[j].low
    if low not in L.ambiguous_places or low not in L.last or toks[i].low not in L.first:
        return False
    if i > 0 and toks[i - 1].text.isdigit():
        return False
    after = toks[j + 1] if j + 1 < len(toks) else None
    return not (after and after.is_cap and doc.text[toks[j].end:after.start] == " ")


def _month_or_day(low: str) -> bool:
    return low in {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                   "friday", "saturday", "sunday"}


def _extend(doc: Doc, i: int, end: int, allow_unknown: bool) -> tuple[int, int]:
    """Grow a name to the right: 'Walter 'Walt' Brennan', 'Oluwaseun A.', 'Mary Ann Smith'."""
    L = _L()
    toks, text = doc.tokens, doc.text
    j = i + 1
    e = end
    if text[e:e + 2] in ("'s", "’s"):
        return j, e
    m = NICKNAME.match(text[e:e + 24])
    if m and j < len(toks) and toks[j].text == m.group(1):
        j += 1
        e = toks[j - 1].end + 1 if text[toks[j - 1].end:toks[j - 1].end + 1] in "\"'”’)" else toks[j - 1].end
    for _ in range(2):
        if j >= len(toks):
            break
        nxt = toks[j]
        gap = text[e:nxt.start]
        if gap.strip() not in ("", "'", "\"", "”", "’") or len(gap) > 3 or "\n" in gap:
            break
        word, nend = _base(nxt)
        low = word.lower()
        lower_pair = (not toks[i].text[:1].isupper() and word.islower() and _surnameish(low)
                      and L.rank(low) > COMMON_RANK and low not in NEVER)
        caps_ok = word[:1].isupper() or doc.mostly_upper or lower_pair
        if not caps_ok or L.not_a_name_word(low):
            break
        if len(word) == 1 and text[nend:nend + 1] == ".":  # initial
            e = nend + 1
            j += 1
            break
        if L.places.get(low) == "street_suffix" and not doc.mostly_upper and not _surname_like_street(doc, i, j):
            break  # Maple Court, Rose Ave: a street, not a surname
        if word.isupper() and len(word) <= 4 and not doc.mostly_upper and not toks[i].text.isupper():
            break  # "Maria Gonzalez MRN 0048…", "Ana Ruiz DOB": an acronym after the name
        if _surnameish(low) or low in L.first or (allow_unknown and L.rank(low) > RARE_RANK and NAME_CHARS.fullmatch(word)):
            if L.rank(low) < COMMON_RANK // 4 and low not in L.last:
                break
            if doc.mostly_upper and (low in NEVER or L.rank(low) <= COMMON_RANK or (low not in L.last and low not in L.first)):
                break
            e = nend
            j += 1
            if nend != nxt.end:
                break
            continue
        break
    m = INITIAL_AFTER.match(text[e:e + 6])
    if m and j == i + 1:
        e += m.end()
    return j, e


def _hashtag_names(tag: str, offset: int) -> list[tuple[int, int]]:
    L = _L()
    found = []
    parts = [(m.start(), m.end()) for m in CAMEL.finditer(tag)]
    if len(parts) > 1:
        for s, e in parts:
            low = tag[s:e].lower()
            if low.endswith("s") and low not in L.first and low[:-1] in L.first:
                low, e = low[:-1], e - 1   # #WaltsLastInning: Walt's
            if low in L.first and L.rank(low) > COMMON_RANK // 2 and len(low) > 2:
                found.append((offset + s, offset + e))
        return found
    low = tag.lower()
    for affix in TAG_AFFIX:
        if low.endswith(affix) and low[: -len(affix)] in L.first and len(low) > len(affix) + 2:
            found.append((offset, offset + len(low) - len(affix)))
        elif low.startswith(affix) and low[len(affix):] in L.first and len(low) > len(affix) + 2:
            found.append((offset + len(affix), offset + len(low)))
    return found


# Cues anchored at the end of a window: search them backwards (see doc.ending_here).
GREETING, STRONG_FRAME, RELATIVE, SELF_INTRO = map(
    ending_here, (GREETING, STRONG_FRAME, RELATIVE, SELF_INTRO))


def repeated(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A name found once, written again elsewhere in the text: "Ray Kowalczyk … Ray asked us to
    share". Each word of a found name (not a title, not a function word) is looked for among the
    text's tokens, and a copy not already covered by a candidate becomes one, with the first
    mention's owner (a staff member's name stays staff)."""
    names = [c for c in cands if c.label == "NAME"]
    if not names:
        return []
    L, text = _L(), doc.text
    seen: dict[str, Candidate] = {}
    for c in names:
        words = [m.group() for m in NAME_CHARS.finditer(text, c.start, c.end)]
        for word in words:
            low = word.lower()
            # a word of a full name ("Ray Kowalczyk") is a name again; a single word only when rare
            if (len(word) >= 3 and word[0].isupper() and low not in NEVER and low not in L.title_words
                    and (len(words) > 1 or L.rank(low) > COMMON_RANK // 2)):
                seen.setdefault(word, c)
    if not seen:
        return []
    taken = Taken()
    for c in cands:
        taken.claim(c.start, c.end)
    out, toks = [], doc.tokens
    for i, tok in enumerate(toks):
        word, end = _base(tok)
        first = seen.get(word)
        if first is None or _inside_a_proper_name(doc, i, seen) or not taken.claim(tok.start, end):
            continue
        out.append(Candidate(tok.start, end, "NAME", min(first.score, 0.7), "the same name again", first.owner))
    return out


def _inside_a_proper_name(doc: Doc, i: int, seen: dict) -> bool:
    """"the Whitcomb Center", "Delta Dental": the word is part of a longer capitalised name that is
    not the person's (a building named after a donor, a company)."""
    toks = doc.tokens
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return bool(nxt and nxt.is_cap and doc.text[toks[i].end:nxt.start] == " " and nxt.text not in seen)
