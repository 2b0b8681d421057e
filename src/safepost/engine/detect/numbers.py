"""Government and record numbers: SSN, MRN, health-plan, account, claim/case, licence,
vehicle, device and biometric identifiers.

An opaque code says nothing about what it is; the words before it do ("MRN", "member ID",
"plate"). Context cues are matched as whole words (Presidio's "lic" matched "public").
"""

from __future__ import annotations

import regex

from safepost.engine.doc import Candidate, Doc, Found

SSN_LAST4 = regex.compile(r"\b(?:ssn|social(?: security)?)\b\D{0,30}?(?<!\d)(\d{4})(?!\d)")
YEAR_ONLY = regex.compile(r"(?:19|20)\d\d")
CLOCK = regex.compile(r"(?i)\d{1,2}(?:am|pm)?")

SSN = regex.compile(r"(?<![\w-])(?!000|666|9\d\d)(\d{3})([- ]?)(?!00)(\d{2})\2(?!0000)(\d{4})(?![\w-])")
SSN_MASKED = regex.compile(r"(?<![\w-])[x*•#]{3}[- ]?[x*•#]{2}[- ]?\d{4}(?![\w-])")
ITIN = regex.compile(r"(?<![\w-])9\d\d-\d{2}-\d{4}(?![\w-])")
SSN_CUE = regex.compile(r"\b(?:ssn|ss#|social security(?: number| no\.?| #)?|social|seguro social)\b")

# An identifier: letters, digits and inner separators, with at least one digit.
ID = r"(?:#\s?)?(?=[\w·-]{0,12}\d|[a-z]{2,4} \d)[A-Za-z0-9](?:[A-Za-z0-9_]|[-/.·](?=[A-Za-z0-9])| (?=[A-Za-z]{0,3}\d)){2,24}"

# cue words → label. Order matters: the first cue that matches the nearest words wins.
KEYED = [
    ("SSN", r"nss|n[úu]mero de segur(?:o|idad) social|no\.? de segur(?:o|idad) social"),
    ("MRN", r"mrn|n[úu]mero de expediente|expediente(?: cl[íi]nico| m[ée]dico)?|(?:n[úu]mero de )?historia cl[íi]nica|pt\.? ?#|pt\.? (?:id|number|no\.?)|medical record(?: number| no\.?| #)?|med(?:ical)? rec(?:ord)? #?|chart (?:number|no\.?|#)|patient (?:id|number|no\.?|#)|record (?:number|#)"),
    ("HEALTH_PLAN", r"member (?:id|number|no\.?|#)|subscriber (?:id|number)|medicaid(?: id| number| #)?|medicare(?: id| number| #| card)?|mbi|insurance (?:id|number)|policy (?:id|number|no\.?|#)|group(?: number| no\.?| #)?|plan (?:id|number)|beneficiary (?:id|number)|member|id card|"
                    r"obra social|prepaga|abha(?: number| no\.?)?|carte vitale|tessera sanitaria|versichertennummer|krankenversicherungsnummer|cart[ãa]o sus|"
                    r"n[úu]mero de afiliad[oa]|afiliad[oa]|credencial(?: de afiliaci[óo]n)?|afiliaci[óo]n|p[óo]liza|tarjeta de(?: l)? seguro|n[úu]mero de plan|policy|folio"),
    ("ACCOUNT", r"(?:visa|amex|mastercard|discover|debit|credit|checking|savings|hsa|card)(?: card)?(?: on file)? end(?:ing|ed|s)(?: in)?|"
                r"kundennummer|klantnummer|num[ée]ro (?:de )?client|numero cliente|n[úu]mero de cliente|terminad[ao] en|(?:con )?terminaci[óo]n|factura|tarjeta(?: de (?:cr[ée]dito|d[ée]bito))?|cbu|cvu|clabe(?: interbancaria)?|"
                r"bank(?:ing)? (?:details|account)|account(?: number| no\.?| #)?|acct\.?(?: #)?|card ending(?: in)?|ending in|número de cuenta|cuenta|guarantor(?: account)?|routing(?: number)?|invoice(?: number| #)?|statement(?: number| #)"),
    ("LICENSE", r"driver'?s licen[cs]e(?: number| #)?|licen[cs]e(?: number| no\.?| #)?|lic\.?(?: #)?|dl(?: #)?|certificate(?: number| #)?|npi|dea(?: number| #)?|permit(?: number| #)?|card (?:number|#)"),
    ("VEHICLE", r"(?:license |licence )?plates?|tag(?: number| #)?|vin|vehicle(?: id)?|placas?|patente|matr[íi]cula|tablilla"),
    ("DEVICE", r"n[úu]mero de serie|serie|serial(?: number| no\.?| #)?s?|s/n|sn|device(?: id| number)?|transmitter(?: id)?|imei|udi|model(?: number| #)"),
    ("BIOMETRIC", r"fingerprint(?: id)?|voiceprint(?: id)?|palm scan|retina scan|iris scan|faceprint|face id|biometric(?: id)?"),
    ("OTHER_ID", r"c[ée]dula|rut|dni|curp|rfc|ine|aadhaar(?: no\.?| number)?|tfn|bsn|cpf|cuil|cuit|nif|codice fiscale|steuer-?id|"
                 r"sozialversicherungsnummer|pesel|national insurance(?: number| no\.?)?|"
                 r"r[ée]servation|reserva|prenotazione|buchung(?:snummer)?|boeking|pnr|polizza|ap[óo]lice|polisnummer|vertragsnummer|"
                 r"clave de elector|pasaporte|passport(?: number| no\.?| #)?|incident(?: number| #)?|"
                 r"booking(?: number| #)?|user ?name|login|user id|rx(?= ?#)|rx (?:number|no\.?)|radicado|bib|n[°º]|c\.c\.|cc(?= \d)|prescription (?:number|#)|n[úu]mero de caso|caso|número|claim(?: number| no\.?| #)?|case(?: number| no\.?| #)?|ticket(?: number| #)?|confirmation(?: number| code| #)?|reference(?: number| #)?|ref\.?(?: #)?|order(?: number| #)?|accession(?: number| #)?|specimen(?: id| #)?|requisition(?: #)?|lab (?:id|number)|id|#"),
]
# One pass over the text for every cue: the leftmost cue wins, and at one position the first
# label in KEYED's order ("member ID" is a health-plan number before "ID" is any ID).
KEYED_RE = regex.compile(
    r"\b(?:" + "|".join(f"(?P<{label}>{cue})" for label, cue in KEYED) + r")(?!\w)"
    rf"[\s:#.(]{{0,6}}(?:(?:is|was|of|number|no|ending|in|id|es|de)\s+){{0,3}}"
    # "account number on my bill is 8883…": a few words, then "is" or a colon
    rf"(?:(?:[a-z'’]+\s+){{1,4}}?(?:is|was|es|son|are)\s+|[a-z'’ ]{{1,30}}?:\s*)?(?P<id>{ID})")  # on Doc.low

CONNECTORS = frozenset("is was of number no ending in id es de the my his her su mi".split())

# Words that name a biometric identifier even with no number after them.
BIOMETRIC_WORDS = regex.compile(
    r"\b(?:voice ?prints?|finger ?prints?|palm (?:scan|print)s?|retina(?:l)? scans?|iris scans?|"
    r"face ?prints?|gait analysis(?: video)?|full[- ]face (?:photos?|pictures?|images?))\b", regex.IGNORECASE)
# Organizational identifiers that are never a person's.
STAFF_ID_CUE = regex.compile(r"\b(?:npi|dea|our (?:licen[cs]e|certificate|permit))\b", regex.IGNORECASE)

# An unlabelled code: long, mixing letters and digits, or 7+ digits not shaped like a phone.
CODE = regex.compile(r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){6,24}(?![\w-])"
                     r"|(?<![\w.,-])\d{7,12}(?![\w-]|[.,]\d)")
JERSEY = regex.compile(r"(?:\bjersey\s*|\(|\bnumber\s)(#\d{1,2})\b")
# "#22 went down", "No. 7 is back": a player's number, when the text is about a team
PLAYER_NUMBER = regex.compile(r"(?<![\w#])(?:#|no\.\s?|(?:number|n[úu]mero)\s)(\d{1,2})(?![\w,.:]\d|\s?(?:%|am|pm|years?|times))",
                              regex.IGNORECASE)
SPORTS_EMOJI = regex.compile(r"[🏀🏈⚽🏒⚾🥎🏐🎾🏑🥍🏉]")
SPORTS_WORDS = frozenset("team game games jersey field court qb quarterback pitcher lacrosse football soccer hockey "
                         "basketball softball baseball volleyball wrestling varsity coach season tournament playoffs "
                         "rally shortstop linebacker striker goalie sideline huddle equipo partido fútbol futbol "
                         "béisbol beisbol entrenador temporada cancha jugador".split())
VIN = regex.compile(r"(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])")
# A plate right after the vehicle it is on: "my car (B-KX 4471)", "the white Lexus 7PQR 118", "en el auto
# (AC 482 KD)": capitals and digits, both, in two or three groups.
_PLATE = r"(?=[A-Z0-9 -]{0,10}\d)(?=[A-Z0-9 -]{0,10}[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2}"
_VEHICLE_WORD = r"(?i:car|truck|pick-?up|van|suv|sedan|jeep|auto|carro|coche|camioneta|moto(?:rcycle)?|vehicle|veh[íi]culo)"
PLATE_ON_VEHICLE = regex.compile(rf"\b(?:{_VEHICLE_WORD})\b\s{{0,2}}[(,:]?\s{{0,2}}(?<![\w-])({_PLATE})(?![\w-])")


def _clean_id(m_text: str) -> tuple[int, int]:
    """Offsets (relative) of the identifier without a leading '#' or trailing separators."""
    s, e = 0, len(m_text)
    while s < e and m_text[s] in "# ":
        s += 1
    while e > s and m_text[e - 1] in " -/":
        e -= 1
    return s, e


def _looks_like_word(ident: str) -> bool:
    """'in 2019' or 'ID 8am' are not identifiers: require a digit run or a code-like mix."""
    digits = sum(c.isdigit() for c in ident)
    return digits < 2 and not ident.isupper()


def _player_numbers(doc: Doc, found: Found) -> None:
    """"jersey #22"; "#22 went down" when the text is about a team."""
    for m in JERSEY.finditer(doc.text):
        found.add(m.start(1), m.end(1), "OTHER_ID", 0.55, "a number that picks out one person")
    if "#" not in doc.text and "no." not in doc.low and "mero" not in doc.low and "number" not in doc.low:
        return
    sporty = not doc.words.isdisjoint(SPORTS_WORDS) or SPORTS_EMOJI.search(doc.text)
    for m in (PLAYER_NUMBER.finditer(doc.text) if sporty else ()):
        found.add(m.start(), m.end(), "OTHER_ID", 0.5, "a player's number")


def _ssns(doc: Doc, found: Found) -> None:
    for m in SSN.finditer(doc.text):
        sep = m.group(2)
        cued = bool(SSN_CUE.search(doc.before(m.start(), 40)))
        if sep or cued:
            found.add(m.start(), m.end(), "SSN", 0.95 if cued else 0.85, "Social Security number pattern")
    # "last 4 of my social: 4471"
    for m in SSN_LAST4.finditer(doc.low):
        found.add(m.start(1), m.end(1), "SSN", 0.8, "last digits of a Social Security number")
    # "xxx-xx-4821": masked but for its last four
    for m in SSN_MASKED.finditer(doc.low):
        found.add(m.start(), m.end(), "SSN", 0.8, "last digits of a Social Security number")
    for m in ITIN.finditer(doc.text):     # no SSN starts with 9: a taxpayer number written where one was asked for
        if SSN_CUE.search(doc.before(m.start(), 40)):
            found.add(m.start(), m.end(), "OTHER_ID", 0.85, "taxpayer number (ITIN) after a Social Security cue")


def _not_an_id(ident: str, label: str) -> bool:
    """"ID is 12", "in 2019", "ID 8am": words, a year or a time after a cue, not an identifier."""
    first, _, rest = ident.partition(" ")
    if rest and first.lower() in CONNECTORS:
        return True             # "ID is 12": a word and a small number, not a code
    if len(ident) < 3 or _looks_like_word(ident):
        return True
    if label == "OTHER_ID" and YEAR_ONLY.fullmatch(ident):
        return True
    if label == "VEHICLE" and not any(c.isalpha() for c in ident):
        return True             # "placa 3500" (a bone plate), "matrícula 45123" (a licence): a plate has letters
    return bool(CLOCK.fullmatch(ident))


def _keyed_ids(doc: Doc, found: Found) -> None:
    """Identifiers after the cue words that say what they are ("MRN", "member ID", "plate")."""
    text = doc.text
    for m in KEYED_RE.finditer(doc.low):
        label = m.lastgroup if m.lastgroup != "id" else next(k for k, v in m.groupdict().items() if v and k != "id")
        s, e = _clean_id(m.group("id"))
        s, e = m.start("id") + s, m.start("id") + e
        ident = text[s:e]
        if _not_an_id(ident, label):
            continue
        owner = "staff" if STAFF_ID_CUE.search(doc.before(m.start("id"), 30)) else ""
        # a named cue ("MRN", "member ID") outweighs a number's shape ("00-4471-29" looks like a phone)
        found.add(s, e, label, 0.85 if label == "OTHER_ID" else 0.93,
                  f"{label.lower().replace('_', ' ')} number after a cue word", owner)


def _vins(doc: Doc, found: Found) -> None:
    for m in VIN.finditer(doc.text):
        if sum(c.isdigit() for c in m.group()) >= 5 and any(c.isalpha() for c in m.group()):
            found.add(m.start(), m.end(), "VEHICLE", 0.85, "vehicle identification number")


def _plates_on_vehicles(doc: Doc, found: Found) -> None:
    for m in PLATE_ON_VEHICLE.finditer(doc.text):
        plate = regex.sub(r"[ -]", "", m.group(1))
        if len(plate) >= 5 and not regex.search(r"[A-Z]{5}", plate):   # "our van COVID 19": a word, not a plate
            found.add(m.start(1), m.end(1), "VEHICLE", 0.8, "licence plate after the vehicle")


def _biometric_words(doc: Doc, found: Found) -> None:
    if not doc.may_match(("print", "scan", "gait", "face")):   # in every match of BIOMETRIC_WORDS
        return
    for m in BIOMETRIC_WORDS.finditer(doc.text):
        found.add(m.start(), m.end(), "BIOMETRIC", 0.7, "biometric identifier")


def _codes(doc: Doc, found: Found) -> None:
    for m in CODE.finditer(doc.text):
        found.add(m.start(), m.end(), "OTHER_ID", 0.6, "unique identifying code", kind="code")


def find(doc: Doc) -> list[Candidate]:
    """Strongest evidence first: a span goes to the first finder that claims it."""
    found = Found()
    has_digit = doc.digits > 0
    _player_numbers(doc, found)
    if has_digit:
        _ssns(doc, found)
        _keyed_ids(doc, found)
        _vins(doc, found)
        _plates_on_vehicles(doc, found)
    _biometric_words(doc, found)
    if has_digit:
        _codes(doc, found)
    return found.out
