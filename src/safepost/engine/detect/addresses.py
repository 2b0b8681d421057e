"""Street addresses and postal codes as the rest of the world writes them: the street word
before the name ("rue Victor Hugo 12", "Calle 5 de Mayo #123", "Via Roma, 3") or glued to it
("Hauptstraße 5", "Meikestraat 8"), UK, Canadian and Dutch postcodes, and a postcode beside a
town ("10115 Berlin", "Lyon 69003")."""

from __future__ import annotations

import regex

from safepost.engine import lexicons
from safepost.engine.doc import Candidate, Doc

NAME = r"\p{Lu}[\p{L}'’.-]*"
# the small words inside a place's name ("Rua de las Flores", "Villanueva de la Cañada", "Den Dungen")
PARTICLES = r"de|del|de la|de los|de las|los|las|des|du|da|do|dos|das|di|della|van|von|der|den|la|le|les|el|y|e|\d{1,2}"
LINK = rf"(?:{PARTICLES}|[\p{{Lu}}][\p{{L}}'’.-]*)"
# street words that come before the name (Romance languages, and English ones that can lead)
LEADING = (r"(?i:rue|chemin|avenue|av\.|allée|boulevard|bd|impasse|place|quai|route|calle|c/|avenida|avda\.|"
           r"carrera|camino|paseo|plaza|ronda|glorieta|pasaje|callejón|privada|circuito|cerrada|andador|via|viale|"
           r"piazza|piazzale|corso|contrada|canale|vicolo|largo|strada|borgo|rua|praça|travessa|alameda|estrada|"
           r"rodovia|ladeira)")
LEADING_STREET = regex.compile(
    rf"(?:\b\d{{1,5}}[a-z]?,?\s+)?\b{LEADING}\s+(?:{LINK}\s+){{0,4}}{NAME}"
    rf"(?:,?\s*(?:n[º°o.]\s*)?#?\d{{1,5}}[A-Za-z]?(?:\s*(?:Piano|Interno|Int\.|Apt\.?|Piso|Depto\.?)\s*\d{{1,4}})?)?")
# street words glued to the end of the name (German, Dutch, Scandinavian) and English suffixes
GLUED = (r"\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|allee|weg|gasse|platz|ring|damm|ufer|chaussee|steig|pfad|"
         r"straat|laan|plein|gracht|kade|dijk|singel|hof|veld|park|gatan|vägen|vej|gade)")
GLUED_STREET = regex.compile(rf"\b{GLUED}\s+\d{{1,5}}[a-z]?\b")
ENGLISH = (r"(?:plain|plains|turnpike|cove|burg|burgs|end|court|ct|crescent|close|mews|gardens|grove|green|"
           r"hill|hollow|junction|key|landing|meadow|meadows|mill|mount|orchard|pass|path|point|port|ranch|ridge|"
           r"shoal|shore|spring|springs|summit|track|trafficway|tunnel|union|valley|view|villages?|vista|walk|"
           r"wall|well|wells|stravenue|station|squares?|skyway|roads?|rest|radial|prairie|pines?|parks?|overpass|"
           r"oval|manors?|loaf|lodge|locks?|light|lakes?|knolls?|isle|inlet|harbors?|haven|heights|glens?|"
           r"gateway|garden|ford|fork|forks|forest|flats?|fields?|falls|expressway|estates?|drives?|divide|"
           r"dale|dam|crossroad|creek|course|corners?|common|cliffs?|causeway|canyon|camp|bypass|brooks?|"
           r"bridge|branch|bottom|bluffs?|bend|beach|bayou|alley|annex|arcade|avenue|boulevard|center|circle|"
           r"drive|expy|freeway|highway|lane|parkway|place|plaza|road|square|street|terrace|trail|way)")
NUMBERED_STREET = regex.compile(
    rf"\b(?!(?:19|20)\d\d\b)\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})?,?\s+(?:{NAME}\s+){{1,3}}(?i:{ENGLISH})\b\.?"
    r"(?:,?\s+(?i:suite|ste\.?|apt\.?|apartment|unit|flat|#)\s*[\w-]{1,6})?")
# Colombian and Venezuelan numbered grids: "Cl. 63 # 24-51, apto 302", "Carrera 7 No. 45-10", "Cra 15 #93-60"
GRID_STREET = regex.compile(
    r"\b(?i:calle|cl\.?|cll\.?|carrera|cra\.?|cr\.?|kr\.?|kra\.?|diagonal|dg\.?|transversal|tv\.?|trans\.?|avenida|av\.?|ak|ac)"
    r"\s*\d{1,3}\s?[A-Za-z]?(?:\s?(?i:bis))?\s*(?:#|(?i:n[º°o]\.?|no\.?|número))\s*\d{1,3}\s?[A-Za-z]?\s*-\s*\d{1,3}"
    r"(?:,?\s*(?i:apto\.?|apartamento|int\.?|interior|piso|casa|local|torre)\s*\d{1,4}[A-Za-z]?)?")
STUDIO = regex.compile(r"\b(?:Studio|Flat|Apartment|Apt\.?|Unit|Suite)\s+\d{1,4}[A-Za-z]?\b")
UK_POSTCODE = regex.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
CA_POSTCODE = regex.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")
NL_POSTCODE = regex.compile(r"\b(?!19|20)[1-9]\d{3}\s?[A-Z]{2}\b")
# a postcode after the word for it ("CP 174467", "CEP 09306-998", "PLZ 80331", "PIN 560001") or after an
# Australian state ("NSW 8460")
CUED_POSTCODE = regex.compile(r"(?<=\b(?:CP|C\.P\.|CEP|PLZ|PIN code|(?i:postcode|post code|postal code|c[óo]digo postal|code postal|"
                              r"codice postale))\s?:?\s?)(?:\d{4,6}(?:-\d{3,4})?|[A-Z]\d{4}[A-Z]{3})\b")
AU_POSTCODE = regex.compile(r"(?<=\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s)(?!(?:19|20)\d\d\b)\d{4}\b")
# a postcode beside a capitalised town: "10115 Berlin", "75008 Paris", "Lyon 69003", "08001 Barcelona"
TOWN_WORD = r"\p{Lu}[\p{L}'’-]{0,40}+"      # no dot: "44702 Kötzting. Rückruf" ends at the full stop
# the words after a town's first (bounded, possessive and atomic: "Ab-Ab-Ab-…" must not split four ways)
TOWN_REST = rf"(?:[\s-](?>{PARTICLES}|{TOWN_WORD}))"
CODE_TOWN = regex.compile(rf"\b(?!(?:19|20)\d\d\b)\d{{4,5}}(?:-\d{{3,4}})?\s+((?:{TOWN_WORD}){TOWN_REST}{{0,3}})"
                          rf"|\b((?:{NAME})(?:[\s-]{NAME}){{0,2}}),?\s+\d{{5}}\b")

# U.S. states (not ID: "Maria Lopez ID 48213" is an identifier), Canadian provinces, Australian states
STATE_CODE = (r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
              r"OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|NSW|VIC|QLD|SA|TAS|ACT)")
# the town of an address, before its state and postcode or a U.K. postcode: "East Loriview, NC 45073",
# "Brittneymouth WA 4338", "Ashleyberg, MB B2C2S6", "Daviesshire UB1 5YJ", "Derby, G27 6WW"
TOWN_BEFORE_CODE = regex.compile(
    rf"(?<![\p{{L}}'’-])((?:St\.\s)?{TOWN_WORD}(?:\s{TOWN_WORD}){{0,2}}),?\s(?:{STATE_CODE}\s(?:\d{{4,5}}(?:-\d{{4}})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d)"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b")


LEADING_WORDS = frozenset("""rue chemin avenue av allée boulevard bd impasse place quai route calle c avenida avda carrera
camino paseo plaza ronda glorieta pasaje callejón privada circuito cerrada andador via viale piazza piazzale corso
contrada canale vicolo largo strada borgo rua praça travessa alameda estrada rodovia ladeira""".split())
_SUFFIXES = regex.sub(r"[()?:]", " ", ENGLISH).replace("|", " ").split()
ENGLISH_WORDS = frozenset(_SUFFIXES) | frozenset(w[:-1] for w in _SUFFIXES if w.endswith("s"))
GLUED_HINT = regex.compile(r"(?:straße|strasse|str\.|allee|weg|gasse|platz|ring|damm|ufer|chaussee|steig|pfad|straat|"
                           r"laan|plein|gracht|kade|dijk|singel|hof|veld|park|gatan|vägen|vej|gade)\s+\d")
STUDIO_WORDS = frozenset("studio flat apartment apt unit suite".split())
FOUR_DIGITS = regex.compile(r"\d{4}")


def find(doc: Doc) -> list[Candidate]:
    text, words, out = doc.text, doc.words, []
    leading = not words.isdisjoint(LEADING_WORDS)
    if not doc.digits:
        for m in (LEADING_STREET.finditer(text) if leading else ()):
            if _street_context(doc, m.start()):
                out.append(Candidate(m.start(), m.end(), "LOCATION", 0.7, "street name", kind="street"))
        return out
    patterns = [(LEADING_STREET, "street address (street word first)", leading),
                (GLUED_STREET, "street address", bool(GLUED_HINT.search(doc.low))),
                (NUMBERED_STREET, "street address", not words.isdisjoint(ENGLISH_WORDS)),
                (STUDIO, "flat or suite in an address", not words.isdisjoint(STUDIO_WORDS)),
                (GRID_STREET, "street address (numbered grid)", "-" in text)]
    for rx, why, worth_it in patterns:
        for m in (rx.finditer(text) if worth_it else ()):
            if rx is LEADING_STREET and not regex.search(r"\d", m.group()) and not _street_context(doc, m.start()):
                continue
            out.append(Candidate(m.start(), m.end(), "LOCATION", 0.85, why, kind="" if rx is STUDIO else "street"))
    for rx, why in ((UK_POSTCODE, "UK postcode"), (CA_POSTCODE, "Canadian postal code"), (NL_POSTCODE, "Dutch postcode"),
                    (CUED_POSTCODE, "postcode after its word"), (AU_POSTCODE, "Australian postcode")):
        for m in rx.finditer(text):
            if rx is NL_POSTCODE and m.group()[-2:] in ("AM", "PM"):
                continue
            out.append(Candidate(m.start(), m.end(), "LOCATION", 0.8, why))
    out += _towns_after_streets(text, out)
    for m in (CODE_TOWN.finditer(text) if FOUR_DIGITS.search(text) else ()):
        # "44702 Kötzting" outranks the bare ZIP the places detector finds in it; "Lyon 69003" does not
        # outrank a street address ending before the code ("12 rue Victor Hugo, 69003 Lyon")
        out.append(Candidate(m.start(), m.end(), "LOCATION", 0.86 if m.group(1) else 0.75, "postcode and town"))
    for m in TOWN_BEFORE_CODE.finditer(text):
        out.append(Candidate(m.start(1), m.end(1), "LOCATION", 0.86, "town before its state and postcode"))
    return out


# the town after a street address and a comma: "Tr. 9ª # 18-87 Este, Madrid.", "Av. Malvinas Argentinas N° 7622, Posadas (CP …)"
TOWN_AFTER_STREET = regex.compile(rf",\s{{1,2}}((?:{TOWN_WORD}){TOWN_REST}{{0,3}}?)(?=\s?[.,;!?()/]|\s[A-Z]{{2,3}}\b|\s\d|\s*$)")


def _common_word(word: str) -> bool:
    low = word.lower()
    return lexicons.common_words().get(low, 10 ** 6) <= 5000 or low in lexicons.spanish_words()


def _towns_after_streets(text: str, found: list[Candidate]) -> list[Candidate]:
    out = []
    for c in found:
        if c.kind == "street" and (m := TOWN_AFTER_STREET.match(text, c.end)) \
                and not all(_common_word(w) for w in m.group(1).replace("-", " ").split()):   # "…Elm Street, Thanks!"
            out.append(Candidate(m.start(1), m.end(1), "LOCATION", 0.8, "town after a street address"))
    return out


STREET_CONTEXT = regex.compile(r"(?i)\b(?:on|at|in|en|la|la calle|sur|via|na|lives?|living|moved|address|dirección|"
                               r"adresse|indirizzo|endereço|adres|vive|vit|abita|mora|woont|wohnt)\W{0,3}$")


def _street_context(doc: Doc, start: int) -> bool:
    return bool(STREET_CONTEXT.search(doc.text[max(0, start - 24):start]))
