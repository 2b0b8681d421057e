"""Geographic units smaller than a state: street addresses, ZIP codes, cities and towns,
rooms, beds, floors and units that locate a patient, schools and landmarks."""

from __future__ import annotations

import regex

from safepost.engine import lexicons
from safepost.engine.doc import TENTATIVE, Candidate, Doc, Taken

CAPWORD = r"(?:\p{Lu}[\p{L}'’.-]*|\d+(?:st|nd|rd|th))"
SUFFIX = (r"(?i:street|st|avenue|ave|boulevard|blvd|road|rd|drive|dr|lane|ln|court|ct|way|place|pl|parkway|pkwy|"
          r"highway|hwy|terrace|ter|circle|cir|trail|trl|square|sq|loop|pike|plaza|row|crossing|xing)")
ADDRESS = regex.compile(
    rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+|(?i:north|south|east|west)\s+)?(?:{CAPWORD}\s+){{0,3}}{SUFFIX}\b\.?"
    rf"(?:,?\s+(?i:suite|ste\.?|apt\.?|unit|#)\s*[\w-]{{1,6}})?")
STREET = regex.compile(rf"\b(?:{CAPWORD}\s+){{1,3}}(?:Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|Dr(?!\.?\s\p{{Lu}})|Lane|Ln|Court|Ct|Cir|Parkway|Pkwy|Highway|Hwy|Terrace|Circle|Trail|Plaza|Way|Loop|Pike)\b\.?"
                       r"|\bcalle\s+\p{Lu}\p{L}+")
ROUTE = regex.compile(r"\b(?:Route|Rte\.?|Rt\.?|Highway|Hwy|Interstate|I|US|SR|State Route|Exit)[- ]\d{1,3}\b")
ZIP = regex.compile(r"(?<![\w$#.,-])\d{5}(?:-\d{4})?(?![\w.,-]?\d)")
# a five-digit number where a place goes, with no word that says ZIP: a guess the learned verdict judges
ZIP_SLOT = regex.compile(r"(?i)\b(?:in|to|near|from|around|outside|en|al|del)\s$")
ZIP_CUE = regex.compile(r"(?:\b(?:zip|zip code|postal code)\b\W{0,3}$|\b[A-Z]{2}\s$|,\s$)")
# after a number, the words that make it a count or a time, not a room: "the ER 2 hours", "exam 2 times"
NOT_A_COUNT = (r"(?!\s*(?:%|x\b|(?i:h|hrs?|hours?|days?|weeks?|wks?|min|minutes?|months?|mos?|years?|yrs?|times|am|pm|"
               r"nights?|patients|beds|nurses|people|kids|babies|cases|visits|classes|clases|groups?|grupos?|teams?|d[ií]as|horas|semanas|meses|años|veces|"
               r"car|accidents?|crashes|mg|ml|pesos|d[óo]lares|of\s+(?:my|the|his|her|our|their|mis|los|las))\b))")
COUNT_OK = regex.compile(NOT_A_COUNT)     # at a position: no unit follows ("to 10000 steps")
# Rooms, beds, bays, floors and units: "room 412", "bed 3", "PICU bed 12", "4th floor", "4 West", "2E"
ROOM = regex.compile(
    r"\b(?:(?:exam|trauma|patient|hospital|recovery|operating|delivery|labor|procedure|treatment|infusion|consult(?:ation)?|waiting)\s+)?"
    r"(?:room|rm\.?|bed|bay|suite|stall|cama|cuarto|habitaci[óo]n|ph[òo]ng|cubicle|chair|station|pod|unit|apt\.?|apartment|"
    r"cabin|stateroom|camarote|dormitorio|dorm|pabell[óo]n|celda|litera|bunk|"
    r"departamento|depto\.?|silla|sala|cell|exam|op|chamber|cub[íi]culo)\s*#?\s*\d{1,4}[A-Za-z]?\b" + NOT_A_COUNT +
    r"|\b\d{1,2}(?:st|nd|rd|th)\s+floor\b"
    r"|\b\d{1,2}\s?(?:north|south|east|west)\b"
    r"|\b(?:floor|piso)\s+\d{1,2}\b"
    r"|\b\d{1,2}\s?(?:[ªº°]|a|ra|da|ta|va|na|era)\.?\s?planta\b",
    regex.IGNORECASE)
# a unit's letters and a number, as written on a board: "PICU 7", "OR 6", "Trauma 2" (case as written:
# "or 6" is a word); not a count ("ER 2 hours")
UNIT_NUMBER = regex.compile(
    r"\b(?:PICU|NICU|ICU|CICU|SICU|MICU|CCU|PACU|OR|ER|ED|L&D|LDR|Trauma|TRAUMA|Exam|EXAM|Op|OP|Peds|PEDS)\s?#?\d{1,3}[A-Z]?\b"
    rf"{NOT_A_COUNT}")
# a house number and a street written without its suffix: "the guy at 41 Brightwater"
NUMBERED_STREET = regex.compile(r"(?<=\b(?:at|on|from|near|off)\s)\d{1,5}\s+(\p{Lu}\p{Ll}{3,}(?:\s\p{Lu}\p{Ll}{3,})?)\b(?!['’])")
# a street written in lowercase, as people type it: "everybody on main st saw it", "off elm street"
LOWER_STREET = regex.compile(r"(?<=\b(?:on|off|at|near|down)\s)(?:[a-z]{3,}|\d{1,3}(?:st|nd|rd|th))\s"
                             r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|hwy|highway|pike)\b")
NOT_STREET_NAMES = frozenset("the this that same one each every any which what side busy dead quiet wrong other next back "
                             "high open your our my his her their".split())
UNIT_PREFIX = regex.compile(r"\b(?:PICU|NICU|ICU|CICU|SICU|MICU|CCU|ER|ED|OR|L&D|PACU|ward|wing)\s+$")
WARD_CODE = regex.compile(r"(?<=\b(?:on|in|to|from|unit|ward|floor|del|de la|el|la|piso)\s+)\d{1,2}°?[A-Z]\b")
# "Cedar Park Cardiology", "Oak Hills Dental": the organization's name, not a place
ORG_AFTER = regex.compile(r"\s+(?:[A-Z][\w'’]+\s+){0,2}(?:Cardiology|Dental|Dentistry|Pediatrics|Health|Clinic|Medical|Hospital|"
                          r"Center|Pharmacy|Orthopedics|Dermatology|Family|Physical|Therapy|Rehab|Counseling|Behavioral|"
                          r"Surgery|Urgent|Care|Wellness|Vision|Eye|Imaging|Labs?|Hospice|Nursing|Senior|Primary)\b")
PLACE_NOUN = regex.compile(
    rf"\b(?:{CAPWORD}\s+){{1,3}}(?:County|Parish|Township|Elementary|Middle|High|Academy|College|University|"
    r"Library|Park|Village|Heights|Hills|Wing|Mall|Apartments|Estates|Commons|Station|Chapel|Church|Hardware)\b"
    r"(?:\s+School)?")

# Places that locate a person by where they are held, live, work or worship: "Osage Regional",
# "Cedar Grove Assisted Living", "Hendricks Lumber", "St. Brendan's", "Hospital Muguerza"
FACILITY = regex.compile(
    rf"\b(?:{CAPWORD}\s+){{1,3}}(?:Regional|General|Memorial|Correctional(?:\s+Facility)?|Jail|Prison|Detention(?:\s+Center)?|"
    r"Assisted Living|Nursing (?:Home|Center)|Manor|Lumber|Roofing|Logistics|Freight|Systems|Foods|Motors|Construction|"
    r"Feed & Seed|Co-op|Fellowship|Baptist|Methodist|Lutheran|Tabernacle|Temple|Mosque|Synagogue|Warehouse|Plant|Mill|Mine)\b"
    r"|\bSt\.?\s\p{Lu}\p{Ll}+['’]s\b"
    r"|(?<=\b(?:at|to|from|into|out of|leaving|left)\s)(?:St\.?|Saint)\s\p{Lu}\p{Ll}+\b(?!['’])"
    r"|\b(?:Hospital|Cl[íi]nica|Sanatorio|Colegio|Escuela|Iglesia|Parroquia|Centro de Detenci[óo]n)\s+(?:(?:de|del|la|el|San|Santa)\s+)?\p{Lu}\p{L}+")
FACILITY_WORDS = frozenset("regional general memorial correctional jail prison detention assisted nursing manor lumber roofing "
                           "logistics freight systems foods motors construction seed co-op fellowship baptist methodist "
                           "lutheran tabernacle temple mosque synagogue warehouse plant mill mine st hospital clínica clinica "
                           "sanatorio colegio escuela iglesia parroquia centro".split())


# A care facility named after "at", "to", "in", "from" — where a person is treated or lives: "at
# Willow Creek Recovery", "flew him to UT Medical", "dialysis at Crestline Kidney Center", "she's at
# Golden Pines". Only after one of those words: an organization names itself in its own posts.
CARE_HEADS = (r"Recovery|Behavioral(?:\s+Health)?|Kidney\s+Center|Dialysis|Urgent\s+Care|Med|Medical(?:\s+Center)?|Ortho|"
              r"Orthopedics|Rehab(?:ilitation)?(?:\s+Center)?|Hospice|Cancer\s+(?:Center|Institute)|Heart\s+(?:Center|Institute)|"
              r"Children['’]s|Pines|Villas|Gardens|Oaks|Terrace|Home|Health(?:\s+Center)?|Clinic|Hospital|Infirmary|Care\s+Center|"
              r"Treatment\s+Center|Surgery\s+Center|Surgical|Psychiatric|Y|YMCA")
CARE_PLACE = regex.compile(rf"(?<=\b(?:at|to|in|into|from|out of)\s(?:the\s)?)(?!(?:Our|This|The)\b)(?:{CAPWORD}\s+){{1,3}}(?:{CARE_HEADS})\b"
                           r"(?!['’]s|\s+(?:Foundation|Partners|Centers|Pavilion|Board|Award|System|Network|Group|San|Hospital|Medical))")
NOT_CARE = regex.compile(r"\b(?:Animal|Veterinary|Vet|Pet|Funeral|Memorial Park)\b")
CARE_WORDS = frozenset("recovery behavioral kidney dialysis urgent med medical ortho orthopedics rehab rehabilitation hospice "
                       "cancer heart children's children’s pines villas gardens oaks terrace home health clinic hospital infirmary "
                       "care treatment surgery surgical psychiatric y ymca".split())


def find(doc: Doc) -> list[Candidate]:
    out: list[Candidate] = []
    taken = Taken()

    def add(s: int, e: int, score: float, why: str, label: str = "LOCATION", kind: str = "") -> None:
        if not taken.claim(s, e):
            return
        owner = "org" if doc.policy.owns_address(doc.text[s:e]) else ""
        out.append(Candidate(s, e, label, score, why, owner, kind))

    if doc.digits > 0:
        _numbered_places(doc, add)
    _named_places(doc, add)
    _cities(doc, add)
    for s, e in _towns_after_a_cue(doc):
        add(s, e, 0.55, "town after a cue")
    _settlements(doc, add)
    if not doc.mostly_upper:                     # last: the weakest guesses, where nothing else claimed
        for s, e in _towns_anywhere(doc):
            add(s, e, 0.4, "a town's name", kind=TENTATIVE)
        _proper_nouns_in_place_slots(doc, add)
    return out


def _numbered_places(doc: Doc, add) -> None:
    """Street addresses, rooms and beds, ward codes, routes, ZIP codes: the places with digits."""
    text = doc.text
    for m in ADDRESS.finditer(text):
        add(m.start(), m.end(), 0.9, "street address", kind="street")
    for m in (ROOM.finditer(text) if not doc.words.isdisjoint(ROOM_WORDS) or ROOM_GLUED.search(doc.low) else ()):
        s = m.start()
        pre = UNIT_PREFIX.search(text[max(0, s - 8):s])
        if pre:
            s = max(0, s - 8) + pre.start()
        add(s, m.end(), 0.8, "room, bed or unit", kind="room")
    for m in WARD_CODE.finditer(text):
        add(m.start(), m.end(), 0.6, "hospital unit", kind="room")
    for m in UNIT_NUMBER.finditer(text):
        add(m.start(), m.end(), 0.7, "room, bed or unit", kind="room")
    for m in NUMBERED_STREET.finditer(text):
        if not all(_ordinary(w) for w in m.group(1).split()):
            add(m.start(), m.end(), 0.6, "house number and street")
    for m in ROUTE.finditer(text):
        add(m.start(), m.end(), 0.7, "road")
    for m in ZIP.finditer(text):
        before = text[max(0, m.start() - 12):m.start()]
        if ZIP_CUE.search(before):
            add(m.start(), m.end(), 0.85, "ZIP code")
        elif ZIP_SLOT.search(before) and COUNT_OK.match(text, m.end()) and "00501" <= m.group()[:5] <= "99950":
            add(m.start(), m.end(), 0.4, "a number where a place goes", kind=TENTATIVE)   # "delivered to 48127"


def _named_places(doc: Doc, add) -> None:
    """Streets, named places, facilities, sign-off towns, communities, places a person is from."""
    text = doc.text
    for m in (STREET.finditer(text) if not doc.words.isdisjoint(STREET_WORDS) else ()):
        if not (m.group()[0].isupper() or m.group()[0].isdigit()) and not m.group().startswith("calle"):
            continue
        if m.group().endswith("Way") and all(lexicons.common_words().get(w.lower(), 10 ** 6) <= 5000
                                             for w in m.group().split()[:-1]):
            continue   # "No Way", "All the Way": words, not a street
        add(m.start(), m.end(), 0.75, "street name", kind="street")
    for m in (LOWER_STREET.finditer(text) if not doc.words.isdisjoint(STREET_WORDS) else ()):
        if m.group().split()[0] not in NOT_STREET_NAMES:
            add(m.start(), m.end(), 0.6, "street name", kind="street")
    for m in (PLACE_NOUN.finditer(text) if not doc.words.isdisjoint(PLACE_WORDS) else ()):
        if _person_named_like_a_place(m.group()) and not PLACE_BEFORE.search(text[max(0, m.start() - 8):m.start()]):
            continue   # "Linda Park", "Grace Hill": a first name and a surname, for the name detector
        if not ORG_AFTER.match(text[m.end():m.end() + 30]):
            add(m.start(), m.end(), 0.7, "named place")
    for m in (FACILITY.finditer(text) if not doc.words.isdisjoint(FACILITY_WORDS) else ()):
        if not doc.policy.owns_address(m.group()):
            add(m.start(), m.end(), 0.55, "a facility, employer or congregation")
    _care_facilities(doc, add)
    _workplaces(doc, add)
    for rx, why in ((SIGNOFF_PLACE, "town in a sign-off"), (COMMUNITY, "a community")):
        for m in rx.finditer(text):
            add(m.start(1), m.end(1), 0.6, why)
    _unmarked_places(doc, add)
    for m in FROM_PLACE.finditer(text):
        words = m.group(1).split()
        if not all(_ordinary(w) for w in words if w[0].isupper()) and not ORG_AFTER.match(text[m.end(1):m.end(1) + 30]):
            add(m.start(1), m.end(1), 0.5, "a place a person is from")


# "the guy from the Rapids", "internada en el Rawson", "del Cedimat": a proper
# noun where a place goes. Weak on its own (a team, a store, a brand): it is reported only when the
# learned verdict marks it a patient's (Candidate.kind TENTATIVE).
PLACE_SLOT = regex.compile(r"(?<!\w)(?:(?i:at|from|to|into|in|near|outside)\s+(?:the\s+)?|(?i:en el|en la|del|al|desde el|desde la)\s+)"
                           r"(?P<name>\p{Lu}[\p{L}\d'’&-]*(?:\s(?:de la |del |de |of |on |& )?[\p{Lu}\d][\p{L}\d'’&-]*){0,3})")


def _proper_nouns_in_place_slots(doc: Doc, add) -> None:
    for m in PLACE_SLOT.finditer(doc.text):
        words = m.group("name").split()
        first = words[0].lower().strip("'’")
        if first in lexicons.DAYS_AND_MONTHS or first in lexicons.health_terms() or first in lexicons.titles() \
                or lexicons.places().get(first) == "state" or first in ("i", "i'm", "god", "dios"):
            continue
        if NOT_CARE.search(m.group("name")):
            continue   # an animal hospital, a funeral home: no patient's place
        if len(words) == 1 and _not_a_place_alone(words[0], first):
            continue   # "to Maria", "at Home", "in ER": a name, a common word or an acronym alone
        add(m.start("name"), m.end("name"), 0.4, "a proper noun where a place goes", kind=TENTATIVE)


# Where a person works, after the verb that says so: "trabajo en Confecciones Tequendama", "laburo en
# Frigorífico La Pampeana", "chambea en Grupo Alfa" (an employer locates a person: Safe Harbor's geographic clause)
WORKS_AT = regex.compile(r"(?i:\b(?:trabaj[oaá]\w*|labur[oa]\w*|chambe[oa]\w*|(?:i|he|she|we|they|who)\s+(?:work|works|worked|am working|is working))"
                         r"(?:\s+\p{Ll}+){0,2}?\s+(?:en|at|for)\s+)"
                         r"(?P<name>\p{Lu}[\p{L}'’&-]+(?:\s(?:de la |del |de |La |El |Los |Las |& )?\p{Lu}[\p{L}'’&-]+){0,3})")


def _workplaces(doc: Doc, add) -> None:
    for m in WORKS_AT.finditer(doc.text):
        words = m.group("name").split()
        if len(words) == 1 and _not_a_place_alone(words[0], words[0].lower()):
            continue
        add(m.start("name"), m.end("name"), 0.55, "where a person works")


def _care_facilities(doc: Doc, add) -> None:
    for m in (CARE_PLACE.finditer(doc.text) if not doc.words.isdisjoint(CARE_WORDS) else ()):
        if not NOT_CARE.search(m.group()):
            add(m.start(), m.end(), 0.55, "a care facility a person is at")


def _unmarked_places(doc: Doc, add) -> None:
    """Places written without a word that says so: a town after a signature, a street after "the
    house on", a room numbered in words."""
    text = doc.text
    for rx, why in ((NAME_COMMA_PLACE, "town in a sign-off"), (PINNED, "a place on a map pin")):
        for m in rx.finditer(text):
            if not m.group(1).isupper() and not all(_ordinary(w) for w in m.group(1).split()):
                add(m.start(1), m.end(1), 0.5, why)
    for m in HOUSE_ON.finditer(text):
        word = m.group("street")
        if word.isupper() and not m.group("place"):
            continue   # "the man was on ECMO": an acronym is a street only after a house or a shop
        if word.lower() not in NOT_A_STREET and (word.lower() in ALWAYS_STREETS or word[0].isdigit() or not _common(word)):
            add(m.start("street"), m.end("street"), 0.5, "street name", kind="street")
    for rx in ((PERSON_IN_ROOM, ONE_IN_ROOM) if doc.digits else ()):
        for m in rx.finditer(text):
            add(m.start("room"), m.end("room"), 0.5, "room, bed or unit", kind="room")
    for m in ROOM_IN_WORDS.finditer(text):
        add(m.start(), m.end(), 0.7, "room, bed or unit", kind="room")


def _not_a_place_alone(word: str, low: str) -> bool:
    """A single word that is no place on its own: an acronym (unless it is a surname), a first name,
    one of the 300 commonest words ("to Maria", "at Home", "in ER")."""
    if word.isupper():
        return len(low) <= 2 or (low not in lexicons.surnames() and low in lexicons.common_words())
    return _ordinary(word, 300)


def _cities(doc: Doc, add) -> None:
    """Cities and towns from the list: two-word ones first ("San Antonio"), one-word ones after a cue."""
    text, cities = doc.text, lexicons.places()
    for tok_i, tok in doc.capitalised:
        if tok.is_upper and not doc.mostly_upper:
            continue
        low = tok.low
        nxt = doc.tokens[tok_i + 1] if tok_i + 1 < len(doc.tokens) else None
        if (nxt and nxt.is_cap and text[tok.end:nxt.start] == " " and cities.get(f"{low} {nxt.low}") == "city"
                and not ORG_AFTER.match(text[nxt.end:nxt.end + 30])):
            add(tok.start, nxt.end, 0.7, "city or town")
            continue
        if cities.get(low) == "city" and _city_context(doc, tok.start):
            add(tok.start, tok.end, 0.6, "city or town")


# before a town: "in", "from", "back to", "desde"; a strong cue says where a person lives or comes from
TOWN_CUE = regex.compile(r"(?i)(?:\b(?:in|from|to|near|outside|past|en|desde|de|a|para|hacia|around|over in|out in|up in|down in|"
                         r"au|nach|bei|em|naar)|(?<!\w)à)\s+$")
STRONG_TOWN_CUE = regex.compile(
    r"(?i)\b(?:lives?|living|lived|moved|moving|home|back|drive|drove|trip|grew up|raised|visiting|visited|vacation|"
    r"flew|flying|traveled|travelled|returned|stationed|deployed|vive|viv[ií]a|vecin[oa]s?|"
    r"soy|somos|es|from|desde|hometown|native|mud[éeóo]|mudamos|mudaron|traslad\w*|llevaron|viaj\w*|regres\w*|volvi[óo]|"
    r"vivo|vivimos|viven|naci[óo]|nacid[oa]|oriund[oa])\b(?:\s+\w+){0,2}\s+(?:in|to|from|de|en|desde|of)?\s*$")
STATE_AFTER = regex.compile(r",\s*(?:[A-Z]{2}\b|\p{Lu}\p{Ll}+)")


# Where people live in Spanish-speaking places, by its kind and name: "la colonia Las Flores", "Col. Santa
# María la Ribera", "el barrio de Santiago", "la vereda El Tablón", "la ranchería el mezquite".
SETTLEMENT = regex.compile(
    r"\b(?i:colonia|col\.|barrio|vereda|rancher[íi]a|ejido|fraccionamiento|fracc\.|urbanizaci[óo]n|urb\.|corregimiento|"
    r"caser[íi]o|aldea|cant[óo]n|poblado|asentamiento|parque industrial|unidad habitacional|villa)\s+"
    r"(?P<name>(?:(?:de|del|la|las|los|el|san|santa|santo)\s+){0,2}[\p{L}\d][\p{L}\d'’.-]*"
    r"(?:\s+(?:(?:de|del|la|las|los|el|y)\s+)?[\p{Lu}\d][\p{L}\d'’.-]*){0,3})")
SETTLEMENT_WORDS = frozenset("colonia col barrio vereda ranchería rancheria ejido fraccionamiento fracc urbanización "
                             "urbanizacion urb corregimiento caserío caserio aldea cantón canton poblado asentamiento "
                             "industrial habitacional villa".split())


def _settlements(doc: Doc, add) -> None:
    """A named neighbourhood, village or estate; lowercase names ("la colonia las flores") are a guess."""
    if doc.words.isdisjoint(SETTLEMENT_WORDS):
        return
    for m in SETTLEMENT.finditer(doc.text):
        words = m.group("name").split()
        content = [w for w in words if w.lower() not in SETTLEMENT_LINKS]
        if not content or content[0].lower() in lexicons.DAYS_AND_MONTHS or content[0].lower() in SETTLEMENT_STOP:
            continue
        head = m.group().split()[0].lower()
        if head == "villa" and not m.group()[0].isupper():
            continue   # "villa" as a word is not a place
        if head == "col." and not (SETTLEMENT_LINKS & {w.lower() for w in words}
                                   or doc.low[max(0, m.start() - 3):m.start()] == "la "):
            continue   # "Col. Sanders": a colonel, unless it reads as "la Col. Lomas del Sur"
        if any(w[0].isupper() or w[0].isdigit() for w in content):
            add(m.start(), m.end(), 0.92 if len(words) > 1 else 0.75, "a neighbourhood or village")
        elif words[0].lower() in SETTLEMENT_LINKS:      # "la colonia las flores", not "el barrio con más"
            add(m.start(), m.end(), 0.4, "a neighbourhood or village", kind=TENTATIVE)


SETTLEMENT_LINKS = frozenset("de del la las los el y san santa santo".split())
SETTLEMENT_STOP = frozenset("mi mis tu tus su sus nuestro nuestra este esta ese esa aquel un una que donde".split())   # "el barrio de mi abuela"


def _towns_anywhere(doc: Doc) -> list[tuple[int, int]]:
    """Towns (GeoNames) that are not also a word or a name, wherever they are written ("todo Ocotlán
    está contigo", "#MinotStrong"): a guess, reported only when judged a patient's."""
    towns, tokens, text = lexicons.towns(), doc.tokens, doc.text
    found = []
    for tok_i, tok in doc.capitalised:
        if tok.start and text[tok.start - 1] == "#":
            found.extend(_town_in_hashtag(tok, towns))
            continue
        last = tok_i         # the run of capitalised words from here, three at most: "San Juan Bautista"
        while last - tok_i < 2 and last + 1 < len(tokens) and tokens[last + 1].is_cap \
                and text[tokens[last].end:tokens[last + 1].start] == " ":
            last += 1
        for j in range(last, tok_i - 1, -1):     # the longest name first
            end = tokens[j].end
            if towns.get(text[tok.start:end].lower()) is False and end - tok.start >= 4 \
                    and not all(_ordinary(t.text, 8000, spanish=True) for t in tokens[tok_i:j + 1]) and not ORG_AFTER.match(text[end:end + 30]):
                found.append((tok.start, end))
                break
    return found


CAMEL = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+")


def _town_in_hashtag(tok, towns: dict[str, bool]) -> list[tuple[int, int]]:
    """"#OcotlánConChayito", "#SanAntonioStrong": the town that begins a hashtag."""
    parts = list(CAMEL.finditer(tok.text))
    if not parts or parts[0].start() != 0:
        return []
    for n in (3, 2, 1):
        if len(parts) < n or any(a.end() != b.start() for a, b in zip(parts, parts[1:n])):
            continue
        name = " ".join(p.group() for p in parts[:n])
        if len(name) >= 4 and towns.get(name.lower()) is False and not all(_ordinary(p.group(), 8000, spanish=True) for p in parts[:n]):
            return [(tok.start, tok.start + parts[n - 1].end())]
    return []


def _towns_after_a_cue(doc: Doc) -> list[tuple[int, int]]:
    """Towns (GeoNames) written after a place cue: "lives alone in Black Mountain", "desde
    Chalatenango". A town that is also a word or a name needs a strong cue or a state after it."""
    towns, text, tokens = lexicons.towns(), doc.text, doc.tokens
    found = []
    for tok_i, tok in doc.capitalised:
        before = text[max(0, tok.start - 24):tok.start]
        if not TOWN_CUE.search(before):
            continue
        for n in (4, 3, 2, 1):
            toks = tokens[tok_i:tok_i + n]
            if len(toks) < n or any(text[a.end:b.start] not in (" ", "-") for a, b in zip(toks, toks[1:])):
                continue
            name = text[tok.start:toks[-1].end]
            ambiguous = towns.get(name.lower())
            if ambiguous is None:
                continue
            end = toks[-1].end
            if ORG_AFTER.match(text[end:end + 30]):
                break
            if ambiguous and not (STRONG_TOWN_CUE.search(before) or STATE_AFTER.match(text[end:end + 20])):
                break
            found.append((tok.start, end))
            break
    return found


# a signature at the end of a line: "Ardith Nygaard, Roseau", "Rob D., Millbrook"
NAME_COMMA_PLACE = regex.compile(
    r"(?:^|(?<=[.!?\n]\s{0,2}))(?:\p{Lu}\p{Ll}+\s){1,2}(?:\p{Lu}\p{Ll}+|\p{Lu}\.),\s*"
    r"(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)(?:,\s*[A-Z]{2})?[ \t]*(?=$|\n|[.!](?:\s|$))", regex.MULTILINE)
# a map pin before a place: "📍Maplewood", "📍 San Benito"
PINNED = regex.compile(r"📍\s*(\p{Lu}[\p{L}'’.-]+(?:\s\p{Lu}[\p{L}'’.-]+){0,2})")
# a street named without its suffix after a house, a neighbour or a shop: "the yellow house on Fenwick",
# "the Okafor family on Birchwood", "the barbershop on MLK"
HOUSE_ON = regex.compile(
    r"\b(?:(?P<place>house|home|place|trailer|apartment|barbershop|barber|bakery|coffee|diner|hardware|salon|store|shop|"
    r"bar|bodega|gas station|laundromat|church|pharmacy|walgreens|cvs|rite aid|one)|family|lady|guy|man|woman|neighbou?rs?|kid|couple|folks|"
    r"anyone|someone|everyone|anybody|somebody|lives?|living|"
    r"(?-i:The \p{Lu}\p{Ll}+s|(?:Mrs?|Ms|Miss)\.?\s\p{Lu}\p{Ll}+))\b(?:\s+[\w'’]+){0,3}?\s+on\s+"
    r"(?P<street>\p{Lu}\p{Ll}{2,}(?:\s\p{Lu}\p{Ll}{2,}(?!\s(?:St|Ave|Rd|Dr|Ln)\b))?|[A-Z]{2,4}|\d{1,3}(?:st|nd|rd|th))\b(?![\p{L}'’])")
ALWAYS_STREETS = frozenset({"main", "broadway", "elm", "oak", "maple", "pine", "cedar", "walnut", "cherry", "spruce"})
NOT_A_STREET = frozenset("facebook instagram tiktok youtube twitter nextdoor yelp google linkedin snapchat reddit "
                         "whatsapp zoom tv netflix".split())
# a room number after a person, without the word room: "Mrs. Dorsey in 214B", "the new admit in 14"
PERSON_IN_ROOM = regex.compile(
    r"(?i:\b(?:pt|patient|resident|guy|lady|man|woman|mom|mother|dad|father|grandma|grandpa|brother|sister|roommate|"
    r"admit|someone|kid|baby|girl|boy|judge|teacher|coach|(?:he|she|who)(?:['’]s| is)(?: still)?)|\b(?:Mrs?|Ms|Miss)\.?\s\p{Lu}\p{Ll}+)"
    r"(?:\s+(?:was|is|still))?\s+in\s+(?P<room>(?!(?:19|20)\d\d\b)\d{1,4}[A-Z]?)\b(?![:–°.,-]?\s?\d|\s?[–-])" + NOT_A_COUNT)
# the one in a room, as Spanish says it: "la de la 312", "el del 208", "la paciente de la 2-0-8"
ONE_IN_ROOM = regex.compile(r"(?i)\b(?:el|la)(?:\s(?:paciente|señora?|muchach[oa]|chav[oa]|niñ[oa]|abuelit[oa]|viejit[oa]))?"
                            r"\s(?:del|de\sla)\s(?P<room>(?!(?:19|20)\d\d\b)\d{3,4}|\d(?:-\d){2,3})\b" + NOT_A_COUNT)
# a room, bed or bay numbered in words: "room two-oh-six", "cama doce"
NUMBER_WORD = (r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
               r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
               r"uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|veinte)")
ROOM_IN_WORDS = regex.compile(rf"(?i)\b(?:room|rm|bed|bay|cama|cuarto|habitaci[óo]n)\s+{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD}){{0,3}}\b{NOT_A_COUNT}")
SIGNOFF_PLACE = regex.compile(
    r"(?:^|\s)[—–~-]\s*\p{Lu}[^,\n—–]{1,40},\s*(\p{Lu}[\p{L}'.-]+(?:\s\p{Lu}[\p{L}'.-]+){0,2}(?:,?\s[A-Z]{2})?)\s*(?=$|[.!\p{So}\n])")
COMMUNITY = regex.compile(r"\bthe (?:whole |entire )?(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?) (?:community|neighborhood|neighbourhood)\b")
FROM_PLACE = regex.compile(r"(?<=\b(?:from|in|of|near|outside)\s)(\p{Lu}\p{Ll}{3,}(?:[\s-](?:do|de|del|la|sur|am|an der|\p{Lu}\p{Ll}+)){0,2})\b(?!['’])")


# Words one of which each pattern needs: a cheap first look before the pattern runs.
ROOM_WORDS = frozenset("room rm bed bay suite stall cama cuarto habitación habitacion phòng cubicle chair station pod unit "
                       "cabin stateroom camarote dormitorio dorm pabellón pabellon celda litera bunk planta "
                       "apt apartment departamento depto silla sala cell exam op chamber cubículo cubiculo "
                       "floor piso north south east west".split())
ROOM_GLUED = regex.compile(r"(?:room|rm|bed|bay|unit|suite|cama|chair|station|pod|cubicle)#?\d")
STREET_WORDS = frozenset("street st avenue ave boulevard blvd road rd drive dr cir lane ln court ct parkway pkwy highway hwy "
                         "terrace circle trail plaza calle way loop pike".split())
PLACE_WORDS = frozenset("county parish township elementary middle high academy college university library park village "
                        "heights hills wing mall apartments estates commons station chapel church hardware".split())


def _person_named_like_a_place(phrase: str) -> bool:
    words = phrase.lower().split()
    return (len(words) == 2 and words[0] in lexicons.first_names() and words[1] in lexicons.surnames()
            and lexicons.places().get(words[0]) != "city")


def _common(word: str) -> bool:
    """A word too common to be a street's name after "the house on": among the 3,000 commonest English
    words (unless written in capitals), a first name, a day or a month. Not a state or a health word:
    "the house on Delaware", "lives on Foley" are streets."""
    low = word.lower()
    return (not word.isupper() and lexicons.common_words().get(low, 10 ** 6) <= 3000) or low in lexicons.first_names() \
        or low.rstrip("s") in lexicons.DAYS_AND_MONTHS


def _ordinary(word: str, rank: int = 30000, spanish: bool = False) -> bool:
    """A word that is something other than an unknown place name: among the ``rank`` commonest English
    words, a first name, a health word, a title, a U.S. state, a day or a month, and with ``spanish`` any
    Spanish word. Where a place is guessed with no cue the bar is low ("Hola", "Gracias", "Olympic" are no
    towns: ``rank=8000, spanish=True``); a town that frequency lists know only because it is a town
    ("Tacoma", "Boston") stays a town."""
    low = word.lower()
    return (lexicons.common_words().get(low, 10 ** 6) <= rank or low in lexicons.first_names()
            or low in lexicons.health_terms() or low in lexicons.titles() or lexicons.places().get(low) == "state"
            or low.rstrip("s") in lexicons.DAYS_AND_MONTHS or (spanish and low in lexicons.spanish_words()))


PLACE_BEFORE = regex.compile(r"\b(?:at|in|near|the)\s+$")
CITY_CUE = regex.compile(r"\b(?:in|from|near|to|at|of|outside|downtown|around|en|de)\s+$")


def _city_context(doc: Doc, start: int) -> bool:
    return bool(CITY_CUE.search(doc.text[max(0, start - 12):start].lower()))
