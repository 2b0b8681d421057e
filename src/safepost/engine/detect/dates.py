"""Dates (every element but a year alone, and relative dates that pin a day) and ages over 89."""

from __future__ import annotations

import regex

from safepost.engine.doc import TENTATIVE, Candidate, Doc, Taken

SHORT_DAY = regex.compile(r"(?i)(?:mon|wed|sat|sun|tue|thu|fri)")
WORDLIKE_DAY = regex.compile(r"(?i)(?:sat|sun|wed)")
CLOCK_AFTER = regex.compile(r"\.?,?\s+(?:at\s+)?\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)\b", regex.IGNORECASE)
CLOCK_BEFORE = regex.compile(r"\b\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)\s+(?:on\s+)?$", regex.IGNORECASE)
SEE_YOU = regex.compile(r"\b(?:see\s+(?:you|ya|u)|until|til|till|by)\s+$", regex.IGNORECASE)
NOT_A_DATE = regex.compile(r"\d{1,2}[.-]\d{1,2}|\d{1,2}/10")
GREETING_BEFORE = regex.compile(r"(?i)\b(?:merry|happy|feliz)\s+$")
PLURAL_AFTER = regex.compile(r"(?i)s\b|\s+(?:mornings|nights|afternoons|evenings)")

MONTH = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
         r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
         r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)")
WEEKDAY = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
           r"lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)")
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
OTHER_MONTH = (r"(?:janvier|f[ée]vrier|avril|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|"   # fr
               r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"                            # it
               r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|"                     # pt
               r"januar|j[äa]nner|februar|m[äa]rz|juni|juli|oktober|dezember|"                                         # de
               r"januari|februari|maart|augustus)")                                                                   # nl
# abbreviated, or a word in English too ("2 Mars bars", "2 mai tais"): only with a year after it
OTHER_MONTH_ABBR = r"(?:mars|mai|mei|janv|f[ée]vr|avr|juil|sept|d[ée]c|gen|mag|giu|lug|ott|dic|fev|abr|mai|jun|jul|set|out|dez|m[äa]r|okt|mrt)"
YEAR = r"(?:19|20)\d\d"
PART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))"
# months as they are abbreviated after a day number ("14/ago", "3-jan") and as Roman numerals ("09-vi-2010")
MONTH_ABBR = r"(?:jan|ene|feb|mar|apr|abr|may|jun|jul|aug|ago|sept?|oct|nov|dec|dic)"
ROMAN_MONTH = r"(?:iii|ii|iv|vii{0,2}|vi|ix|xii|xi)"   # one letter (i, v, x) only with a year: "5-x" is no date
ORDINAL_WORD = (r"(?:(?:twenty|thirty)[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|"
                r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth")

DATE_PATTERNS = [
    # numeric: 01/30/1979, 3/8/90, 4/2, 2025-11-02, 11-02-2025
    # (not the end of a decimal: "3.5/10" is a rating, "1.5/2" a dose)
    (r"\b(?<!\d[.,])(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])(?:[/.-](?:\d{4}|\d{2}))?\b(?![/.-]\d)", 0.85, "numeric date"),
    (rf"\b{YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b", 0.9, "ISO date"),
    # a day and an abbreviated or Roman-numeral month: 14/ago, 3-jan-24, 09-vi-2010, el 2-xii
    (rf"\b(?:0?[1-9]|[12]\d|3[01])(?:[/.-](?:{MONTH_ABBR}|{ROMAN_MONTH})\b(?:[/.-](?:\d{{4}}|\d{{2}})\b)?"
     rf"|[/.-][ivx][/.-](?:\d{{4}}|\d{{2}})\b)(?![/.-]?\w)", 0.8, "numeric date"),
    # day first, as most of the world writes it: 22/09/1990
    (r"\b(?:1[3-9]|2\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{4}|\d{2})\b(?![/.-]\d)", 0.85, "numeric date"),
    # Saturday, March 14th, 2026 / Tuesday, Feb 3 / March 3 / Dec 2 2025 / June 3rd
    (rf"\b{MONTH}\s+{DAYNUM}\b(?:,?\s+{YEAR}\b)?", 0.9, "month and day"),
    # 3 March 2026 / 3rd of March / sábado 3 de mayo
    (rf"\b{DAYNUM}(?:\s+of|\s+de)?\s+{MONTH}\b(?:,?\s+(?:de\s+)?{YEAR}\b)?", 0.9, "day and month"),
    # a day and a month in French, Italian, Portuguese, German or Dutch: "16 septembre", "3 gennaio 2024",
    # "7 de maio", "30. Juli", "25 oktober"; an abbreviated month only with a year ("25 giu 2025")
    (rf"\b(?:[12]\d|3[01]|0?[1-9])(?:\.|er|º|°)?\s+(?:de\s+)?(?:{OTHER_MONTH}\b(?:,?\s+(?:de\s+)?{YEAR}\b)?"
     rf"|{OTHER_MONTH_ABBR}\.?\s+{YEAR}\b)", 0.85, "day and month (other languages)"),
    # March 2024 / June of 2019
    (rf"\b{MONTH}(?:\s+of)?\s+{YEAR}\b", 0.8, "month and year"),
    # Thurs 5/8 (weekday + numeric handled by joining below), Friday night, last Tuesday
    (rf"\b(?:(?:last|this|next|on|el|este|that|past)\s+)?{WEEKDAY}\b{PART}?", 0.7, "day of the week"),
    (r"\bthe\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b", 0.7, "day of the month"),
    # the day in words: "by the twenty-second", "the fourth of March" (not "the first time")
    (rf"(?<=\b(?:on|by|until|since|before|after|from)\s)the\s+(?:{ORDINAL_WORD})\b"
     r"(?!\s+(?:time|times|place|floor|grade|round|day|days|week|month|year|one|ones|person|step|dose|visit|of\b))"
     rf"|\bthe\s+(?:{ORDINAL_WORD})\s+of\s+(?:the\s+month|{MONTH})\b", 0.6, "day of the month in words"),
    (r"\b(?:yesterday|today|tonight|tomorrow|ayer|hoy|anoche|anteayer)(?:['’]s)?\b(?:\s+(?:morning|afternoon|evening|night))?", 0.7, "relative date"),
    (r"\b(?:last|this|that)\s+(?:night|morning|afternoon|evening|weekend)\b", 0.7, "relative date"),
    # a year alone is no Safe Harbor identifier (164.514(b)(2)(i)(C)): "2019", "last year" are not found
    (r"\b(?:last|this|next|past)\s+(?:week|month)\b", 0.6, "relative date"),
    (r"\b(?:the\s+)?(?:day|night|week)\s+before\s+(?:last|yesterday)\b", 0.7, "relative date"),
    (r"\b(?:tmrw|tmr|2morrow|tomorow|yday|yest)\b|\b(?:last|to)\s?nite\b|\bthis\s+(?:am|a\.m\.|pm|p\.m\.)(?!\w)", 0.6, "relative date"),
    (r"\b(?:last|this|next|that|past|early|late)\s+(?:spring|summer|fall|autumn|winter)\b", 0.5, "relative date"),
    # Spanish: la semana pasada, el mes pasado, esta mañana, hace dos semanas, pasado mañana
    (r"\b(?:la\s+semana|el\s+mes|el\s+año|el\s+fin\s+de\s+semana|el\s+verano|el\s+invierno|el\s+otoño|la\s+primavera)"
     r"\s+pasad[oa]\b", 0.6, "relative date"),
    (r"\b(?:est[ea])\s+(?:semana|mes|mañana|tarde|noche|fin\s+de\s+semana|verano|invierno|otoño|primavera)\b", 0.6,
     "relative date"),
    (r"\bhace\s+(?:un|una|dos|tres|cuatro|cinco|seis|unos|unas|pocos|\d{1,2})\s+(?:d[ií]as?|semanas?|meses?)\b", 0.6,
     "relative date"),
    (r"\b(?:pasado\s+mañana|(?:la\s+)?pr[óo]xima\s+semana|el\s+pr[óo]ximo\s+mes)\b", 0.6, "relative date"),
    (r"(?<!\b(?:la|esta|una|de|por|cada|las|toda|en|buena|buenas|mi|tu|su)\s+)\bmañana\b(?!\s+y\s+tarde)", 0.5, "relative date"),
    (r"\bel\s+d[ií]a\s+(?:[12]\d|3[01]|0?[1-9])\b", 0.7, "day of the month"),
    (r"\b(?:a|one|two|three|four|five|six|\d{1,2})\s+(?:days?|weeks?|months?)\s+ago\b", 0.6, "relative date"),
    (r"\b(?:christmas(?:\s+eve|\s+day)?|new year'?s(?:\s+eve|\s+day)?|thanksgiving|easter|halloween|valentine'?s day|"
     r"mother'?s day|father'?s day|memorial day|labor day|independence day|the fourth of july|4th of july|veterans day|"
     r"presidents'? day|juneteenth|diwali(?: night)?|ramadan|eid(?: al-fitr| al-adha)?|hanukkah|passover|rosh hashanah|"
     r"yom kippur|lunar new year|spring break|black friday|navidad|nochebuena|nochevieja|año nuevo|"
     r"d[ií]a de (?:los )?muertos|d[ií]a de reyes|semana santa|d[ií]a del padre|d[ií]a de (?:la|las) madres?|d[ií]a del niño)\b",
     0.6, "holiday"),
    # the day after, the same night: "the next morning", "that same evening", "al otro día", "esa misma noche"
    (r"\b(?:the\s+)?(?:next|following)\s+(?:morning|day|evening|night|afternoon)\b|\bthat\s+same\s+(?:morning|day|evening|night)\b"
     r"|\bover\s+the\s+(?:holiday\s+)?weekend\b|\bal\s+otro\s+d[ií]a\b|\b(?:ese|esa)\s+mism[oa]\s+(?:d[ií]a|noche|tarde|mañana)\b"
     r"|\b(?:el\s+)?mes\s+(?:pasado|que\s+viene)\b|\b(?:esta|la|en\s+la)\s+madrugada\b", 0.6, "relative date"),
    # day first without a year, as most of the world writes it: "el turno es el 18/9", "14/08" (not "24/7")
    (r"\b(?!24/7\b)(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])\b(?![/.-]\d)", 0.7, "numeric date"),
    # a day of the month alone, as Spanish says it: "la cita es el 12", "pásela al diecisiete" (a guess)
    (r"\b(?:el|al|del)\s"
     r"((?:[12]\d|3[01]|0?[1-9]|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci(?:s[ée]is|siete|ocho|nueve)|"
     r"veinte|veinti(?:uno|d[óo]s|tr[ée]s|cuatro|cinco|s[ée]is|siete|ocho|nueve)|treinta(?: y uno)?)\b)"
     r"(?![.,/:]?\d|\s*(?:%|x\b|al\s+\d|de\s+(?:la|las|los|cada|un|una|\d)|en\b|por\b|veces|años|pesos|mil|minutos|horas|d[íi]as|"
     r"semanas|meses|personas|pacientes|km|kg|mg|puntos|lugar|piso))", 0.45, "day of the month alone"),
    (rf"\b{MONTH}\b", 0.4, "month"),
]
# run on Doc.low (lowercased, same offsets): case-sensitive matching is faster than IGNORECASE
DATE_RX = [(regex.compile(p), s, why) for p, s, why in DATE_PATTERNS]
# What each pattern needs in the text before it is worth running: a digit, a month word, a
# weekday word, or one of the relative words. A cheap first look saves most of the work.
NEEDS = {"numeric date": "D", "ISO date": "D", "day of the month": "D", "month and day": "MD", "day of the month in words": "",
         "day of the month alone": "",
         "day and month": "MD", "day and month (other languages)": "D", "month and year": "MD", "month": "M", "day of the week": "W"}
NEEDS_SETS = {why: frozenset(NEEDS.get(why, "R")) for _, _, why in DATE_PATTERNS}
MONTH_WORDS = frozenset(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october "
    "nov november dec december enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre".split())
WEEKDAY_WORDS = frozenset(
    "mon monday tue tues tuesday wed weds wednesday thu thur thurs thursday fri friday sat saturday sun sunday lunes "
    "martes miércoles miercoles jueves viernes sábado sabado domingo".split())
WEEKDAY_WORDS = WEEKDAY_WORDS | {w + s for w in WEEKDAY_WORDS for s in ("'s", "’s") if len(w) > 3}
RELATIVE_WORDS = frozenset(
    "yesterday today tonight tomorrow ayer hoy anoche anteayer last this that next past ago before christmas new "
    "thanksgiving easter halloween valentine valentine's mother's father's mothers fathers memorial labor "
    "independence fourth 4th yesterday's today's tonight's tomorrow's tmrw tmr 2morrow tomorow yday yest semana mes "
    "año pasado pasada esta este hace mañana próxima proxima próximo proximo verano invierno otoño primavera día dia "
    "next following same over otro mismo misma madrugada veterans presidents presidents' juneteenth diwali ramadan eid "
    "hanukkah passover rosh yom lunar spring black navidad nochebuena nochevieja muertos reyes santa padre madre madres "
    "niño".split())
# a weekday written before a date: "Saturday, March 14th", "Tuesday the 3rd of May"
WEEKDAY_BEFORE = regex.compile(rf"\b{WEEKDAY},?\s+(?:the\s+)?$", regex.IGNORECASE)
# A month word that is not one: "may", "march", "sat" and friends need a digit or a capital.
AMBIGUOUS_MONTH = regex.compile(r"^(?:may|mar|march|jan|sat|sun|wed|dec|june|july|aug|jun|jul|april|apr|sept?)$", regex.IGNORECASE)

RECURRING = regex.compile(r"(?i)\b(?:every|each|our|a|on)\s+$")
AGE = regex.compile(
    r"\b(?:(?:age[ds]?|turn(?:ed|s|ing)?|cumpli[óo]|celebrat(?:ed|es|ing)|is|was|at)\s+)?"
    r"(9\d|1[01]\d|9 \d|9O)(?:\s{0,2}-?\s{0,2}(?:years?|yrs?|y/?o|year[- ]old|yr[- ]old|añ(?:os|itos|azos|otes)|anni|ans|anos|jahren?|jaar)\b(?:[- ]old)?|(?:st|nd|rd|th)\s+birthday|th\b)",
    regex.IGNORECASE)
AGE_AFTER_NAME = regex.compile(r"(?:(?<=[\p{L}.)]),|\s[—–])\s+(9\d|1[01]\d)"
                            r"(?=[,:;)]|\s*$|\s+(?:this|next|in|on|and|btw|today|hoy|este|en)\b)"
                            # after a capitalised name, a sentence may end there: "Meet Harold Benning, 90!"
                            r"|(?<=\p{Lu}\p{Ll}+),\s(9\d|1[01]\d)(?=!|\.(?!\d))")
AGE_CUE = regex.compile(
    r"\b(?:age[ds]?|age\s+of|turn(?:ed|s|ing)?|cumpli[óo]|cumple|wordt|wird|compie|faz|fez|completa|is|was|at|now|tiene|edad|i['’]?m|i\s+am|he['’]?s|she['’]?s|"
    r"who['’]?s|(?:is|he['’]?s|she['’]?s|i['’]?m)\s+(?:like|almost|nearly|just|now)|(?:will|['’]ll)\s+be|like|"
    r"(?:cumpleaños|birthday)(?:\s+n[úu]mero)?)\s+(9\d|1[01]\d|9O)\b(?!\s*(?:%|percent|minutes?|mins?|hours?|"
    r"days?|dollars|patients|people|beds|mg|lbs?|pounds|degrees|times|of|out|bpm|miles|steps|pills|stitches|"
    r"d[ií]as|meses|semanas|horas|sesiones|tage|dagen|giorni|jours|dias)\b)(?![.,]\d)"
    r"|\(\s*(9\d|1[01]\d)\s*!?\)"
    r"|\b(?:happy|feliz)\s+(9\d|1[01]\d)(?:st|nd|rd|th)?\b"
    r"|\b(9\d|1[01]\d)\s+(?:and|y)\s+(?:still|going|counting|unstoppable|thriving|sharp|just|sigue|todav[ií]a)\b"
    r"|\p{Ll},\s+(9\d|1[01]\d)\s*$", regex.IGNORECASE)


RANGE_BEFORE = regex.compile(r"\b(?:del|de)\s+\d{1,2}\s+al\s+$")
TIME_BEFORE_MONTH = regex.compile(r"\b(?:in|since|last|this|next|until|till|by|early|late|mid|en|desde|hasta|pasado)\s$")


def _is_real_month_word(doc: Doc, s: int, e: int, word: str) -> bool:
    if not AMBIGUOUS_MONTH.match(word):
        return True
    if len(word) > 3 and TIME_BEFORE_MONTH.search(doc.low, max(0, s - 7), s):
        return True    # "in march", "last june": a time word says it is the month
    return doc.text[s].isupper() and s > 0 and doc.text[max(0, s - 2):s].strip() not in (".", "!", "?", "")


def _kinds_present(doc: Doc) -> set[str]:
    """Which of NEEDS' kinds of word the text has: D(igit), M(onth), W(eekday), R(elative)."""
    words = doc.words
    return {k for k, ok in (("D", doc.digits > 0), ("M", not words.isdisjoint(MONTH_WORDS)),
                            ("W", not words.isdisjoint(WEEKDAY_WORDS)),
                            ("R", not words.isdisjoint(RELATIVE_WORDS))) if ok}


def _not_a_weekday_date(text: str, word: str, s: int, e: int) -> bool:
    """"sat", "wed" as words; every Tuesday, Friday mornings: a habit, not a date. A short day
    next to a clock time or after "see you" is a day ("Wed 9am", "2am Sat", "see ya Weds")."""
    if RECURRING.search(text[max(0, s - 8):s]):
        return True
    bare = word.split()[-1] if " " not in word.strip() else word
    if SHORT_DAY.fullmatch(word) or WORDLIKE_DAY.fullmatch(bare):
        before = text[max(0, s - 12):s]
        timed = CLOCK_AFTER.match(text, e) or CLOCK_BEFORE.search(before) or SEE_YOU.search(before)
        return not (text[s:s + 1].isupper() and timed)
    return bool(PLURAL_AFTER.match(text[e:e + 12]))


def _not_a_date(doc: Doc, why: str, word: str, s: int, e: int) -> bool:
    """A match of the pattern `why` that the words around it show to be no date."""
    if why == "month":
        return not _is_real_month_word(doc, s, e, word)
    if why == "day of the week":
        return _not_a_weekday_date(doc.text, word, s, e)
    if why == "numeric date":
        # 7.5, 3-4 or 10/10: a number, a range or a rating; "3.5/10": a date keeps one separator
        return bool(NOT_A_DATE.fullmatch(word)) or len(set(regex.findall(r"[/.-]", word))) > 1
    if why == "day of the month alone":
        return bool(RANGE_BEFORE.search(doc.low, max(0, s - 12), s))   # "del 1 al 10": a scale or a range
    if why == "holiday":
        return bool(GREETING_BEFORE.search(doc.text[max(0, s - 8):s]))  # a greeting, not a date
    return False


def _weekday_start(text: str, taken: Taken, s: int) -> int:
    """Where a date starts with the weekday written before it ("Saturday, March 14th")."""
    w = WEEKDAY_BEFORE.search(text, max(0, s - 16), s)
    return w.start() if w and not taken.overlaps(w.start(), s) else s


def _dates(doc: Doc, taken: Taken) -> list[Candidate]:
    out: list[Candidate] = []
    present = _kinds_present(doc)
    for rx, score, why in DATE_RX:
        if not NEEDS_SETS[why] <= present:
            continue
        for m in rx.finditer(doc.low):
            g = 1 if rx.groups else 0
            s, e = m.span(g)
            if taken.overlaps(s, e) or _not_a_date(doc, why, m.group(g), s, e):
                continue
            if why in ("month and day", "day and month", "day and month (other languages)"):
                s = _weekday_start(doc.text, taken, s)
            taken.claim(s, e)
            out.append(Candidate(s, e, "DATE", score, why, kind=TENTATIVE if why == "day of the month alone" else ""))
    return out


# ages over 89 in words, after a cue or before "years": "tiene noventa y cuatro", "at ninety-three", "ciento uno años"
_UNITS_EN = r"one|two|three|four|five|six|seven|eight|nine"
_UNITS_ES = r"uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieciséis|diecisiete|dieciocho|diecinueve"
AGE_WORDS = (rf"(?:ninety(?:[- ](?:{_UNITS_EN}))?|(?:one|a)\s+hundred(?:\s+and)?(?:[- ](?:{_UNITS_EN}|ten|eleven|twelve))?|"
             rf"noventa(?:\s+y\s+(?:{_UNITS_ES}))?|cien|ciento\s+(?:{_UNITS_ES}))")
AGE_IN_WORDS = regex.compile(
    rf"(?i)(?<=\b(?:age[ds]?|age\s+of|turn(?:ed|s|ing)?|cumpli[óo]|cumple|is|was|at|now|tiene|ten[íi]a|edad\s+de|i['’]?m|i\s+am|"
    rf"he['’]?s|she['’]?s)\s)({AGE_WORDS})\b(?!\s*(?:%|percent|minutes?|hours?|days?|dollars|patients|people|pounds|lbs?|"
    rf"degrees|times|miles|steps|pills|d[íi]as|minutos|horas|pesos|libras|kilos|por\s+ciento)\b)"
    rf"|(?i)\b({AGE_WORDS})(?=[- ]?(?:years?|yrs?|year[- ]old|añ(?:os|itos|azos|otes))\b)"
    rf"|(?<=(?:\p{{Lu}}\p{{Ll}}+|[\p{{L}}.)]),\s)((?i:{AGE_WORDS}))(?=[,:;)!]|\.(?!\d)|\s*$|\s+(?:this|next|today|hoy|este)\b)")
AGE_NUMBER_WORDS = frozenset("ninety noventa hundred cien ciento".split())

AGE_PATTERNS = (AGE, AGE_AFTER_NAME, AGE_CUE)
# the number every match of AGE_PATTERNS holds, 90 to 119: a first look (for speed)
AGE_NUMBER = regex.compile(r"9[\dO]|9 \d|1[01]\d")


def _age_span(rx: regex.Pattern, m: regex.Match) -> tuple[int, int]:
    """The number and its unit, without the verb before it; for the cues, the group that matched."""
    if rx is AGE:
        return m.start(1), m.end()
    g = next(k for k in range(1, (rx.groups or 0) + 1) if m.group(k)) if rx.groups else 0
    return m.span(g)


def _ages(doc: Doc, taken: Taken) -> list[Candidate]:
    """Ages over 89."""
    out: list[Candidate] = []
    for rx in (AGE_PATTERNS if doc.digits and AGE_NUMBER.search(doc.text) else ()):
        for m in rx.finditer(doc.text):
            s, e = _age_span(rx, m)
            if taken.claim(s, e):
                out.append(Candidate(s, e, "AGE", 0.9, "age over 89"))
    for m in (AGE_IN_WORDS.finditer(doc.text) if any(w in doc.low for w in AGE_NUMBER_WORDS) else ()):
        s, e = m.span(next(g for g in (1, 2, 3) if m.group(g)))
        if taken.claim(s, e):
            out.append(Candidate(s, e, "AGE", 0.8, "age over 89, in words"))
    return out


def find(doc: Doc) -> list[Candidate]:
    taken = Taken()
    dates = _dates(doc, taken)
    return dates + _ages(doc, taken)
