#!/usr/bin/env python3
"""Build bench/generic3/generic3.jsonl: 600 template sentences in the style of public
generic-PII benchmarks (chat, e-mail, tickets, forms, medical notes, letters, SMS, posts,
applications, police/school/club/pharmacy/lab notices) in 21 locales, filled with Faker
values and locally generated identifiers. Every filled identifier is a gold span with
phi: true; offsets are computed here from the filled values and asserted.

    PYTHONHASHSEED=0 /work/main/.venv/bin/python bench/generic3/make.py

The script re-executes itself with PYTHONHASHSEED=0 when it is not set, and seeds Faker
and `random` per item, so the output is byte-identical from run to run.
"""
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import datetime as dt
import json
import random
import re
import string
import unicodedata
from collections import Counter
from pathlib import Path

from faker import Faker

SEED = 31337
N_ITEMS = 600
REF = dt.date(2024, 6, 15)            # "today" for ages
EV_LO, EV_HI = dt.date(2023, 7, 1), dt.date(2025, 6, 30)   # event dates
OUT = Path(__file__).resolve().parent / "generic3.jsonl"

# items per locale (sums to 600)
LOCALES = {
    "en_US": 50, "en_GB": 40, "en_AU": 30, "en_CA": 30, "en_IE": 25, "en_NZ": 25, "en_IN": 30,
    "en_ZA": 25, "es_ES": 30, "es_MX": 25, "es_CL": 20, "fr_FR": 30, "fr_CA": 20, "de_DE": 30,
    "de_AT": 20, "it_IT": 35, "pt_PT": 25, "pt_BR": 30, "nl_NL": 30, "pl_PL": 25, "sv_SE": 25,
}
assert sum(LOCALES.values()) == N_ITEMS


def lang_of(loc):
    return loc.split("_")[0]


# ----------------------------------------------------------------------------- helpers
UP = string.ascii_uppercase


def pat(r, p):
    """# digit, N digit 2-9, M 6-9, Q one of 35679, S one of 02369, @ uppercase letter,
    % uppercase alnum; anything else literal."""
    out = []
    for ch in p:
        if ch == "#":
            out.append(r.choice("0123456789"))
        elif ch == "N":
            out.append(r.choice("23456789"))
        elif ch == "M":
            out.append(r.choice("6789"))
        elif ch == "Q":
            out.append(r.choice("35679"))
        elif ch == "S":
            out.append(r.choice("02369"))
        elif ch == "@":
            out.append(r.choice(UP))
        elif ch == "%":
            out.append(r.choice(UP + "0123456789"))
        else:
            out.append(ch)
    return "".join(out)


def digits(r, n, first_nonzero=False):
    s = "".join(r.choice("0123456789") for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = r.choice("123456789") + s[1:]
    return s


def luhn_check(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def group(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def ascii_slug(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", s.lower())


def iban(r, cc, bban_pattern):
    bban = pat(r, bban_pattern)
    conv = "".join(str(int(c, 36)) for c in bban + cc + "00")
    check = 98 - int(conv) % 97
    return f"{cc}{check:02d}{bban}"


def rand_date(r, lo, hi):
    return lo + dt.timedelta(days=r.randint(0, (hi - lo).days))


# ----------------------------------------------------------------------------- dates
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "es": "lunes martes miércoles jueves viernes sábado domingo".split(),
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split(),
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica".split(),
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo".split(),
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split(),
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela".split(),
    "sv": "måndag tisdag onsdag torsdag fredag lördag söndag".split(),
}
ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()


def ordinal_en(d):
    if 11 <= d % 100 <= 13:
        return f"{d}th"
    return f"{d}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def fmt_date(loc, d, mode, r, dob=False):
    """mode: 'any', 'w' (written month) or 'n' (numeric); dob=True keeps only forms with a year
    and without a weekday."""
    lang = lang_of(loc)
    mon = MONTHS[lang][d.month - 1]
    wd = WEEKDAYS[lang][d.weekday()]
    Y, D = d.year, d.day
    dd, mm, yy = f"{D:02d}", f"{d.month:02d}", f"{Y % 100:02d}"
    m1 = str(d.month)
    if loc == "de_AT" and d.month == 1:
        mon = "Jänner"
    if lang == "en":
        ab = mon[:3] + ("t" if mon == "September" and r.random() < 0.3 else "")
        if loc == "en_US":
            num = [f"{mm}/{dd}/{Y}", f"{m1}/{D}/{Y}", f"{m1}/{D}/{yy}", f"{Y}-{mm}-{dd}", f"{mm}-{dd}-{Y}"]
            wr = [f"{mon} {D}, {Y}", f"{ab} {D}, {Y}", f"{mon} {ordinal_en(D)}", f"{wd}, {mon} {D}",
                  f"{mon} {D} {Y}", f"{ab}. {D}, {Y}"]
        elif loc == "en_CA":
            num = [f"{Y}-{mm}-{dd}", f"{dd}/{mm}/{Y}", f"{mm}/{dd}/{Y}", f"{Y}/{mm}/{dd}"]
            wr = [f"{mon} {D}, {Y}", f"{D} {mon} {Y}", f"{ab}. {D}, {Y}", f"{wd}, {mon} {D}"]
        else:
            num = [f"{dd}/{mm}/{Y}", f"{D}/{m1}/{yy}", f"{dd}-{mm}-{Y}", f"{Y}-{mm}-{dd}", f"{dd}.{mm}.{Y}"]
            wr = [f"{D} {mon} {Y}", f"{ordinal_en(D)} {mon} {Y}", f"{D} {ab} {Y}", f"{wd} {D} {mon}",
                  f"{ordinal_en(D)} of {mon}", f"{D} {mon}"]
            if loc == "en_IN":
                wr.append(f"{dd}-{ab}-{Y}")
    elif lang == "es":
        num = [f"{dd}/{mm}/{Y}", f"{D}/{m1}/{Y}", f"{dd}-{mm}-{Y}", f"{dd}/{mm}/{yy}"]
        wr = [f"{D} de {mon} de {Y}", f"{D} de {mon}", f"{wd} {D} de {mon}", f"{dd}/{mon[:3]}/{Y}",
              f"{D} {mon} {Y}"]
    elif lang == "fr":
        d1 = "1er" if D == 1 else str(D)
        num = [f"{dd}/{mm}/{Y}", f"{dd}/{mm}/{yy}", f"{dd}.{mm}.{Y}"] + ([f"{Y}-{mm}-{dd}"] if loc == "fr_CA" else [])
        wr = [f"{d1} {mon} {Y}", f"{wd} {d1} {mon}", f"{d1} {mon}", f"{wd} {d1} {mon} {Y}"]
    elif lang == "de":
        num = [f"{dd}.{mm}.{Y}", f"{D}.{m1}.{Y}", f"{dd}.{mm}.{yy}", f"{Y}-{mm}-{dd}"]
        wr = [f"{D}. {mon} {Y}", f"{wd}, {D}. {mon} {Y}", f"{D}. {mon}", f"{wd}, den {D}. {mon}"]
    elif lang == "it":
        d1 = "1º" if D == 1 else str(D)
        num = [f"{dd}/{mm}/{Y}", f"{dd}-{mm}-{Y}", f"{dd}.{mm}.{Y}", f"{D}/{m1}/{yy}"]
        wr = [f"{d1} {mon} {Y}", f"{d1} {mon}", f"{d1} {mon[:3]}. {Y}", f"{dd} {mon} {Y}"]
    elif lang == "pt":
        num = [f"{dd}/{mm}/{Y}", f"{dd}-{mm}-{Y}", f"{dd}/{mm}/{yy}", f"{D}/{m1}/{Y}"]
        wr = [f"{D} de {mon} de {Y}", f"{D} de {mon}", f"{D} {mon[:3]} {Y}", f"{D} de {mon} {Y}"]
    elif lang == "nl":
        ab = {"maart": "mrt", "mei": "mei", "juni": "jun", "juli": "jul"}.get(mon, mon[:3])
        num = [f"{dd}-{mm}-{Y}", f"{D}-{m1}-{Y}", f"{dd}/{mm}/{Y}", f"{dd}-{mm}-{yy}"]
        wr = [f"{D} {mon} {Y}", f"{wd} {D} {mon}", f"{D} {ab} {Y}", f"{D} {mon}"]
    elif lang == "pl":
        num = [f"{dd}.{mm}.{Y}", f"{Y}-{mm}-{dd}", f"{dd}/{mm}/{Y}", f"{D}.{mm}.{Y}"]
        wr = [f"{D} {mon} {Y}", f"{D} {ROMAN[d.month - 1]} {Y}", f"{D} {mon}", f"{D} {mon} {Y} r."]
    elif lang == "sv":
        num = [f"{Y}-{mm}-{dd}", f"{D}/{m1} {Y}", f"{Y}{mm}{dd}", f"{dd}.{mm}.{Y}"]
        wr = [f"{D} {mon} {Y}", f"{D} {mon}", f"{D} {mon[:3]} {Y}", f"{D}:e {mon}"]
    else:
        raise ValueError(loc)
    if dob:
        wr = [x for x in wr if str(Y) in x and wd not in x]
    if mode == "n":
        return r.choice(num)
    if mode == "w":
        return r.choice(wr)
    return r.choice(wr if r.random() < 0.5 else num)


# ----------------------------------------------------------------------------- phones
PHONES = {  # locale: (mobile national, mobile international, landline national, landline international)
    "en_US": (["(N##) N##-####", "N##-N##-####", "N##.N##.####", "N##N######"],
              ["+1 N##-N##-####", "+1 (N##) N##-####", "+1N##N######", "1-N##-N##-####"],
              ["(N##) N##-####", "N##-N##-####"], ["+1 N##-N##-####"]),
    "en_CA": (["(N##) N##-####", "N##-N##-####", "N## N## ####"],
              ["+1 N##-N##-####", "+1 (N##) N##-####", "1-N##-N##-####"],
              ["(N##) N##-####", "N##-N##-####"], ["+1 N##-N##-####"]),
    "en_GB": (["07### ######", "07#########", "07### ### ###"],
              ["+44 7### ######", "+44 (0)7### ######", "+447#########", "0044 7### ######"],
              ["020 #### ####", "0161 ### ####", "01### ######", "(0113) ### ####"],
              ["+44 20 #### ####", "+44 161 ### ####", "+44 (0)1### ######"]),
    "en_AU": (["04## ### ###", "04########", "04##-###-###"],
              ["+61 4## ### ###", "+614########", "+61 (0)4## ### ###"],
              ["(02) #### ####", "03 #### ####", "(08) N### ####"], ["+61 2 #### ####", "+61 3 #### ####"]),
    "en_IE": (["08Q ### ####", "087#######", "086-###-####", "085 #######"],
              ["+353 8Q ### ####", "+353 87 #######", "00353 86 ### ####"],
              ["(01) ### ####", "021 ### ####", "091-######"], ["+353 1 ### ####", "+353 21 ### ####"]),
    "en_NZ": (["021 ### ####", "022 ### ####", "027 ### ####", "021#######"],
              ["+64 21 ### ####", "+64 27 ### ####", "+6422#######"],
              ["(09) N## ####", "04 N## ####", "03-N## ####"], ["+64 9 N## ####", "+64 3 N## ####"]),
    "en_IN": (["M#### #####", "M#########", "0M#### #####"],
              ["+91 M#### #####", "+91-M#########", "+91M#########", "0091 M#### #####"],
              ["080-N### ####", "022 N### ####", "011-2###-####"], ["+91 80 N### ####", "+91 22 N### ####"]),
    "en_ZA": (["08N ### ####", "07N ### ####", "06N ### ####", "082#######"],
              ["+27 8N ### ####", "+27 7N ### ####", "+2782#######"],
              ["011 ### ####", "021 ### ####", "(031) ### ####"], ["+27 11 ### ####", "+27 21 ### ####"]),
    "es_ES": (["6## ## ## ##", "6## ### ###", "6########", "7## ## ## ##"],
              ["+34 6## ## ## ##", "+34 6## ### ###", "0034 6########", "(+34) 6## ### ###"],
              ["91 ### ## ##", "93 ### ## ##", "9N# ### ###"], ["+34 91 ### ## ##", "+34 93 ### ## ##"]),
    "es_MX": (["55 #### ####", "33 #### ####", "81 #### ####", "(55) ####-####", "55########"],
              ["+52 55 #### ####", "+52 1 55 #### ####", "+52 (33) #### ####", "+5281########"],
              ["55 5### ####", "(33) 3###-####"], ["+52 55 5### ####", "+52 33 3### ####"]),
    "es_CL": (["9 #### ####", "9########", "09-#### ####"],
              ["+56 9 #### ####", "+569########", "(+56) 9 #### ####"],
              ["(2) 2### ####", "22 ### ####", "(41) 2## ####"], ["+56 2 2### ####", "+56 41 2## ####"]),
    "fr_FR": (["06 ## ## ## ##", "07 ## ## ## ##", "06.##.##.##.##", "06########", "06-##-##-##-##"],
              ["+33 6 ## ## ## ##", "+33 (0)6 ## ## ## ##", "+336########", "0033 7 ## ## ## ##"],
              ["01 ## ## ## ##", "04 ## ## ## ##", "05.##.##.##.##"], ["+33 1 ## ## ## ##", "+33 4 ## ## ## ##"]),
    "fr_CA": (["(514) N##-####", "514 N##-####", "438-N##-####", "418 N## ####"],
              ["+1 514 N##-####", "+1 (450) N##-####", "+1-819-N##-####"],
              ["(514) N##-####", "418-N##-####"], ["+1 514 N##-####"]),
    "de_DE": (["015# ########", "017# #######", "0151 ########", "0176-########", "(0172) #######", "0160/#######"],
              ["+49 151 ########", "+49 (0)176 ########", "+49 172 #######", "0049 160 #######", "+49152########"],
              ["030 ########", "089 #######", "(040) ######", "0221/#######"], ["+49 30 ########", "+49 (0)89 #######"]),
    "de_AT": (["0664 #######", "0676 ### ####", "0699 ########", "0650/#######"],
              ["+43 664 #######", "+43 (0)676 ### ####", "0043 699 ########", "+43650#######"],
              ["01 ### ## ##", "0316 ######", "0512/######"], ["+43 1 ### ## ##", "+43 316 ######"]),
    "it_IT": (["3## ### ####", "3#########", "3##-#######", "347 #######"],
              ["+39 3## ### ####", "+39 3#########", "0039 3## #######"],
              ["06 #### ####", "02 ########", "011 #######", "055-######"], ["+39 06 #### ####", "+39 02 ########"]),
    "pt_PT": (["91# ### ###", "93# ### ###", "96#######", "92# ### ###"],
              ["+351 91# ### ###", "+3519########", "00351 96# ### ###"],
              ["21# ### ###", "22# ### ###"], ["+351 21# ### ###", "+351 22# ### ###"]),
    "pt_BR": (["(11) 9####-####", "(21) 9####-####", "11 9####-####", "119########", "(31) 9 ####-####"],
              ["+55 11 9####-####", "+55 (21) 9####-####", "+5511 9########"],
              ["(11) 3###-####", "(31) 3###-####"], ["+55 11 3###-####", "+55 (51) 3###-####"]),
    "nl_NL": (["06-########", "06 ########", "06 #### ####", "06 ## ## ## ##"],
              ["+31 6 ########", "+31 (0)6 ########", "+316########", "0031 6 ## ## ## ##"],
              ["020-#######", "010 ### ####", "030-#######"], ["+31 20 ### ####", "+31 10 #######"]),
    "pl_PL": (["5## ### ###", "6## ### ###", "7## ### ###", "5##-###-###", "6########"],
              ["+48 5## ### ###", "+48 6########", "0048 7## ### ###", "(+48) 6## ### ###"],
              ["22 ### ## ##", "12 ### ## ##", "(22) ### ## ##"], ["+48 22 ### ## ##", "+48 12 ### ## ##"]),
    "sv_SE": (["07S ### ## ##", "07S-### ## ##", "07S#######"],
              ["+46 7S ### ## ##", "+46 (0)7S ### ## ##", "+467S#######"],
              ["08-### ### ##", "08 ### ## ##", "031-## ## ##"], ["+46 8 ### ### ##", "+46 31 ### ## ##"]),
}


def phone(loc, r, kind):
    mn, mi, ln, li = PHONES[loc]
    if kind == "n":
        return pat(r, r.choice(mn))
    if kind == "i":
        return pat(r, r.choice(mi))
    if kind == "land":
        return pat(r, r.choice(ln if r.random() < 0.6 else li))
    return pat(r, r.choice(mn if r.random() < 0.6 else mi))


# ----------------------------------------------------------------------------- descriptors
W = {
    "en_US": {"plate": ["license plate", "plate", "tag"], "zip": ["ZIP", "zip code"], "mob": ["cell", "cell phone", "mobile"],
              "mum": ["mom"], "dl": ["driver's license", "DL", "driver license"]},
    "en_GB": {"plate": ["reg", "number plate", "registration"], "zip": ["postcode"], "mob": ["mobile", "mob"],
              "mum": ["mum"], "dl": ["driving licence", "driving licence number"]},
    "en_AU": {"plate": ["rego", "number plate", "plate"], "zip": ["postcode"], "mob": ["mobile", "mob"],
              "mum": ["mum"], "dl": ["driver licence", "driver's licence"]},
    "en_CA": {"plate": ["licence plate", "plate"], "zip": ["postal code"], "mob": ["cell", "cell phone"],
              "mum": ["mom"], "dl": ["driver's licence", "licence"]},
    "en_IE": {"plate": ["reg", "registration"], "zip": ["Eircode"], "mob": ["mobile"],
              "mum": ["mam", "mum"], "dl": ["driving licence", "licence number"]},
    "en_NZ": {"plate": ["rego", "plate"], "zip": ["postcode"], "mob": ["mobile", "cell"],
              "mum": ["mum"], "dl": ["driver licence", "licence no."]},
    "en_IN": {"plate": ["vehicle number", "registration number"], "zip": ["PIN code", "pincode"], "mob": ["mobile", "mobile no."],
              "mum": ["mother", "mummy"], "dl": ["driving licence", "DL no."]},
    "en_ZA": {"plate": ["registration number", "number plate", "reg"], "zip": ["postal code"], "mob": ["cell", "cellphone"],
              "mum": ["mom", "ma"], "dl": ["driver's licence", "licence number"]},
    "es_ES": {"plate": ["matrícula"], "mob": ["móvil"], "dl": ["permiso de conducir", "carnet de conducir"]},
    "es_MX": {"plate": ["placas", "placa"], "mob": ["celular", "cel"], "dl": ["licencia de conducir", "licencia"]},
    "es_CL": {"plate": ["patente"], "mob": ["celular", "cel"], "dl": ["licencia de conducir", "licencia"]},
    "fr_FR": {"mob": ["portable", "numéro de portable"]},
    "fr_CA": {"mob": ["cellulaire", "cell"]},
    "pt_PT": {"plate": ["matrícula"], "mob": ["telemóvel"], "addr": ["morada"], "contact": ["Contacto"],
              "dear": ["Exmos. Senhores"], "bye": ["Com os melhores cumprimentos"], "myaddr": ["da minha morada"],
              "rent": ["arrendamento"],
              "dl": ["carta de condução"]},
    "pt_BR": {"plate": ["placa"], "mob": ["celular"], "addr": ["endereço"], "contact": ["Contato"],
              "dear": ["Prezados senhores", "Prezados"], "bye": ["Atenciosamente"], "myaddr": ["do meu endereço"],
              "rent": ["aluguel", "locação"],
              "dl": ["CNH", "carteira de motorista"]},
}

# ----------------------------------------------------------------------------- national IDs (OTHER_ID / SSN)
GB_NI1, GB_NI2 = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"


def ni_number(r):
    while True:
        p = r.choice(GB_NI1) + r.choice(GB_NI2)
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            break
    d = digits(r, 6)
    s = r.choice("ABCD")
    return r.choice([f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}", f"{p}{d}{s}", f"{p} {d} {s}"])


def tfn(r):
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        b = [r.randint(0, 9) for _ in range(8)]
        s = sum(x * y for x, y in zip(b, w))
        d = (-s * 10) % 11
        if d < 10:
            v = "".join(map(str, b + [d]))
            return r.choice([group(v, [3, 3, 3]), v])


def sin(r):
    b = r.choice("1234567") + digits(r, 7)
    v = b + luhn_check(b)
    return r.choice([group(v, [3, 3, 3]), group(v, [3, 3, 3], "-"), v])


def ppsn(r):
    b = digits(r, 7)
    s = sum(int(c) * (8 - i) for i, c in enumerate(b))
    second = r.random() < 0.35
    if second:
        s += 9 * 1
    v = b + "WABCDEFGHIJKLMNOPQRSTUV"[s % 23] + ("A" if second else "")
    return v


def ird(r):
    w = [3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        b = str(r.randint(10_000_000, 14_999_999))
        rem = sum(int(c) * x for c, x in zip(b, w)) % 11
        chk = 0 if rem == 0 else 11 - rem
        if chk < 10:
            v = (b + str(chk)).zfill(9)
            return r.choice([group(v, [3, 3, 3], "-"), v])


def za_id(r, dob, gender):
    g = r.randint(5000, 9999) if gender == "m" else r.randint(0, 4999)
    b = dob.strftime("%y%m%d") + f"{g:04d}" + "08"
    v = b + luhn_check(b)
    return r.choice([v, v, f"{v[:6]} {v[6:10]} {v[10:]}"])


def dni(r):
    n = r.randint(10_000_000, 79_999_999)
    v = f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"
    return r.choice([v, v, f"{v[:8]}-{v[8]}", f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8]}"])


def nie(r):
    p = r.choice("XYZ")
    n = digits(r, 7)
    k = int("XYZ".index(p).__str__() + n)
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[k % 23]}"


def rut(r, lo=6_000_000, hi=24_999_999):
    n = r.randint(lo, hi)
    s, m = 0, 2
    for c in reversed(str(n)):
        s += int(c) * m
        m = 2 if m == 7 else m + 1
    dv = 11 - s % 11
    dv = "0" if dv == 11 else "K" if dv == 10 else str(dv)
    dotted = f"{n:,}".replace(",", ".")
    return r.choice([f"{dotted}-{dv}", f"{n}-{dv}"])


def nir(r, dob, gender):
    sex = "1" if gender == "m" else "2"
    body = sex + dob.strftime("%y%m") + f"{r.randint(1, 95):02d}" + digits(r, 3) + digits(r, 3)
    key = 97 - int(body) % 97
    v = body + f"{key:02d}"
    return r.choice([v, group(v, [1, 2, 2, 2, 3, 3, 2])])


def steuer_id(r):
    while True:
        ds = r.sample("0123456789", 9)
        dup = r.choice(ds)
        ten = ds + [dup]
        r.shuffle(ten)
        if ten[0] != "0":
            break
    product = 10
    for c in ten:
        s = (int(c) + product) % 10 or 10
        product = (s * 2) % 11
    chk = (11 - product) % 10
    v = "".join(ten) + str(chk)
    return r.choice([v, group(v, [2, 3, 3, 3])])


def ausweis(r):
    return r.choice("LMNPRTVWXY") + "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))


def rvnr(r, dob, last, gender):
    ser = r.randint(0, 49) if gender == "m" else r.randint(50, 99)
    ini = (ascii_slug(last)[:1] or "x").upper()
    return f"{r.randint(10, 89)} {dob.strftime('%d%m%y')} {ini} {ser:02d}{r.randint(0, 9)}"


def svnr(r, dob):
    w = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]
    while True:
        ser = str(r.randint(100, 999))
        tail = dob.strftime("%d%m%y")
        s = sum(int(c) * x for c, x in zip(ser + "0" + tail, w)) % 11
        if s < 10:
            v = ser + str(s) + tail
            return r.choice([f"{v[:4]} {v[4:]}", v])


def nif_pt(r):
    while True:
        b = r.choice("123") + digits(r, 7)
        s = sum(int(c) * (9 - i) for i, c in enumerate(b))
        rem = s % 11
        chk = 0 if rem < 2 else 11 - rem
        v = b + str(chk)
        return r.choice([v, group(v, [3, 3, 3])])


def cc_pt(r):
    return f"{digits(r, 8)} {r.randint(0, 9)} {pat(r, '@@#')}"


def personnummer(r, dob, gender):
    n3 = r.randint(0, 99) * 10 + (r.choice([1, 3, 5, 7, 9]) if gender == "m" else r.choice([0, 2, 4, 6, 8]))
    b = dob.strftime("%y%m%d") + f"{n3:03d}"
    # Luhn on the 9 digits with weights 2,1,2,...
    s = 0
    for i, c in enumerate(b):
        d = int(c) * (2 if i % 2 == 0 else 1)
        s += d - 9 if d > 9 else d
    chk = (10 - s % 10) % 10
    v = f"{b[:6]}-{b[6:]}{chk}"
    return r.choice([v, v, dob.strftime("%Y") + v[2:], (dob.strftime("%Y") + v[2:]).replace("-", "")])


def natid(ctx, idx):
    """(value, label, descriptors) for the national identifier of person idx."""
    loc, r, f = ctx.loc, ctx.r, ctx.f
    p = ctx.person(idx)
    dob, g = p["dob"], p["gender"]
    if loc == "en_US":
        while True:
            a = r.randint(1, 899)
            if a != 666:
                break
        v = f"{a:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        v = r.choice([v, v, v, v.replace("-", " "), v.replace("-", "")])
        return v, "SSN", ["SSN", "Social Security number", "social security #", "SS#", "soc sec no."]
    if loc == "en_GB":
        return ni_number(r), "OTHER_ID", ["National Insurance number", "NI number", "NINO", "NI no."]
    if loc == "en_AU":
        return tfn(r), "OTHER_ID", ["TFN", "tax file number"]
    if loc in ("en_CA",):
        return sin(r), "OTHER_ID", ["SIN", "social insurance number", "SIN #"]
    if loc == "fr_CA":
        return sin(r), "OTHER_ID", ["NAS", "numéro d'assurance sociale"]
    if loc == "en_IE":
        return ppsn(r), "OTHER_ID", ["PPS number", "PPSN", "PPS no."]
    if loc == "en_NZ":
        return ird(r), "OTHER_ID", ["IRD number", "IRD no."]
    if loc == "en_IN":
        if r.random() < 0.6:
            a = f.aadhaar_id()
            return r.choice([group(a, [4, 4, 4]), a, group(a, [4, 4, 4], "-")]), "OTHER_ID", ["Aadhaar number", "Aadhaar", "Aadhaar no."]
        pan = pat(r, "@@@") + "P" + (ascii_slug(p["last"])[:1] or "k").upper() + pat(r, "####@")
        return pan, "OTHER_ID", ["PAN", "PAN card number", "PAN no."]
    if loc == "en_ZA":
        return za_id(r, dob, g), "OTHER_ID", ["ID number", "SA ID number", "ID no."]
    if loc == "es_ES":
        if r.random() < 0.75:
            return dni(r), "OTHER_ID", ["DNI", "NIF", "DNI/NIF"]
        return nie(r), "OTHER_ID", ["NIE"]
    if loc == "es_MX":
        x = r.random()
        if x < 0.5:
            return f.curp(), "OTHER_ID", ["CURP"]
        if x < 0.8:
            return f.rfc(), "OTHER_ID", ["RFC"]
        return digits(r, 11), "OTHER_ID", ["NSS", "número de seguridad social"]
    if loc == "es_CL":
        return rut(r), "OTHER_ID", ["RUT", "RUN", "Rut"]
    if loc == "fr_FR":
        return nir(r, dob, g), "OTHER_ID", ["numéro de sécurité sociale", "n° de sécu", "NIR"]
    if loc == "de_DE":
        x = r.random()
        if x < 0.45:
            return steuer_id(r), "OTHER_ID", ["Steuer-ID", "Steueridentifikationsnummer"]
        if x < 0.75:
            return ausweis(r), "OTHER_ID", ["Personalausweisnummer", "Ausweisnummer"]
        return rvnr(r, dob, p["last"], g), "OTHER_ID", ["Sozialversicherungsnummer", "Rentenversicherungsnummer"]
    if loc == "de_AT":
        return svnr(r, dob), "OTHER_ID", ["Sozialversicherungsnummer", "SV-Nummer", "SVNR"]
    if loc == "it_IT":
        return f.ssn(), "OTHER_ID", ["codice fiscale", "C.F."]
    if loc == "pt_PT":
        if r.random() < 0.65:
            return nif_pt(r), "OTHER_ID", ["NIF", "número de contribuinte"]
        return cc_pt(r), "OTHER_ID", ["Cartão de Cidadão n.º", "número do CC"]
    if loc == "pt_BR":
        if r.random() < 0.7:
            v = f.cpf()
            return r.choice([v, v, re.sub(r"\D", "", v)]), "OTHER_ID", ["CPF"]
        rg = f.rg()
        return f"{rg[:2]}.{rg[2:5]}.{rg[5:8]}-{rg[8:]}", "OTHER_ID", ["RG"]
    if loc == "nl_NL":
        v = f.ssn()
        return r.choice([v, v, f"{v[:4]}.{v[4:6]}.{v[6:]}"]), "OTHER_ID", ["BSN", "burgerservicenummer"]
    if loc == "pl_PL":
        if r.random() < 0.7:
            return f.pesel(dt.datetime(dob.year, dob.month, dob.day), "M" if g == "m" else "F"), "OTHER_ID", ["PESEL", "nr PESEL"]
        v = f.identity_card_number()
        return r.choice([v, f"{v[:3]} {v[3:]}"]), "OTHER_ID", ["numer dowodu osobistego", "nr dowodu"]
    if loc == "sv_SE":
        return personnummer(r, dob, g), "OTHER_ID", ["personnummer", "personnr"]
    raise ValueError(loc)


# ----------------------------------------------------------------------------- health-plan numbers
MBI_L = "ACDEFGHJKMNPQRTUVWXY"


def mbi(r):
    a = MBI_L + "0123456789"
    c = [r.choice("123456789"), r.choice(MBI_L), r.choice(a), r.choice("0123456789"), r.choice(MBI_L),
         r.choice(a), r.choice("0123456789"), r.choice(MBI_L), r.choice(MBI_L), r.choice("0123456789"),
         r.choice("0123456789")]
    v = "".join(c)
    return r.choice([f"{v[:4]}-{v[4:7]}-{v[7:]}", v])


def nhs(r):
    while True:
        b = digits(r, 9, first_nonzero=True)
        s = sum(int(c) * (10 - i) for i, c in enumerate(b))
        chk = 11 - s % 11
        chk = 0 if chk == 11 else chk
        if chk != 10:
            v = b + str(chk)
            return r.choice([group(v, [3, 3, 4]), v, group(v, [3, 3, 4], "-")])


def medicare_au(r):
    b = r.choice("23456") + digits(r, 7)
    w = [1, 3, 7, 9, 1, 3, 7, 9]
    chk = sum(int(c) * x for c, x in zip(b, w)) % 10
    v = b + str(chk) + str(r.randint(1, 9))
    return r.choice([group(v, [4, 5, 1]), v])


def nhi(r):
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    while True:
        ls = [r.choice(letters) for _ in range(3)]
        ds = [r.randint(0, 9) for _ in range(3)]
        s = sum((letters.index(c) + 1) * w for c, w in zip(ls, [7, 6, 5])) + sum(d * w for d, w in zip(ds, [4, 3, 2]))
        rem = s % 11
        if rem:
            return "".join(ls) + "".join(map(str, ds)) + str((11 - rem) % 10)


def ramq(r, p):
    last = (ascii_slug(p["last"]) + "xxx")[:3].upper()
    first = (ascii_slug(p["first"]) or "x")[0].upper()
    d = p["dob"]
    mm = d.month + (50 if p["gender"] == "f" else 0)
    v = f"{last}{first}{d.year % 100:02d}{mm:02d}{d.day:02d}{r.randint(10, 99)}"
    return r.choice([f"{v[:4]} {v[4:8]} {v[8:]}", v])


def kvnr(r):
    L = r.choice(UP)
    body = f"{UP.index(L) + 1:02d}" + digits(r, 8)
    s = 0
    for i, c in enumerate(body):
        x = int(c) * (1 if i % 2 == 0 else 2)
        s += x // 10 + x % 10
    return f"{L}{body[2:]}{s % 10}"


def health_plan(ctx, idx):
    loc, r = ctx.loc, ctx.r
    p = ctx.person(idx)
    if loc == "en_US":
        x = r.random()
        if x < 0.35:
            return mbi(r), ["Medicare number", "MBI", "Medicare ID"]
        if x < 0.7:
            return pat(r, "@@@#########"), ["member ID", "insurance member ID", "subscriber ID"]
        return pat(r, "W#########"), ["member ID", "policy number", "insurance ID #"]
    if loc == "en_GB":
        return nhs(r), ["NHS number", "NHS no."]
    if loc == "en_AU":
        if r.random() < 0.7:
            return medicare_au(r), ["Medicare number", "Medicare card number"]
        return digits(r, 8, True), ["health fund membership no.", "private health membership number"]
    if loc == "en_CA":
        if r.random() < 0.6:
            b = digits(r, 9, True)
            v = b + luhn_check(b)
            return r.choice([f"{v[:4]}-{v[4:7]}-{v[7:]}-{pat(r, '@@')}", f"{v[:4]} {v[4:7]} {v[7:]} {pat(r, '@@')}"]), ["OHIP number", "health card number"]
        return "9" + pat(r, "### ### ###"), ["PHN", "personal health number"]
    if loc == "fr_CA":
        return ramq(r, p), ["numéro d'assurance maladie", "numéro RAMQ", "NAM"]
    if loc == "en_IE":
        if r.random() < 0.5:
            return digits(r, 7, True) + r.choice("ABCDEFGHJKLMNPTW"), ["medical card number", "GMS number"]
        return digits(r, 8, True), ["VHI membership number", "Laya member number", "health insurance policy number"]
    if loc == "en_NZ":
        if r.random() < 0.7:
            return nhi(r), ["NHI number", "NHI"]
        return digits(r, 8, True), ["Southern Cross membership number", "health insurance member no."]
    if loc == "en_IN":
        if r.random() < 0.6:
            return pat(r, "91-####-####-####"), ["ABHA number", "ABHA ID", "Health ID"]
        return f"P/{digits(r, 6)}/01/{r.randint(2021, 2025)}/{digits(r, 6)}", ["health insurance policy number", "policy no."]
    if loc == "en_ZA":
        return digits(r, r.choice([9, 10, 11]), True), ["medical aid number", "medical aid membership number"]
    if loc == "es_ES":
        if r.random() < 0.6:
            sl = ascii_slug(p["last"]).upper()
            parts = p["last"].split()
            l2 = ascii_slug(parts[1]).upper() if len(parts) > 1 else sl[2:]
            v = (sl[:2] + (l2 + "XX")[:2]) + ("0" if p["gender"] == "m" else "1") + p["dob"].strftime("%y%m%d") + digits(r, 3)
            return v, ["CIP de la tarjeta sanitaria", "código de la tarjeta sanitaria", "número de tarjeta sanitaria"]
        return digits(r, 9, True), ["número de póliza del seguro médico", "nº de póliza de la mutua"]
    if loc == "es_MX":
        return r.choice([pat(r, "GMM-#######"), pat(r, "########-##")]), ["póliza de gastos médicos", "número de póliza del seguro"]
    if loc == "es_CL":
        return pat(r, "#######-#"), ["número de afiliado de la isapre", "n° de afiliado del seguro"]
    if loc == "fr_FR":
        return digits(r, 9, True), ["numéro d'adhérent de la mutuelle", "n° adhérent mutuelle", "numéro AMC"]
    if loc == "de_DE":
        return kvnr(r), ["Versichertennummer", "Krankenversichertennummer", "KVNR"]
    if loc == "de_AT":
        return pat(r, "##-#######-#"), ["Polizzennummer der Zusatzversicherung", "Versicherungsnummer der Privatversicherung"]
    if loc == "it_IT":
        v = "80380" + digits(r, 15)
        return r.choice([v, group(v, [5, 5, 5, 5])]), ["numero della tessera sanitaria", "n. tessera sanitaria", "codice TEAM"]
    if loc == "pt_PT":
        return digits(r, 9, True), ["número de utente", "n.º de utente do SNS"]
    if loc == "pt_BR":
        if r.random() < 0.6:
            v = r.choice("789") + digits(r, 14)
            return r.choice([group(v, [3, 4, 4, 4]), v]), ["cartão do SUS", "número do CNS"]
        return pat(r, "0 ### ############ ## #"), ["número da carteirinha do plano", "carteirinha do convênio"]
    if loc == "nl_NL":
        return digits(r, r.choice([9, 10]), True), ["polisnummer", "zorgverzekeringsnummer", "klantnummer bij mijn zorgverzekeraar"]
    if loc == "pl_PL":
        return r.choice([pat(r, "80616###############"), pat(r, "PL-########")]), ["numer karty EKUZ", "numer polisy zdrowotnej"]
    if loc == "sv_SE":
        return pat(r, "###-#######"), ["försäkringsnummer", "avtalsnummer för sjukvårdsförsäkringen"]
    raise ValueError(loc)


# ----------------------------------------------------------------------------- MRN
MRN = {
    "en_US": (["MRN", "medical record number", "MR#", "chart #"], ["########", "E#######", "00######"]),
    "en_GB": (["hospital number", "MRN", "hosp. no."], ["@#######", "RX#######", "########"]),
    "en_AU": (["UR number", "URN", "MRN"], ["######", "#######", "00######"]),
    "en_CA": (["MRN", "chart number", "hospital card number"], ["#######", "M########"]),
    "en_IE": (["MRN", "hospital number"], ["#######", "########"]),
    "en_NZ": (["hospital number", "MRN"], ["#######", "H######"]),
    "en_IN": (["UHID", "IP number", "MRN"], ["@@@#########", "UH########"]),
    "en_ZA": (["hospital number", "folder number", "MRN"], ["########", "#######"]),
    "es_ES": (["número de historia clínica", "NHC", "nº de historia"], ["########", "HC-######"]),
    "es_MX": (["número de expediente", "expediente clínico"], ["########", "EXP-######"]),
    "es_CL": (["ficha clínica", "N° de ficha"], ["######", "#######"]),
    "fr_FR": (["IPP", "numéro de dossier patient"], ["#########", "##########"]),
    "fr_CA": (["numéro de dossier", "no de dossier médical"], ["#######", "########"]),
    "de_DE": (["Patientennummer", "Patienten-ID", "Fallnummer"], ["########", "P-#######"]),
    "de_AT": (["Patienten-ID", "Patientennummer"], ["########", "#########"]),
    "it_IT": (["numero di cartella clinica", "n. cartella", "nosologico"], ["2024/######", "########"]),
    "pt_PT": (["número de processo", "n.º do processo clínico"], ["#######", "########"]),
    "pt_BR": (["número do prontuário", "prontuário"], ["######-#", "#######"]),
    "nl_NL": (["patiëntnummer", "ZIS-nummer", "patiënt-ID"], ["#######", "########"]),
    "pl_PL": (["numer historii choroby", "nr karty pacjenta"], ["#####/2024", "######"]),
    "sv_SE": (["journalnummer", "patient-ID"], ["########", "#######"]),
}


# ----------------------------------------------------------------------------- driving licences
def dvla(r, p):
    last = (ascii_slug(p["last"]).upper() + "99999")[:5]
    d = p["dob"]
    mm = d.month + (50 if p["gender"] == "f" else 0)
    ini = (ascii_slug(p["first"])[:1].upper() or "X") + r.choice(UP + "9")
    return f"{last}{str(d.year)[2]}{mm:02d}{d.day:02d}{str(d.year)[3]}{ini}{r.randint(0, 9)}{pat(r, '@@')}"


def licence(ctx, idx):
    loc, r = ctx.loc, ctx.r
    p = ctx.person(idx)
    ini = (ascii_slug(p["last"])[:1] or "x").upper()
    if loc == "en_US":
        return pat(r, r.choice(["@#######", "### ### ###", "@###-###-##-###-#", "########", "@###-####-####"]))
    if loc == "en_GB":
        return dvla(r, p)
    if loc == "en_AU":
        return digits(r, r.choice([8, 9]), True)
    if loc == "en_CA":
        return ini + pat(r, "####-#####-#####")
    if loc == "en_IE":
        return r.choice([digits(r, 9, True), pat(r, "##-######")])
    if loc == "en_NZ":
        return pat(r, "@@######")
    if loc == "en_IN":
        st = r.choice(["MH", "KA", "DL", "TN", "UP", "GJ", "WB", "RJ"])
        return r.choice([f"{st}{r.randint(1, 50):02d} {r.randint(2005, 2023)}{digits(r, 7)}",
                         f"{st}-{r.randint(1, 50):02d}-{r.randint(2005, 2023)}-{digits(r, 7)}"])
    if loc == "en_ZA":
        return pat(r, "####%%%%%%%%")
    if loc == "es_ES":
        return dni(r)
    if loc == "es_MX":
        return pat(r, "@########")
    if loc == "es_CL":
        return rut(r)
    if loc == "fr_FR":
        return r.choice([digits(r, 12, True), pat(r, "##@@#####")])
    if loc == "fr_CA":
        return ini + pat(r, "####-######-##")
    if loc == "de_DE":
        return pat(r, "%###%%%#%##")
    if loc == "de_AT":
        return digits(r, 8, True)
    if loc == "it_IT":
        return r.choice([pat(r, "@@#######@"), pat(r, "U1%%%%%%%@")])
    if loc == "pt_PT":
        return f"{r.choice('LPCAEF')}-{digits(r, 7)} {r.randint(0, 9)}"
    if loc == "pt_BR":
        return digits(r, 11, True)
    if loc == "nl_NL":
        return digits(r, 10, True)
    if loc == "pl_PL":
        return pat(r, "#####/##/####")
    if loc == "sv_SE":
        return digits(r, 8, True)
    raise ValueError(loc)


# ----------------------------------------------------------------------------- plates
def plate(ctx):
    loc, r, f = ctx.loc, ctx.r, ctx.f
    own = {
        "en_US": ["N@@@###", "@@@-####", "@@@ ###", "###-@@@"],
        "en_AU": ["@@@##@", "#@@ #@@", "@@@-###", "### @@@"],
        "en_CA": ["@@@@ ###", "@@@ ###", "### @@@"],
        "es_MX": ["@@@-###-@", "@@@-##-##", "###-@@@"],
        "fr_CA": ["### @@@", "@@@ ###", "@## @@@"],
    }
    if loc == "en_IN":
        return r.choice(["MH", "KA", "DL", "TN", "KL", "GJ"]) + pat(r, r.choice([" ## @@ ####", "##@@####", "-##-@@-####"]))
    if loc == "en_IE":
        return f"{r.randint(12, 24)}{r.choice(['1', '2'])}-{r.choice(['D', 'C', 'G', 'KY', 'L', 'WX', 'MO'])}-{r.randint(1, 29999)}"
    if loc == "en_ZA":
        return pat(r, r.choice(["CA ###-###", "ND ###-###", "@@@ ### GP", "CY #####", "@@ ## @@ GP", "@@@ ### MP"]))
    if loc == "de_DE":
        return r.choice(["M", "B", "HH", "K", "F", "S", "DO", "HB", "N", "LEV"]) + r.choice([" ", "-"]) + pat(r, r.choice(["@@ ####", "@ ###", "@@ ##"]))
    if loc in own:
        return pat(r, r.choice(own[loc]))
    v = f.license_plate()
    if loc == "it_IT" and r.random() < 0.5:
        v = f"{v[:2]} {v[2:5]} {v[5:]}"
    return v


# ----------------------------------------------------------------------------- accounts
IBAN_BBAN = {"en_GB": ("GB", "@@@@##############"), "en_IE": ("IE", "@@@@##############"),
             "es_ES": ("ES", "####################"), "fr_FR": ("FR", "#######################"),
             "de_DE": ("DE", "##################"), "de_AT": ("AT", "################"),
             "it_IT": ("IT", "@######################"), "pt_PT": ("PT", "#####################"),
             "nl_NL": ("NL", "@@@@##########"), "pl_PL": ("PL", "########################"),
             "sv_SE": ("SE", "####################")}


def bank_account(ctx):
    loc, r = ctx.loc, ctx.r
    lang = lang_of(loc)
    if loc in IBAN_BBAN:
        v = iban(r, *IBAN_BBAN[loc])
        v = r.choice([v, group4(v), group4(v)])
        d = {"en": ["IBAN"], "es": ["IBAN", "cuenta (IBAN)"], "fr": ["RIB/IBAN", "IBAN"], "pt": ["IBAN", "NIB/IBAN"]}
        return v, d.get(lang, ["IBAN"])
    if loc == "en_US":
        return digits(r, r.choice([9, 10, 12]), True), ["account number", "checking account no.", "acct #"]
    if loc in ("en_CA", "fr_CA"):
        return digits(r, 7, True), (["account number", "chequing account"] if loc == "en_CA" else ["numéro de compte", "numéro de compte-chèques"])
    if loc == "en_AU":
        return r.choice([pat(r, "#### ####"), digits(r, 9, True)]), ["account number", "acc no."]
    if loc == "en_NZ":
        return pat(r, "##-####-#######-0#"), ["bank account", "account number"]
    if loc == "en_IN":
        if r.random() < 0.3:
            p = ctx.person(1)
            return f"{ascii_slug(p['first'])}{r.randint(1, 99)}@ok{r.choice(['axis', 'hdfcbank', 'sbi', 'icici'])}", ["UPI ID"]
        return digits(r, r.choice([11, 12, 14, 16]), True), ["account number", "a/c no."]
    if loc == "en_ZA":
        return digits(r, r.choice([10, 11]), True), ["account number", "cheque account no."]
    if loc == "es_MX":
        v = digits(r, 18)
        return r.choice([v, group(v, [3, 3, 11, 1])]), ["CLABE", "cuenta CLABE"]
    if loc == "es_CL":
        if r.random() < 0.5:
            return digits(r, 8, True), ["cuenta RUT"]
        return pat(r, "##-###-#####-##"), ["cuenta corriente", "cta. cte."]
    if loc == "pt_BR":
        return pat(r, r.choice(["#####-#", "########-#"])), ["conta corrente", "conta"]
    raise ValueError(loc)


def card(ctx):
    r = ctx.r
    t = r.choice(["visa16", "visa16", "mastercard", "mastercard", "amex", "discover"])
    CARDS.seed_instance(r.randint(0, 10**9))
    v = CARDS.credit_card_number(t)
    if t == "amex":
        return r.choice([v, group(v, [4, 6, 5])])
    return r.choice([v, group4(v), group4(v), group(v, [4, 4, 4, 4], "-")])


# ----------------------------------------------------------------------------- devices, misc
def imei(r):
    b = r.choice(["35", "86", "01", "35"]) + digits(r, 12)
    v = b + luhn_check(b)
    return r.choice([v, v, f"{v[:2]}-{v[2:8]}-{v[8:14]}-{v[14]}", f"{v[:2]} {v[2:8]} {v[8:14]} {v[14]}"])


def mac(ctx):
    v = ctx.f.mac_address()
    if ctx.r.random() < 0.4:
        v = v.upper()
    if ctx.r.random() < 0.25:
        v = v.replace(":", "-")
    return v


def serial(r):
    return pat(r, r.choice(["C02%%%%%%%%%", "PJN######H", "NG#######H", "R58M%%%%%%%", "%%%%%%%%%%",
                            "####@#####", "SN#########", "@@@########", "G0%%%%%%%%%%"]))


def biometric(r):
    return r.choice([f"BT-{pat(r, '%%%%-%%%%')}", f"TPL{digits(r, 8)}", f"BIO-{pat(r, '%%%%%%%%%%')}",
                     f"{pat(r, '%%%%%%%%').lower()}-{pat(r, '%%%%').lower()}", f"BR{pat(r, '##@@####')}"])


def case_id(r):
    return pat(r, r.choice(["202#-######", "@@-#######", "########", "202#/#####", "INC#######", "CLM-#######",
                            "REF########", "#######-@", "@##-####-##"]))


PASSPORT = {"en_US": ["#########", "@########"], "en_GB": ["#########"], "en_AU": ["P@#######", "@#######"],
            "en_CA": ["@@######"], "en_IE": ["P@#######"], "en_NZ": ["L@######"], "en_IN": ["@#######"],
            "en_ZA": ["@########"], "es_ES": ["P@@######"], "es_MX": ["G########"], "es_CL": ["F########"],
            "fr_FR": ["##@@#####"], "fr_CA": ["@@######"], "de_DE": ["C%%%%%%%%"], "de_AT": ["P#######"],
            "it_IT": ["Y@#######"], "pt_PT": ["C@######"], "pt_BR": ["F@######"], "nl_NL": ["N%%%%%%%%"],
            "pl_PL": ["E@#######"], "sv_SE": ["########"]}

EMAIL_DOMAINS = {
    "en_US": ["gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com", "hotmail.com"],
    "en_GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "sky.com"],
    "en_AU": ["gmail.com", "bigpond.com", "optusnet.com.au", "outlook.com", "hotmail.com"],
    "en_CA": ["gmail.com", "rogers.com", "sympatico.ca", "shaw.ca", "hotmail.com"],
    "en_IE": ["gmail.com", "eircom.net", "hotmail.com", "yahoo.ie", "outlook.ie"],
    "en_NZ": ["gmail.com", "xtra.co.nz", "hotmail.com", "outlook.co.nz"],
    "en_IN": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"],
    "en_ZA": ["gmail.com", "mweb.co.za", "telkomsa.net", "webmail.co.za", "outlook.com"],
    "es_ES": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
    "es_MX": ["gmail.com", "hotmail.com", "prodigy.net.mx", "yahoo.com.mx", "outlook.com"],
    "es_CL": ["gmail.com", "vtr.net", "hotmail.com", "yahoo.cl"],
    "fr_FR": ["gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr"],
    "fr_CA": ["gmail.com", "videotron.ca", "hotmail.com", "sympatico.ca"],
    "de_DE": ["gmail.com", "web.de", "gmx.de", "t-online.de", "posteo.de"],
    "de_AT": ["gmail.com", "gmx.at", "aon.at", "chello.at"],
    "it_IT": ["gmail.com", "libero.it", "virgilio.it", "alice.it", "tiscali.it"],
    "pt_PT": ["gmail.com", "sapo.pt", "hotmail.com", "netcabo.pt"],
    "pt_BR": ["gmail.com", "uol.com.br", "bol.com.br", "hotmail.com", "terra.com.br"],
    "nl_NL": ["gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com"],
    "pl_PL": ["gmail.com", "wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "sv_SE": ["gmail.com", "telia.com", "hotmail.se", "outlook.com", "bredband.net"],
}
TLD = {"en_US": "com", "en_GB": "co.uk", "en_AU": "com.au", "en_CA": "ca", "en_IE": "ie", "en_NZ": "co.nz",
       "en_IN": "in", "en_ZA": "co.za", "es_ES": "es", "es_MX": "com.mx", "es_CL": "cl", "fr_FR": "fr",
       "fr_CA": "ca", "de_DE": "de", "de_AT": "at", "it_IT": "it", "pt_PT": "pt", "pt_BR": "com.br",
       "nl_NL": "nl", "pl_PL": "pl", "sv_SE": "se"}
FUNDRAISER = {"en": "https://www.gofundme.com/f/{s}", "es": "https://es.gofundme.com/f/{s}",
              "fr": "https://www.leetchi.com/c/{s}", "de": "https://www.betterplace.me/{s}",
              "it": "https://www.gofundme.com/f/{s}", "pt": "https://www.vakinha.com.br/vaquinha/{s}",
              "nl": "https://www.doneeractie.nl/{s}", "pl": "https://zrzutka.pl/{s}",
              "sv": "https://www.gofundme.com/f/{s}"}

TITLES = {  # lang/locale: (male, female)
    "en_US": (["Mr.", "Mr."], ["Mrs.", "Ms.", "Miss"]), "en_CA": (["Mr."], ["Mrs.", "Ms."]),
    "en": (["Mr", "Mr."], ["Mrs", "Ms", "Miss"]), "es": (["Sr.", "Don", "señor"], ["Sra.", "Doña", "señora"]),
    "fr": (["M.", "Monsieur"], ["Mme", "Madame"]), "de": (["Herr"], ["Frau"]), "it": (["Sig.", "signor"], ["Sig.ra", "signora"]),
    "pt": (["Sr.", "Senhor"], ["Sra.", "Dona"]), "nl": (["dhr.", "meneer"], ["mevr.", "mevrouw"]),
    "pl": (["Pan"], ["Pani"]), "sv": ([""], [""]),
}
AFRIKAANS = ["van der Merwe", "Botha", "Pretorius", "Nel", "du Plessis", "Venter", "Joubert", "Coetzee", "Steyn",
             "Fourie", "Kruger", "van Wyk", "Swanepoel", "Erasmus"]
ZA_CITIES = ["Johannesburg", "Cape Town", "Durban", "Pretoria", "Gqeberha", "Bloemfontein", "East London",
             "Polokwane", "Pietermaritzburg", "Soweto", "Stellenbosch", "Kimberley", "Rustenburg", "Mbombela", "George"]

# ----------------------------------------------------------------------------- Faker instances
FAKE = {loc: Faker(loc) for loc in LOCALES if loc != "en_ZA"}
FAKE["en_ZA"] = Faker("en_GB")
ZU = Faker("zu_ZA")
ES_CL = FAKE["es_CL"]
CARDS = Faker("en_US")   # card-number provider with the full set of card types


class Ctx:
    def __init__(self, loc, r, f, frame):
        self.loc, self.r, self.f, self.frame = loc, r, f, frame
        self.lang = lang_of(loc)
        self.cache = {}
        self.people = {}
        self.places = {}

    # --- people
    def person(self, idx):
        if idx in self.people:
            return self.people[idx]
        r, f, loc = self.r, self.f, self.loc
        g = self.frame["g"].get(idx) or r.choice("mf")
        if loc == "en_ZA":
            x = r.random()
            src = ZU if x < 0.5 else f
            first = src.first_name_male() if g == "m" else src.first_name_female()
            last = ZU.last_name() if x < 0.5 else (r.choice(AFRIKAANS) if x < 0.75 else f.last_name())
        elif loc == "es_MX":
            first = ES_CL.first_name_male() if g == "m" else ES_CL.first_name_female()
            last = f.last_name()
        else:
            first = f.first_name_male() if g == "m" else f.first_name_female()
            if loc == "pl_PL":
                last = f.last_name_male() if g == "m" else f.last_name_female()
            else:
                last = f.last_name()
        m = re.fullmatch(r"(.+), (\S+(?: \S+)*)", last)
        if m:
            last = f"{m.group(2)} {m.group(1)}"
        if loc in ("es_ES", "es_MX", "es_CL") and r.random() < 0.7:
            last = f"{last} {f.last_name()}"
        if loc == "pt_BR" and r.random() < 0.3:
            last = f"{f.last_name()} {last}"
        agetok = "{AGE" + (str(idx) if idx > 1 else "")
        age = None
        if any(agetok + c in self.frame["text"] for c in "}|"):
            age = r.randint(90, 104)
            y = REF.year - age
            dob = rand_date(r, dt.date(y, 1, 1), dt.date(y, REF.month, REF.day - 1))
        else:
            dob = rand_date(r, dt.date(1940, 1, 1), dt.date(2006, 12, 31))
        tkey = loc if loc in TITLES else self.lang
        title = r.choice(TITLES[tkey][0 if g == "m" else 1])
        self.people[idx] = dict(first=first, last=last, gender=g, dob=dob, age=age, title=title)
        return self.people[idx]

    # --- places
    def place(self, idx):
        if idx in self.places:
            return self.places[idx]
        r, f, loc = self.r, self.f, self.loc
        if loc == "en_ZA":
            src = r.choice([ZU, f])
            street = f"{r.randint(1, 240)} {src.last_name() if src is f else ZU.last_name()} {r.choice(['Street', 'Road', 'Avenue', 'Drive', 'Crescent', 'Lane'])}"
            city, pc = r.choice(ZA_CITIES), pat(r, "####")
        else:
            street, city, pc = f.street_address(), f.city(), f.postcode()
        street = re.sub(r"\s*\n\s*", ", ", street)
        street = re.sub(r"\s+,", ",", street).strip()
        street = re.sub(r"\s{2,}", " ", street)
        city = city.replace("L' ", "L'").replace("- ", "-").strip()
        if loc == "es_MX":
            pc = pc.split("-")[0]
        if loc in ("en_CA", "fr_CA") and " " not in pc:
            pc = f"{pc[:3]} {pc[3:]}"
        if loc == "en_IE" and " " not in pc and r.random() < 0.7:
            pc = f"{pc[:3]} {pc[3:]}"
        if loc == "sv_SE" and r.random() < 0.6:
            pc = f"{pc[:3]} {pc[3:]}"
        if loc == "nl_NL" and " " not in pc and r.random() < 0.5:
            pc = f"{pc[:4]} {pc[4:]}"
        extra = {}
        if loc == "en_US":
            extra["state"] = f.state_abbr(include_territories=False)
        elif loc in ("en_CA",):
            extra["state"] = f.province_abbr()
        elif loc == "en_AU":
            extra["state"] = f.state_abbr()
        elif loc == "en_IN":
            extra["state"] = f.state() if hasattr(f, "state") else ""
        elif loc == "es_MX":
            extra["state"] = f.state_abbr()
        elif loc == "pt_BR":
            extra["state"] = f.estado_sigla()
            extra["bairro"] = f.bairro()
        self.places[idx] = dict(street=street, city=city, postcode=pc, **extra)
        return self.places[idx]

    def address_segments(self, idx):
        """One LOCATION span each for street line, neighbourhood, city and postcode; states,
        provinces and countries are plain text."""
        p, loc, r = self.place(idx), self.loc, self.r
        S, C, P = (p["street"], "LOCATION"), (p["city"], "LOCATION"), (p["postcode"], "LOCATION")
        if loc in ("en_US", "en_CA"):
            return [S, ", ", C, ", ", p["state"] + " ", P]
        if loc == "en_AU":
            return [S, ", ", C, f" {p['state']} ", P]
        if loc in ("en_GB", "en_NZ", "en_ZA"):
            return [S, ", ", C, r.choice([" ", ", "]), P]
        if loc == "en_IE":
            return [S, ", ", C, ", ", P]
        if loc == "en_IN":
            return [S, ", ", C, " - ", P] + ([", " + p["state"]] if p.get("state") else [])
        if loc == "es_MX":
            return [S, ", C.P. ", P, ", ", C, ", " + p["state"]]
        if loc == "es_CL":
            return [S, ", ", C] + ([", ", P] if r.random() < 0.3 else [])
        if loc == "fr_CA":
            return [S, ", ", C, " (Québec) ", P]
        if loc == "pt_BR":
            return [S, " - ", (p["bairro"], "LOCATION"), ", ", C, " - " + p["state"] + ", CEP ", P]
        return [S, ", ", P, " ", C]   # es_ES fr_FR de_DE de_AT it_IT pt_PT nl_NL pl_PL sv_SE

    # --- contact
    def email(self, idx):
        p, r, loc = self.person(idx), self.r, self.loc
        fi = ascii_slug(p["first"].split()[0])
        la = ascii_slug(p["last"].split()[-1] if self.lang in ("es", "pt") else p["last"])
        yy = p["dob"].strftime("%y")
        local = r.choice([f"{fi}.{la}", f"{fi}{la}{r.randint(1, 99)}", f"{fi[0]}{la}", f"{la}.{fi}",
                          f"{fi}_{la}", f"{fi}{yy}", f"{fi}.{la}{p['dob'].year}", f"{la}{fi[0]}"])
        if r.random() < 0.15:
            return self.f.user_name() + "@" + r.choice(EMAIL_DOMAINS[loc])
        return f"{local}@{r.choice(EMAIL_DOMAINS[loc])}"

    def username(self, idx):
        p, r = self.person(idx), self.r
        fi, la = ascii_slug(p["first"].split()[0]), ascii_slug(p["last"])
        return r.choice([f"{fi}{la}{r.randint(1, 99)}", f"{fi}_{la[:3]}", f"the{fi}{la[:1]}", f"{fi}.{la}",
                         self.f.user_name(), f"{la}{p['dob'].strftime('%y')}", f"{fi}x{la}"])

    def url(self, idx):
        p, r = self.person(idx), self.r
        fi, la = ascii_slug(p["first"].split()[0]), ascii_slug(p["last"])
        u = self.get("USER", idx)
        slug = f"{fi}-{la}"
        return r.choice([
            f"https://www.facebook.com/{fi}.{la}.{r.randint(1, 99)}",
            f"instagram.com/{u}",
            f"https://www.linkedin.com/in/{slug}-{pat(r, '%%%%%%').lower()}",
            FUNDRAISER[self.lang].format(s=r.choice([f"help-{slug}", f"{slug}-recovery", f"{fi}-{la}-{r.randint(1, 9)}"])),
            f"https://{fi}{la}.{TLD[self.loc]}",
            f"www.tiktok.com/@{u}",
            f"http://{u}.blogspot.com",
            f"https://github.com/{u}",
        ])

    def ip(self):
        x = self.r.random()
        if x < 0.7:
            return self.f.ipv4_public()
        if x < 0.85:
            return self.f.ipv4_private()
        return self.f.ipv6()

    # --- value dispatch: returns (value, label) and stores descriptors
    def get(self, base, idx):
        key = (base, idx)
        if key in self.cache:
            return self.cache[key][0]
        v, label, desc = self.make(base, idx)
        self.cache[key] = (v, label, desc)
        return v

    def make(self, base, idx):
        r, f, loc = self.r, self.f, self.loc
        p = None
        if base in ("NAME", "FIRST", "LAST", "TNAME"):
            p = self.person(idx)
            if base == "NAME":
                return f"{p['first']} {p['last']}", "NAME", None
            if base == "FIRST":
                return p["first"], "NAME", None
            if base == "LAST":
                return p["last"], "NAME", None
            last = p["last"]
            if self.lang == "nl":
                last = last[:1].upper() + last[1:]
            if p["title"] in ("Don", "Doña", "Dona"):
                return f"{p['title']} {p['first']}", "NAME", None
            return (f"{p['title']} {last}".strip() if p["title"] else f"{p['first']} {last}"), "NAME", None
        if base in ("STREET", "CITY", "POSTCODE"):
            pl = self.place(idx)
            return pl[{"STREET": "street", "CITY": "city", "POSTCODE": "postcode"}[base]], "LOCATION", None
        if base == "PHONE":
            return phone(loc, r, "any"), "PHONE", None
        if base == "PHONEN":
            return phone(loc, r, "n"), "PHONE", None
        if base == "PHONEI":
            return phone(loc, r, "i"), "PHONE", None
        if base == "LAND":
            return phone(loc, r, "land"), "PHONE", None
        if base == "FAX":
            return phone(loc, r, "land"), "FAX", None
        if base == "EMAIL":
            return self.email(idx), "EMAIL", None
        if base == "USER":
            return self.username(idx), "USERNAME", None
        if base == "HANDLE":
            return "@" + self.get("USER", idx), "USERNAME", None
        if base == "URL":
            return self.url(idx), "URL", None
        if base == "FUND":
            p = self.person(idx)
            slug = f"{ascii_slug(p['first'].split()[0])}-{ascii_slug(p['last'])}"
            tail = r.choice([f"help-{slug}", f"{slug}-recovery", f"{slug}-{r.randint(1, 99)}", f"for-{slug}"])
            return FUNDRAISER[self.lang].format(s=tail), "URL", None
        if base == "IP":
            return self.ip(), "IP", None
        if base in ("DATE", "DATEW", "DATEN"):
            d = self.date(idx)
            return fmt_date(loc, d, {"DATE": "any", "DATEW": "w", "DATEN": "n"}[base], r), "DATE", None
        if base in ("DOB", "DOBW", "DOBN"):
            d = self.person(idx)["dob"]
            return fmt_date(loc, d, {"DOB": "any", "DOBW": "w", "DOBN": "n"}[base], r, dob=True), "DATE", None
        if base == "AGE":
            return str(self.person(idx)["age"]), "AGE", None
        if base == "NATID":
            v, label, desc = natid(self, idx)
            return v, label, desc
        if base == "PASSPORT":
            return pat(r, r.choice(PASSPORT[loc])), "OTHER_ID", None
        if base == "HP":
            v, desc = health_plan(self, idx)
            return v, "HEALTH_PLAN", desc
        if base == "MRN":
            desc, pats = MRN[loc]
            return pat(r, r.choice(pats)), "MRN", desc
        if base == "IBAN":
            v, desc = bank_account(self)
            return v, "ACCOUNT", desc
        if base == "CARD":
            return card(self), "ACCOUNT", None
        if base == "ACCT":
            return pat(r, r.choice(["ACC-########", "#########", "CUST-#######", "## #### ####", "A########"])), "ACCOUNT", None
        if base == "DL":
            return licence(self, idx), "LICENSE", W.get(loc, {}).get("dl")
        if base == "PLATE":
            v = plate(self)
            while "VIN" in v:
                v = plate(self)
            return v, "VEHICLE", None
        if base == "VIN":
            return f.vin(), "VEHICLE", None
        if base == "IMEI":
            return imei(r), "DEVICE", None
        if base == "MAC":
            return mac(self), "DEVICE", None
        if base == "SERIAL":
            return serial(r), "DEVICE", None
        if base == "BIO":
            return biometric(r), "BIOMETRIC", None
        if base == "CASE":
            return case_id(r), "OTHER_ID", None
        raise KeyError(base)

    def date(self, idx):
        k = ("_date", idx)
        if k not in self.cache:
            if idx > 1:
                d = self.date(idx - 1) + dt.timedelta(days=self.r.randint(1, 45))
            else:
                d = rand_date(self.r, EV_LO, EV_HI)
            self.cache[k] = (d, None, None)
        return self.cache[k][0]

    def word(self, key, idx):
        tied = {"natid": "NATID", "hp": "HP", "mrn": "MRN", "iban": "IBAN", "dl": "DL"}
        if key in tied:
            self.get(tied[key], idx)
            desc = self.cache[(tied[key], idx)][2]
            if desc:
                return self.r.choice(desc)
        if key == "yrs":   # Polish plural of "rok" after the age
            a = self.person(idx)["age"]
            return "lata" if a % 10 in (2, 3, 4) and a % 100 not in (12, 13, 14) else "lat"
        return self.r.choice(W[self.loc][key])


TOKEN = re.compile(r"\{(w:)?([A-Za-z]+?)(\d?)(?:\|(\w+))?\}")


def apply_mod(v, mod):
    if mod == "lower":
        return v.lower()
    if mod == "upper":
        return v.upper()
    if mod == "nospace":
        return v.replace(" ", "")
    if mod == "cap":
        return v[:1].upper() + v[1:]
    return v


def render(frame, loc, r, f):
    ctx = Ctx(loc, r, f, frame)
    text, spans, pos = "", [], 0
    tpl = frame["text"]

    def add(s, label=None):
        nonlocal text
        start = len(text)
        text += s
        if label:
            spans.append({"start": start, "end": len(text), "label": label, "phi": True})
            assert text[start:len(text)] == s

    for m in TOKEN.finditer(tpl):
        add(tpl[pos:m.start()])
        pos = m.end()
        is_word, base, idx, mod = m.group(1), m.group(2), int(m.group(3) or 1), m.group(4)
        if is_word:
            add(apply_mod(ctx.word(base, idx), mod))
            continue
        if base == "ADDR":
            for seg in ctx.address_segments(idx):
                if isinstance(seg, tuple):
                    add(apply_mod(seg[0], mod), seg[1])
                else:
                    add(seg)
            continue
        v = apply_mod(ctx.get(base, idx), mod)
        add(v, ctx.cache[(base, idx)][1])
    add(tpl[pos:])
    for s in spans:
        frag = text[s["start"]:s["end"]]
        assert frag and frag == frag.strip(), (frame["id"], frag)
    return text, spans


# ----------------------------------------------------------------------------- frames
# F(id, kind, who, health, text, g): kind "dm" (direct_message) or "c" (comment); who "s" = the
# author discloses own identifiers, "t" = someone else's; g = genders forced for person n, e.g. "1m2f".
FRAMES = []


def F(fid, kind, who, health, text, g="", only=None):
    FRAMES.append(dict(id=fid, kind=kind, who=who, health=health, text=text, only=only,
                       g={int(a): b for a, b in re.findall(r"(\d)([mf])", g)}))


# ---- English (en_US en_GB en_AU en_CA en_IE en_NZ en_IN en_ZA)
F("en.chat.01", "dm", "s", 0, "hey its {FIRST|lower} 🙂 new number: {PHONE}. text me when u get this")
F("en.chat.02", "dm", "t", 0, "Can you send the parcel to my {w:mum} instead? {NAME2}, {ADDR}. Her {w:mob} is {PHONE}.", "2f")
F("en.chat.03", "dm", "s", 0, "omg locked out of insta AGAIN. handle is {HANDLE}, recovery email {EMAIL} – can u help??")
F("en.chat.04", "dm", "s", 1, "Hi, it's {NAME}. I missed my appointment on {DATE} because I was admitted to hospital, can I rebook? My {w:mrn} is {MRN}.")
F("en.chat.05", "dm", "s", 0, "wifi still down. my ip is {IP} and the modem mac is {MAC|upper}. account's under {NAME}")
F("en.chat.06", "dm", "s", 0, "can u just do a bank transfer instead? {w:iban} {IBAN}, name {NAME}. thx x")
F("en.chat.07", "dm", "t", 0, "btw {FIRST2}'s new address is {ADDR} and her email changed to {EMAIL2}", "2f")
F("en.chat.08", "dm", "t", 1, "ok so dad's {w:hp} is {HP} and his DOB is {DOB2}, the receptionist needs both before the scan on {DATEW}", "2m")
F("en.email.01", "dm", "s", 0, "Dear Sir/Madam,\nPlease update my contact details: {NAME}, {ADDR}. Tel: {LAND}. E-mail: {EMAIL}.\nKind regards")
F("en.email.02", "dm", "s", 0, "Subject: Refund request\n\nHello, I was charged twice on card {CARD}. Account holder: {NAME}, billing address {ADDR}. Thanks, {FIRST}")
F("en.email.03", "dm", "t", 1, "To whom it may concern,\n\nI am writing on behalf of my father, {TNAME2}, born {DOBW2}. He is {AGE2} and since his stroke he can no longer manage his own correspondence.", "2m")
F("en.email.04", "dm", "s", 0, "Hi {FIRST2}, attached is the form. My {w:natid} is {NATID} and my {w:dl} is {DL}. Call me on {PHONE} if anything's missing. {FIRST}")
F("en.email.05", "dm", "s", 0, "Hi there,\n\nI'm {NAME} ({HANDLE} on twitter). I think my account was hacked - the login came from {IP}. My backup email is {EMAIL}.\n\nCheers")
F("en.email.06", "dm", "s", 1, "Re: sick note\n\nPlease find attached my fit note covering {DATEW} to {DATEW2}. Employee: {NAME}, payroll {w:natid} {NATID}.")
F("en.ticket.01", "dm", "s", 0, "Ticket #{CASE}: user {USER} reports failed logins from IP {IP} since {DATE}. Contact: {EMAIL}.")
F("en.ticket.02", "dm", "s", 0, "My router keeps dropping out. MAC {MAC}, serial {SERIAL}, account {ACCT}. Name on the account is {NAME}.")
F("en.ticket.03", "dm", "s", 0, "[Support] phone won't activate. IMEI: {IMEI} / SIM registered to {NAME} / contact {PHONEI}")
F("en.med.01", "c", "t", 1, "Pt {NAME}, DOB {DOBN}, {w:mrn} {MRN}, admitted {DATE} w/ chest pain. NOK: {NAME2} ({PHONE}).")
F("en.med.02", "dm", "s", 1, "i'm {AGE} years young and my pacemaker (serial {SERIAL}) got checked on {DATEW}. still ticking!")
F("en.med.03", "dm", "t", 1, "Discharge summary - {NAME}, aged {AGE}, {w:mrn} {MRN}. Admitted {DATE}, discharged {DATE2}. GP to follow up re: falls.")
F("en.med.04", "c", "s", 1, "Had my cochlear implant switched on on {DATEW}!!! device SN {SERIAL} lol the audiologist made me write it down 🎉 - {FIRST}")
F("en.med.05", "dm", "s", 1, "Hi, I'm {NAME}, {AGE} y/o, on warfarin. My home INR monitor (SN {SERIAL}) has been giving errors since {DATEW}.")
F("en.med.06", "c", "t", 1, "Update on Grandpa {FIRST2}: he moved into the care home at {ADDR} on {DATEW}. {AGE2} and still cheeky!", "2m")
F("en.med.07", "dm", "t", 1, "Referral: {TNAME}, {DOB}, lives at {ADDR}. Hx type 2 diabetes, HbA1c 9.1. {w:hp}: {HP}.")
F("en.form.01", "dm", "s", 0, "Full name: {NAME|upper}\nDate of birth: {DOBN}\n{w:natid}: {NATID}\nAddress: {ADDR}\nPhone: {PHONE}")
F("en.form.02", "dm", "s", 0, "NAME {LAST|upper}, {FIRST} | DOB {DOB} | {w:dl} {DL} | exp. {DATEN}")
F("en.form.03", "dm", "s", 1, "PATIENT REGISTRATION - Surname: {LAST|upper} / Forename(s): {FIRST|upper} / DOB: {DOBN} / {w:hp}: {HP} / Next of kin: {NAME2}, {PHONE}")
F("en.form.04", "dm", "s", 0, "Visitor log: {NAME}, car reg {PLATE}, signed in {DATEN} 14:05, mob {PHONEN}")
F("en.form.05", "dm", "s", 1, "Emergency contact form\n1) {NAME2} - {PHONE}\n2) {NAME3} - {PHONE2}\nPatient: {NAME}, DOB {DOB}")
F("en.form.06", "dm", "s", 0, "applicant name: {NAME|lower}\ndob: {DOBN}\nemail adress: {EMAIL|lower}\npassport no: {PASSPORT}")
F("en.letter.01", "dm", "t", 0, "Dear {TNAME},\nThank you for your application dated {DATEW}. We will write to you at {ADDR} within ten working days.")
F("en.letter.02", "dm", "t", 1, "RE: {NAME} (DOB {DOB}, {w:mrn} {MRN})\nDear Doctor, thank you for seeing this patient on {DATEW}. She lives alone at {ADDR}.", "1f")
F("en.letter.03", "dm", "t", 0, "Dear {TNAME}, our records show that the vehicle {PLATE} registered to you at {ADDR} was not taxed on {DATEW}.")
F("en.sms.01", "dm", "t", 1, "Reminder: {FIRST}, your appt is on {DATE} at 10:40. Reply STOP to opt out. Ref {CASE}")
F("en.sms.02", "dm", "s", 0, "This is {FIRST} from next door, my car {PLATE} is blocking you in, sorry!! ring {PHONE} and I'll move it")
F("en.sms.03", "dm", "t", 0, "Hi {FIRST}, your parcel to {POSTCODE} will arrive {DATEW} between 8 and 12.")
F("en.sms.04", "dm", "s", 0, "Its {NAME}. Lost my wallet - pls cancel card {CARD} and call me back on {PHONEN}")
F("en.social.01", "c", "s", 0, "Finally got my personalised plates!! {PLATE} 🚗 hmu if u see me around {CITY}")
F("en.social.02", "c", "t", 1, "PLEASE SHARE!! {NAME} went missing from {CITY} on {DATEW}. He is {AGE} and has dementia. Call {PHONE} with any info.", "1m")
F("en.social.03", "c", "t", 0, "Happy birthday to my amazing nan {NAME2} - {AGE2} years young and still beats us all at cards ❤️ (born {DOBW2}!)", "2f")
F("en.social.04", "c", "s", 0, "Selling my bike, message me on {PHONE} or {HANDLE}. Collection from {CITY} only.")
F("en.social.05", "c", "t", 1, "Prayers for my cousin {NAME2} who had surgery on {DATEW} in {CITY}. Fundraiser here: {FUND2}")
F("en.social.06", "c", "s", 0, "just moved to {CITY}!! new place on {STREET} 🏡 housewarming {DATEW}, DM {HANDLE} for the addy")
F("en.social.07", "c", "s", 0, "Lost dog!! Answers to Biscuit. Last seen near {STREET}, {CITY}. Please call {NAME} on {PHONE} or email {EMAIL}")
F("en.job.01", "dm", "s", 0, "Application for the warehouse role - {NAME}, {ADDR}. Available from {DATEW}. Portfolio: {URL}")
F("en.job.02", "dm", "s", 0, "Please find attached my CV. Name: {NAME}; Email: {EMAIL}; Mobile: {PHONEI}; LinkedIn: {URL}; {w:natid} (for payroll): {NATID}")
F("en.job.03", "dm", "s", 0, "Cover letter: My name is {NAME} and I hold a full {w:dl} ({DL}). I can be reached at {EMAIL} or {PHONEI}.")
F("en.rent.01", "dm", "s", 0, "Rental application - applicant {NAME}, current address {ADDR}, previous address {ADDR2}. Reference: {NAME2}, {LAND}.")
F("en.rent.02", "dm", "s", 0, "Hi, re the place on {STREET}: I can pay the deposit from {w:iban} {IBAN}. My {w:dl} is {DL} if u need ID.")
F("en.rent.03", "dm", "s", 0, "Guarantor details: {NAME2}, {ADDR2}, DOB {DOB2}, {w:natid2} {NATID2}. Tenant: {NAME}.")
F("en.loan.01", "dm", "s", 0, "Loan ref {CASE}. Applicant: {NAME}; DOB: {DOB}; {w:natid}: {NATID}; salary paid into {IBAN}.")
F("en.loan.02", "dm", "s", 0, "I'd like to apply for a car loan for the vehicle with VIN {VIN} ({w:plate} {PLATE}). You can reach me at {EMAIL}.")
F("en.loan.03", "dm", "s", 0, "Mortgage pre-approval for {NAME} & {NAME2}, property at {ADDR}. Joint account {IBAN}. Contact: {EMAIL}")
F("en.police.01", "c", "t", 0, "Incident report {CASE}: on {DATEW} a vehicle, {w:plate} {PLATE}, struck a parked car outside {STREET}. Driver identified as {NAME}, {w:dl} {DL}.")
F("en.police.02", "dm", "s", 0, "I want to report my phone stolen. IMEI {IMEI}, last seen at {ADDR} on {DATE}. I'm {NAME}, {PHONE}.")
F("en.police.03", "c", "t", 0, "Witness statement of {NAME} ({DOB}), of {ADDR}, tel {PHONE}: I saw a grey van, reg {PLATE}, leave at speed.")
F("en.police.04", "dm", "s", 0, "My car was broken into on the night of {DATEW}. VIN {VIN}, {w:plate} {PLATE}. Crime ref {CASE}. - {NAME}")
F("en.school.01", "c", "t", 0, "Reminder to parents: {NAME2} will be collected by grandad {NAME3} on {DATEW}. Emergency contact {PHONE}.", "3m")
F("en.school.02", "c", "t", 1, "Trip consent - child: {NAME2}; parent: {NAME}; {w:mob}: {PHONE}; allergies: peanuts (EpiPen); {w:hp}: {HP2}")
F("en.school.03", "c", "t", 0, "Student {NAME} (ID {CASE}) has been absent since {DATEW}. Parents please contact the office or email us from {EMAIL}.")
F("en.sports.01", "c", "t", 0, "U12 team sheet: {NAME}, {NAME2}, {NAME3}. Kit collection at {ADDR} from 9am. Questions -> {EMAIL}")
F("en.sports.02", "dm", "s", 0, "Membership renewal - member no. {CASE}, {NAME}, DOB {DOBN}. Direct debit from {IBAN}.")
F("en.sports.03", "c", "t", 1, "Get well soon {FIRST}! Our goalie broke his wrist at Saturday's match ({DATEW}). Cards to {ADDR} 💙", "1m")
F("en.pharm.01", "dm", "t", 1, "Your prescription for {TNAME} is ready for collection. DOB on file: {DOBN}. Call {LAND} if someone else will pick it up.")
F("en.pharm.02", "dm", "s", 1, "Hello pharmacy, can my husband {NAME2} collect my insulin? My DOB is {DOB} and my {w:hp} is {HP}.", "1f2m")
F("en.pharm.03", "dm", "s", 1, "repeat script pls - {NAME|lower}, {STREET|lower}, dob {DOBN}, metformin 500mg. tel {PHONEN}")
F("en.lab.01", "dm", "t", 1, "Lab result notice: patient {NAME|upper}, {w:mrn} {MRN}, sample taken {DATE}. HbA1c 7.9%. Please book a review.")
F("en.lab.02", "dm", "t", 1, "Specimen ID {CASE} for {LAST|upper}, {FIRST} ({DOBN}) - collected {DATE}, received {DATE2}.")
F("en.ins.01", "dm", "s", 1, "Hi team, claim for my physio sessions. {w:hp}: {HP}. Name {NAME}, DOB {DOB}. Receipts attached.")
F("en.ins.02", "dm", "t", 1, "My son {FIRST2} is on my policy ({w:hp} {HP}) and needs his asthma inhaler covered - his new address is {ADDR2}.", "2m")
F("en.bank.01", "dm", "s", 0, "please freeze card {CARD} asap, someone used it from ip {IP}. name {NAME|lower}")
F("en.bank.02", "dm", "s", 0, "Hello, I need a statement for {w:iban} {IBAN}, holder {NAME}, sent to {EMAIL}.")
F("en.delivery.01", "dm", "s", 0, "Deliver to: {NAME} - {ADDR}. Leave with the neighbours if out. Contact {PHONE}.")
F("en.travel.01", "dm", "s", 0, "Booking for {NAME} (passport {PASSPORT}, DOB {DOB}) and {NAME2} (passport {PASSPORT2}). Arriving {DATEW}.")
F("en.hr.01", "dm", "t", 0, "New starter: {NAME}, start date {DATEW}, employee no. {CASE}, {w:natid} {NATID}, bank {IBAN}.")
F("en.it.01", "dm", "s", 0, "Login attempts on {USER} from {IP} and {IP2}, device IMEI {IMEI}. Please lock the account {EMAIL}.")
F("en.it.02", "dm", "t", 0, "new laptop for {NAME} ({EMAIL|upper}): serial {SERIAL}, MAC {MAC}. Pls add to the asset register")
F("en.bio.01", "dm", "s", 0, "Enrolment complete for {NAME}: fingerprint template ID {BIO}, staff badge {CASE}.")
F("en.bio.02", "dm", "s", 1, "Voiceprint ID {BIO} is now linked to {NAME} for phone banking. Registered mobile: {PHONEI}")
F("en.fax.01", "dm", "s", 1, "Please fax my test results back to me at {FAX} - {NAME}, DOB {DOB}, {w:mrn} {MRN}.")
F("en.fax.02", "dm", "s", 0, "{NAME} | {ADDR} | Tel {LAND} | Fax {FAX} | {EMAIL}")
F("en.vehicle.01", "c", "s", 0, "FOR SALE: 2015 hatchback, VIN {VIN}, {w:plate} {PLATE}, 92k on the clock. Text {PHONE}, ask for {FIRST}.")
F("en.device.01", "c", "s", 1, "Lost my hearing aids on the bus on {DATEW}. Serial nos {SERIAL} and {SERIAL2}. Reward!! {PHONE}")
F("en.device.02", "dm", "t", 1, "insulin pump {SERIAL} keeps alarming, pt {NAME}, {w:hp} {HP}, pls call her mum {NAME2} on {PHONE}", "1f2f")

F("en.social.08", "c", "s", 0, "my new blog is finally live!!! {URL} - pls follow me on insta too {HANDLE} 💕")
F("en.social.09", "c", "t", 1, "Our friend {NAME2} was diagnosed with leukaemia on {DATEW}. Anything helps: {FUND2} 🙏")
F("en.fax.03", "dm", "s", 0, "Attn billing: please fax the final statement for account {ACCT} to {FAX}. Thanks, {NAME}")
F("en.typo.01", "dm", "s", 0, "hi i recieved a letter adressed to {NAME|lower} but i moved, my new adress is {ADDR}. plz update ur records, ph {PHONEN}")
F("en.typo.02", "dm", "t", 1, "my {w:mum} {FIRST2} was admited on {DATE} and noone told us!!! her {w:mrn} is {MRN}. call me {PHONE}", "2f")
F("en.typo.03", "c", "s", 0, "pls dont share agian but my emial is {EMAIL} and {w:mob} {PHONE} if anyones found my keys near {STREET}")
F("en.us.01", "dm", "s", 0, "My SSN is {NATID} and my DOB is {DOB}. Please update the address on my W-2 to {ADDR}.", only="en_US")
F("en.us.02", "dm", "s", 1, "Hi, this is {NAME}, {w:hp} {HP}, SSN {NATID}. I'm calling about the bill for my ER visit on {DATEW}.", only="en_US")
F("en.us.03", "c", "t", 0, "Someone posted my grandma's social ({NATID}) in the neighborhood group!!! {NAME2}, {STREET}, {CITY}. Please report it", "2f", only="en_US")
F("en.us.04", "dm", "s", 0, "hey can u double check my tax form pls - ssn {NATID}, acct {IBAN}, email {EMAIL}", only="en_US")
F("en.us.05", "dm", "s", 1, "I, {NAME}, SSN {NATID}, residing at {ADDR}, authorize release of my medical records from {DATEW} onward.", only="en_US")
F("en.us.06", "dm", "t", 0, "Background check request: {NAME}, DOB {DOBN}, SSN {NATID}, {w:dl} {DL}", only="en_US")

# ---- Spanish (es_ES es_MX es_CL)
F("es.typo.01", "dm", "s", 0, "ola me yamo {NAME|lower} y kiero saber q pasa con mi pedido, mi direccion es {ADDR} y mi {w:mob} {PHONE}")
F("es.chat.01", "dm", "s", 0, "hola soy {FIRST|lower}, este es mi nuevo {w:mob}: {PHONE}. guárdalo porfa")
F("es.chat.02", "dm", "t", 0, "Mándale el paquete a mi madre, {NAME2}, {ADDR}. Su teléfono es el {PHONE}.", "2f")
F("es.chat.03", "dm", "s", 0, "oye te paso mis datos pa la transferencia: {w:iban} {IBAN} a nombre de {NAME}. gracias!!")
F("es.email.01", "dm", "s", 0, "Estimados señores:\nLes ruego actualicen mis datos: {NAME}, {w:natid} {NATID}, domicilio en {ADDR}, correo {EMAIL}.\nAtentamente")
F("es.email.02", "dm", "s", 1, "Asunto: justificante médico\n\nAdjunto el parte de baja del {DATEW} al {DATEW2}. Trabajador: {NAME}, {w:natid} {NATID}.")
F("es.med.01", "c", "t", 1, "Paciente {NAME}, {w:mrn} {MRN}, ingresó el {DATEW} por neumonía. Contacto familiar: {NAME2} ({PHONE}).")
F("es.med.02", "dm", "s", 1, "Buenas, soy {TNAME}, tengo {AGE} años y necesito cambiar la cita del {DATE}. Mi {w:hp} es {HP}.")
F("es.med.03", "c", "s", 1, "me pusieron el marcapasos el {DATEW} jeje, número de serie {SERIAL}, lo apunto aquí x si acaso. {HANDLE}")
F("es.form.01", "dm", "s", 0, "NOMBRE: {NAME|upper}\nFECHA DE NACIMIENTO: {DOBN}\n{w:natid}: {NATID}\nDIRECCIÓN: {ADDR}\nTELÉFONO: {PHONE}")
F("es.bank.01", "dm", "s", 0, "Por favor bloqueen la tarjeta {CARD}, creo que la usaron desde la IP {IP}. Titular: {NAME}.")
F("es.rent.01", "dm", "s", 0, "Solicitud de alquiler: {NAME}, nacido el {DOBW}, vivo actualmente en {ADDR}. Mi aval es {NAME2}, tel. {PHONE2}.", "1m")
F("es.loan.01", "dm", "s", 0, "Préstamo ref. {CASE}: solicitante {NAME}, {w:natid} {NATID}, cuenta {IBAN}, correo {EMAIL}.")
F("es.police.01", "c", "t", 0, "Denuncia nº {CASE}: el {DATEW} un vehículo con {w:plate} {PLATE} chocó contra mi coche en {STREET}. Conductor: {NAME}, {w:dl} {DL}.")
F("es.police.02", "dm", "s", 0, "Me robaron el {w:mob} (IMEI {IMEI}) el {DATE} en {CITY}. Soy {NAME}, mi correo es {EMAIL}.")
F("es.school.01", "c", "t", 0, "Aviso a las familias: {NAME2} saldrá con su abuelo {NAME3} el {DATEW}. Teléfono de contacto: {PHONE}.", "3m")
F("es.sports.01", "c", "t", 0, "Convocatoria alevín para el {DATEW}: {NAME}, {NAME2} y {NAME3}. Dudas al {PHONE} o a {EMAIL}.")
F("es.pharm.01", "dm", "t", 1, "Su receta para {TNAME} ya está lista. Fecha de nacimiento registrada: {DOBN}. {w:hp}: {HP}.")
F("es.lab.01", "dm", "t", 1, "Resultados de laboratorio - paciente {LAST|upper}, {FIRST}; {w:mrn}: {MRN}; muestra del {DATE}.")
F("es.social.01", "c", "t", 1, "SE BUSCA a {NAME}, de {AGE} años, desaparecido en {CITY} el {DATEW}. Padece alzhéimer. Llamar al {PHONE}.", "1m")
F("es.job.01", "dm", "s", 0, "Adjunto mi CV. {NAME} · {EMAIL} · {PHONEI} · {URL} · {w:dl} {DL}")
F("es.it.01", "dm", "s", 0, "no puedo entrar a mi cuenta {USER}, me sale bloqueada desde {IP}. el router tiene MAC {MAC} y nº de serie {SERIAL}")
F("es.vehicle.01", "c", "s", 0, "Vendo coche, bastidor {VIN}, {w:plate} {PLATE}. Preguntar por {FIRST} al {PHONE}.")
F("es.travel.01", "dm", "s", 0, "Reserva a nombre de {NAME} (pasaporte {PASSPORT}) y {NAME2} (pasaporte {PASSPORT2}), llegada el {DATEW}.")
F("es.social.03", "c", "t", 1, "Ayudemos a {NAME2}, que necesita un trasplante de riñón desde el {DATEW}. Colabora aquí: {FUND2}")
F("es.social.02", "c", "t", 1, "Feliz cumpleaños a mi abuela {FIRST2}, ¡{AGE2} añazos! Nació el {DOBW2} y sigue sin perderse la misa 💐", "2f")

# ---- French (fr_FR fr_CA)
F("fr.typo.01", "dm", "s", 0, "bjr c {FIRST|lower}, g changé d'adresse : {ADDR}. mon tel c le {PHONE} merci d'avance")
F("fr.chat.01", "dm", "s", 0, "coucou c'est {FIRST|lower}, voilà mon nouveau {w:mob} : {PHONE} bisous")
F("fr.email.01", "dm", "s", 0, "Madame, Monsieur,\nVeuillez noter ma nouvelle adresse : {NAME}, {ADDR}. Tél. : {LAND}. Courriel : {EMAIL}.\nCordialement")
F("fr.med.01", "c", "t", 1, "Patient(e) {NAME}, {w:mrn} {MRN}, hospitalisé(e) le {DATEW}. Personne à prévenir : {NAME2}, {PHONE}.")
F("fr.med.02", "dm", "s", 1, "Bonjour, je suis {TNAME}, j'ai {AGE} ans et je voudrais déplacer mon rendez-vous du {DATE}. Mon {w:natid} : {NATID}.")
F("fr.form.01", "dm", "s", 1, "NOM : {LAST|upper} / Prénom : {FIRST} / Né(e) le : {DOBN} / {w:hp} : {HP} / Tél : {PHONE}")
F("fr.bank.01", "dm", "s", 0, "Merci de faire opposition sur ma carte {CARD}. Titulaire : {NAME}. Connexion suspecte depuis l'IP {IP}.")
F("fr.bank.02", "dm", "s", 0, "Voici mon {w:iban} pour le remboursement : {IBAN}, au nom de {NAME}.")
F("fr.rent.01", "dm", "s", 0, "Dossier de location : {NAME}, née le {DOBW}, actuellement au {ADDR}. Garant : {NAME2}, {PHONE2}.", "1f")
F("fr.police.01", "c", "t", 0, "Plainte n° {CASE} : le {DATEW}, le véhicule immatriculé {PLATE} a percuté ma voiture devant le {STREET}. Conducteur : {NAME}, permis n° {DL}.", "1m")
F("fr.police.02", "dm", "s", 0, "On m'a volé mon téléphone (IMEI {IMEI}) le {DATE} à {CITY}. {NAME}, {EMAIL}")
F("fr.school.01", "c", "t", 0, "Information aux parents : {NAME2} sera récupéré par sa grand-mère {NAME3} le {DATEW}. Contact : {PHONE}.", "2m3f")
F("fr.pharm.01", "dm", "t", 1, "L'ordonnance de {TNAME} est prête. Date de naissance enregistrée : {DOBN}. {w:hp} : {HP}")
F("fr.social.01", "c", "t", 1, "Avis de recherche : {NAME}, {AGE} ans, disparue à {CITY} depuis le {DATEW}. Elle est désorientée. Appelez le {PHONE}.", "1f")
F("fr.job.01", "dm", "s", 0, "Candidature - {NAME} | {EMAIL} | {PHONEI} | {URL} | permis B n° {DL}")
F("fr.it.01", "dm", "s", 0, "impossible de me connecter avec l'identifiant {USER}, l'adresse IP {IP} est bloquée. box : MAC {MAC}, n° de série {SERIAL}")
F("fr.vehicle.01", "c", "s", 0, "Vends voiture, VIN {VIN}, immatriculation {PLATE}. Demandez {FIRST} au {PHONE}.")
F("fr.social.02", "c", "t", 1, "Cagnotte pour {NAME2}, hospitalisé depuis le {DATEW} après son AVC : {FUND2} merci pour lui ❤️", "2m")
F("fr.fax.01", "dm", "s", 1, "Merci de m'envoyer mon dossier médical par fax au {FAX}. {NAME}, née le {DOBN}.", "1f")
F("fr.lab.01", "dm", "t", 1, "Compte rendu - {LAST|upper} {FIRST}, {w:mrn} {MRN}, prélèvement du {DATE}. Glycémie à jeun 1,32 g/L.")

# ---- German (de_DE de_AT)
F("de.typo.01", "dm", "s", 0, "hallo, bin {FIRST|lower}, hab meine adresse geändert: {ADDR}. bitte rechnung an {EMAIL} schiken, danke")
F("de.chat.01", "dm", "s", 0, "hey, hier ist {FIRST|lower}, meine neue handynummer: {PHONE}")
F("de.email.01", "dm", "s", 0, "Sehr geehrte Damen und Herren,\nbitte ändern Sie meine Anschrift: {NAME}, {ADDR}. Tel. {LAND}, Fax {FAX}, E-Mail {EMAIL}.\nMit freundlichen Grüßen")
F("de.med.01", "c", "t", 1, "Pat. {NAME}, geb. {DOBN}, {w:mrn} {MRN}, Aufnahme am {DATEW} wegen Pneumonie. Angehörige: {NAME2}, {PHONE}.")
F("de.med.02", "dm", "s", 1, "Guten Tag, ich bin {TNAME}, {AGE} Jahre alt, und möchte meinen Termin am {DATE} verschieben. {w:hp}: {HP}")
F("de.form.01", "dm", "s", 0, "Name: {LAST|upper}, {FIRST}\nGeburtsdatum: {DOBN}\n{w:natid}: {NATID}\nAnschrift: {ADDR}\nTelefon: {PHONE}")
F("de.bank.01", "dm", "s", 0, "Bitte sperren Sie meine Karte {CARD}! Karteninhaber: {NAME}. Verdächtiger Login von IP {IP}.")
F("de.bank.02", "dm", "s", 0, "Meine Bankverbindung für die Rückerstattung: IBAN {IBAN}, Kontoinhaber {NAME}.")
F("de.rent.01", "dm", "s", 0, "Mieterselbstauskunft: {NAME}, geboren am {DOBW}, derzeit wohnhaft {ADDR}. Bürge: {NAME2}, Tel. {PHONE2}.")
F("de.police.01", "c", "t", 0, "Anzeige Az. {CASE}: Am {DATEW} fuhr das Fahrzeug mit dem Kennzeichen {PLATE} vor dem Haus {STREET} auf mein Auto auf. Fahrer: {NAME}, Führerscheinnr. {DL}.")
F("de.police.02", "dm", "s", 0, "Mein Handy wurde am {DATE} in {CITY} gestohlen, IMEI {IMEI}. {NAME}, {EMAIL}")
F("de.school.01", "c", "t", 0, "Elterninfo: {NAME2} wird am {DATEW} von Opa {NAME3} abgeholt. Notfallnummer: {PHONE}.", "3m")
F("de.pharm.01", "dm", "t", 1, "Das Rezept für {TNAME} liegt zur Abholung bereit. Geburtsdatum laut Kartei: {DOBN}, {w:hp} {HP}.")
F("de.social.01", "c", "t", 1, "VERMISST: {NAME}, {AGE} Jahre, zuletzt gesehen am {DATEW} in {CITY}. Er ist dement und orientierungslos. Hinweise bitte an {PHONE}.", "1m")
F("de.job.01", "dm", "s", 0, "Bewerbung als Pflegefachkraft – {NAME} · {EMAIL} · {PHONEI} · {URL} · Führerschein {DL}")
F("de.it.01", "dm", "s", 0, "komme nicht mehr in mein konto {USER}, gesperrt wegen IP {IP}. router MAC {MAC}, seriennummer {SERIAL}")
F("de.vehicle.01", "c", "s", 0, "Verkaufe Auto, FIN {VIN}, Kennzeichen {PLATE}. Bei Interesse {FIRST} unter {PHONE} anrufen.")
F("de.device.01", "dm", "s", 1, "Mein Hörgerät (Seriennr. {SERIAL}) ist am {DATEW} kaputtgegangen. {NAME}, {w:hp} {HP}")
F("de.social.02", "c", "t", 1, "Spendenaufruf für {NAME2}, die seit dem Unfall am {DATEW} im Rollstuhl sitzt: {FUND2}", "2f")
F("de.bio.01", "dm", "s", 0, "Für {NAME} wurde die Fingerabdruck-Vorlage {BIO} hinterlegt, Zutrittskarte {CASE}.")
F("de.sports.01", "dm", "s", 0, "Aufnahmeantrag Sportverein: {NAME}, geb. {DOBN}, {ADDR}, Mitgliedsnr. {CASE}, Lastschrift von {IBAN}.")

# ---- Italian (it_IT)
F("it.chat.01", "dm", "s", 0, "ciao sono {FIRST|lower}, questo è il mio nuovo numero {PHONE} salvalo!")
F("it.email.01", "dm", "s", 0, "Gentili signori,\nvi comunico il mio nuovo indirizzo: {NAME}, {ADDR}. Tel. {LAND} – e-mail {EMAIL}.\nCordiali saluti")
F("it.med.01", "c", "t", 1, "Paziente {NAME}, {w:mrn} {MRN}, ricoverato in data {DATEW}. Familiare di riferimento: {NAME2}, cell. {PHONE}.", "1m")
F("it.med.02", "dm", "s", 1, "Buongiorno, sono {TNAME}, ho {AGE} anni e devo spostare la visita fissata in data {DATE}. Codice fiscale {NATID}, {w:hp} {HP}.")
F("it.form.01", "dm", "s", 0, "COGNOME: {LAST|upper} NOME: {FIRST|upper} – nato/a il {DOBN} a {CITY2} – C.F. {NATID|upper} – residente in {ADDR}")
F("it.bank.01", "dm", "s", 0, "Bloccate subito la carta {CARD}, intestata a {NAME}: accesso sospetto dall'IP {IP}.")
F("it.bank.02", "dm", "s", 0, "Per il rimborso: IBAN {IBAN}, intestatario {NAME}, e-mail {EMAIL}.")
F("it.police.01", "c", "t", 0, "Denuncia n. {CASE}: in data {DATEW} l'auto targata {PLATE} ha urtato la mia in {STREET}. Conducente: {NAME}, patente {DL}.")
F("it.school.01", "c", "t", 0, "Avviso ai genitori: {NAME2} sarà ritirata dal nonno {NAME3} in data {DATEW}. Recapito: {PHONE}.", "2f3m")
F("it.social.01", "c", "t", 1, "Cercasi {NAME}, {AGE} anni, scomparso a {CITY} in data {DATEW}. Soffre di Alzheimer. Chiamare il {PHONE}.", "1m")
F("it.it.01", "dm", "s", 0, "non riesco ad accedere con l'utente {USER}, IP {IP} bloccato. modem MAC {MAC}, seriale {SERIAL}")
F("it.vehicle.01", "c", "s", 0, "Vendo auto, telaio {VIN}, targa {PLATE}, chiedere di {FIRST} al {PHONE}.")
F("it.pharm.01", "dm", "t", 1, "La ricetta per {TNAME} è pronta. Data di nascita: {DOBN}. {w:hp|cap}: {HP}.")
F("it.social.02", "c", "t", 1, "Raccolta fondi per {NAME2}, operato al cuore in data {DATEW}: {FUND2} grazie a tutti!", "2m")
F("it.pec.01", "dm", "s", 0, "Oggetto: richiesta rimborso – {NAME}, {w:natid} {NATID}, PEC {EMAIL}, carta {CARD}, nato il {DOBW}.", "1m")

# ---- Portuguese (pt_PT pt_BR)
F("pt.chat.01", "dm", "s", 0, "olá! sou {FIRST|lower}, o meu novo número é {PHONE} 😊")
F("pt.email.01", "dm", "s", 0, "{w:dear},\nSolicito a atualização {w:myaddr}: {NAME}, {ADDR}. Tel. {LAND}, e-mail {EMAIL}.\n{w:bye}")
F("pt.med.01", "c", "t", 1, "Paciente {NAME}, {w:mrn} {MRN}, internada em {DATEW}. Familiar: {NAME2}, tel. {PHONE}.", "1f")
F("pt.med.02", "dm", "s", 1, "Bom dia, sou {TNAME}, tenho {AGE} anos e preciso remarcar a consulta de {DATE}. {w:hp|cap}: {HP}.")
F("pt.form.01", "dm", "s", 0, "NOME: {NAME|upper}\nDATA DE NASCIMENTO: {DOBN}\n{w:natid}: {NATID}\n{w:addr|upper}: {ADDR}")
F("pt.bank.01", "dm", "s", 0, "Bloqueiem o cartão {CARD}, por favor. Titular: {NAME}. Acesso suspeito a partir do IP {IP}.")
F("pt.bank.02", "dm", "s", 0, "Dados para reembolso: {w:iban} {IBAN}, titular {NAME}, {w:natid} {NATID}.")
F("pt.rent.01", "dm", "s", 0, "Proposta de {w:rent} - {NAME}, nascido em {DOBW}, {w:addr} atual: {ADDR}. Fiador: {NAME2}, {PHONE2}.", "1m")
F("pt.police.01", "c", "t", 0, "Ocorrência n.º {CASE}: em {DATEW} o veículo de {w:plate} {PLATE} bateu no meu carro na {STREET}. Condutor: {NAME}, {w:dl} {DL}.")
F("pt.police.02", "dm", "s", 0, "Roubaram o meu {w:mob} (IMEI {IMEI}) no dia {DATE} em {CITY}. Sou {NAME}, e-mail {EMAIL}.")
F("pt.school.01", "c", "t", 0, "Aviso aos pais: {NAME2} será buscada pela avó {NAME3} em {DATEW}. {w:contact}: {PHONE}.", "2f3f")
F("pt.social.01", "c", "t", 1, "Procura-se {NAME}, {AGE} anos, desaparecido em {CITY} desde {DATEW}. Tem Alzheimer. Ligue {PHONE}.", "1m")
F("pt.job.01", "dm", "s", 0, "Candidatura - {NAME} | {EMAIL} | {PHONEI} | {URL} | {w:dl} {DL}")
F("pt.it.01", "dm", "s", 0, "não consigo entrar na conta {USER}, IP {IP} bloqueado. router MAC {MAC}, nº de série {SERIAL}")
F("pt.vehicle.01", "c", "s", 0, "Vendo carro, chassi {VIN}, {w:plate} {PLATE}. Falar com {FIRST}: {PHONE}.")
F("pt.social.02", "c", "t", 1, "Ajudem o {FIRST2}! Fez a cirurgia em {DATEW} e precisa de fisioterapia: {FUND2}", "2m")
F("pt.pharm.01", "dm", "t", 1, "A receita de {TNAME} está pronta. Data de nascimento: {DOBN}. {w:hp|cap}: {HP}.")

# ---- Dutch (nl_NL)
F("nl.chat.01", "dm", "s", 0, "hoi, met {FIRST|lower}! mijn nieuwe nummer is {PHONE}")
F("nl.email.01", "dm", "s", 0, "Geachte heer/mevrouw,\nMijn nieuwe adres is: {NAME}, {ADDR}. Tel. {LAND}, e-mail {EMAIL}.\nMet vriendelijke groet")
F("nl.med.01", "c", "t", 1, "Patiënt {NAME}, {w:mrn} {MRN}, opgenomen op {DATEW}. Contactpersoon: {NAME2}, {PHONE}.")
F("nl.med.02", "dm", "s", 1, "Goedemiddag, ik ben {TNAME}, {AGE} jaar, en wil mijn afspraak van {DATE} verzetten. {w:hp|cap} {HP}, BSN {NATID}.")
F("nl.form.01", "dm", "s", 0, "Achternaam: {LAST|upper} | Voornaam: {FIRST} | Geboortedatum: {DOBN} | BSN: {NATID} | Adres: {ADDR}")
F("nl.bank.01", "dm", "s", 0, "Blokkeer alsjeblieft mijn pas {CARD}. Rekeninghouder {NAME}, verdachte login vanaf {IP}.")
F("nl.bank.02", "dm", "s", 0, "Terugbetaling graag naar {IBAN} t.n.v. {NAME}.")
F("nl.police.01", "c", "t", 0, "Aangifte {CASE}: op {DATEW} reed de auto met kenteken {PLATE} tegen mijn auto op de {STREET}. Bestuurder: {NAME}, rijbewijsnummer {DL}.")
F("nl.school.01", "c", "t", 0, "Bericht voor ouders: {NAME2} wordt op {DATEW} opgehaald door opa {NAME3}. Noodnummer {PHONE}.", "3m")
F("nl.social.01", "c", "t", 1, "VERMIST: {NAME}, {AGE} jaar, sinds {DATEW} in {CITY}. Dementerend. Tips naar {PHONE}.")
F("nl.it.01", "dm", "s", 0, "kan niet inloggen met {USER}, IP {IP} geblokkeerd. modem MAC {MAC}, serienummer {SERIAL}")
F("nl.social.02", "c", "t", 1, "Steun {NAME2}, die sinds {DATEW} herstelt van een hersenbloeding: {FUND2}")
F("nl.vehicle.01", "c", "s", 0, "Auto te koop, chassisnummer {VIN}, kenteken {PLATE}. Bel {FIRST}: {PHONE}")

# ---- Polish (pl_PL)
F("pl.chat.01", "dm", "s", 0, "hej, tu {FIRST|lower}, mój nowy numer to {PHONE}")
F("pl.email.01", "dm", "s", 0, "Szanowni Państwo,\nproszę o zmianę adresu: {NAME}, {ADDR}. Tel. {LAND}, e-mail {EMAIL}.\nZ poważaniem")
F("pl.med.01", "c", "t", 1, "Pacjentka: {NAME}, {w:mrn}: {MRN}, przyjęta {DATEW}. Osoba kontaktowa: {NAME2}, tel. {PHONE}.", "1f")
F("pl.med.02", "dm", "s", 1, "Dzień dobry, nazywam się {NAME}, mam {AGE} {w:yrs} i chcę przełożyć wizytę z dnia {DATE}. {w:natid}: {NATID}.")
F("pl.form.01", "dm", "s", 0, "Nazwisko: {LAST|upper}; Imię: {FIRST}; Data urodzenia: {DOBN}; {w:natid}: {NATID}; Adres: {ADDR}; Telefon: {PHONE}")
F("pl.bank.01", "dm", "s", 0, "Proszę zablokować kartę {CARD}. Właściciel: {NAME}. Podejrzane logowanie z IP {IP}.")
F("pl.bank.02", "dm", "s", 0, "Zwrot proszę przelać na konto {IBAN}, odbiorca: {NAME}.")
F("pl.police.01", "c", "t", 0, "Zgłoszenie nr {CASE}: dnia {DATEW} pojazd o numerze rejestracyjnym {PLATE} uderzył w mój samochód przy {STREET}. Kierowca: {NAME}, prawo jazdy nr {DL}.")
F("pl.school.01", "c", "t", 0, "Informacja dla rodziców: {NAME2} zostanie odebrany dnia {DATEW}. Osoba odbierająca: {NAME3} (dziadek), tel. {PHONE}.", "2m3m")
F("pl.social.01", "c", "t", 1, "Zaginął {NAME}, {AGE} {w:yrs}, od {DATEW} w miejscowości {CITY}. Choruje na demencję. Informacje: {PHONE}.", "1m")
F("pl.it.01", "dm", "s", 0, "nie mogę się zalogować na {USER}, IP {IP} zablokowane. router MAC {MAC}, numer seryjny {SERIAL}")
F("pl.social.02", "c", "t", 1, "Zrzutka na rehabilitację po wypadku z dnia {DATEW}. Beneficjent: {NAME2}. Link: {FUND2}")
F("pl.vehicle.01", "c", "s", 0, "Sprzedam auto, VIN {VIN}, nr rej. {PLATE}. Kontakt: {FIRST}, {PHONE}")

# ---- Swedish (sv_SE)
F("sv.chat.01", "dm", "s", 0, "hej det är {FIRST|lower}, mitt nya nummer är {PHONE}")
F("sv.email.01", "dm", "s", 0, "Hej,\nJag har flyttat. Ny adress: {NAME}, {ADDR}. Tel. {LAND}, e-post {EMAIL}.\nVänliga hälsningar")
F("sv.med.01", "c", "t", 1, "Patient {NAME}, personnummer {NATID}, inlagd {DATEW}. Anhörig: {NAME2}, {PHONE}.")
F("sv.med.02", "dm", "s", 1, "Hej, jag heter {NAME}, är {AGE} år och vill boka om min tid den {DATE}. {w:hp|cap}: {HP}.")
F("sv.form.01", "dm", "s", 0, "Efternamn: {LAST|upper}\nFörnamn: {FIRST}\nFödd: {DOBN}\nPersonnummer: {NATID}\nAdress: {ADDR}")
F("sv.bank.01", "dm", "s", 0, "Spärra mitt kort {CARD}! Kortinnehavare {NAME}. Misstänkt inloggning från {IP}.")
F("sv.bank.02", "dm", "s", 0, "Återbetalning till {IBAN}, kontohavare {NAME}.")
F("sv.police.01", "c", "t", 0, "Anmälan {CASE}: den {DATEW} körde bilen med registreringsnummer {PLATE} in i min bil på {STREET}. Förare: {NAME}, körkortsnummer {DL}.")
F("sv.school.01", "c", "t", 0, "Info till föräldrar: {NAME2} hämtas den {DATEW} av morfar {NAME3}. Nödnummer {PHONE}.", "3m")
F("sv.social.01", "c", "t", 1, "SAKNAD: {NAME}, {AGE} år, sedan {DATEW} i {CITY}. Har demens. Tips till {PHONE}.")
F("sv.it.01", "dm", "s", 0, "kan inte logga in som {USER}, IP {IP} spärrad. router MAC {MAC}, serienummer {SERIAL}")
F("sv.social.02", "c", "t", 1, "Insamling till {NAME2} som opererades den {DATEW}: {FUND2} tack alla!")
F("sv.vehicle.01", "c", "s", 0, "Säljer bil, VIN {VIN}, reg.nr {PLATE}. Ring {FIRST} på {PHONE}.")

# ----------------------------------------------------------------------------- build
REASONS = ["names_patient", "health_information", "confirms_patient_relationship", "patient_photo_described",
           "contact_identifier", "government_or_record_number", "date_tied_to_care", "location_tied_to_patient",
           "age_over_89", "indirect_identification", "self_disclosure", "third_party_disclosure"]
DERIVED = {"NAME": "names_patient", "USERNAME": "contact_identifier", "PHONE": "contact_identifier",
           "FAX": "contact_identifier", "EMAIL": "contact_identifier", "URL": "contact_identifier",
           "IP": "contact_identifier", "SSN": "government_or_record_number", "MRN": "government_or_record_number",
           "HEALTH_PLAN": "government_or_record_number", "ACCOUNT": "government_or_record_number",
           "LICENSE": "government_or_record_number", "VEHICLE": "government_or_record_number",
           "DEVICE": "government_or_record_number", "OTHER_ID": "government_or_record_number",
           "DATE": "date_tied_to_care", "LOCATION": "location_tied_to_patient", "AGE": "age_over_89"}


USES_ONLY = 3


def build():
    master = random.Random(SEED)
    by_lang = {}
    for fr in FRAMES:
        by_lang.setdefault(fr["id"].split(".")[0], []).append(fr)
    slots = []   # (locale, frame)
    for lang in sorted(by_lang):
        locs = [loc for loc, n in LOCALES.items() if lang_of(loc) == lang for _ in range(n)]
        master.shuffle(locs)
        # locale-only frames first, USES_ONLY times each, on slots of their locale
        for fr in (x for x in by_lang[lang] if x["only"]):
            for _ in range(USES_ONLY):
                k = locs.index(fr["only"])
                slots.append((locs.pop(k), fr))
        frames = [x for x in by_lang[lang] if not x["only"]]
        order = []
        while len(order) < len(locs):
            master.shuffle(frames)
            order.extend(frames)
        slots.extend(zip(locs, order[:len(locs)]))
    master.shuffle(slots)

    items, seen = [], set()
    for i, (loc, fr) in enumerate(slots, 1):
        attempt = 0
        while True:
            r = random.Random(f"{SEED}:{i}:{attempt}")
            random.seed(f"{SEED}:{i}:{attempt}:module")   # some Faker providers (es_MX curp/rfc) use the module RNG
            f = FAKE[loc]
            f.seed_instance(SEED * 10_000 + i * 10 + attempt)
            ZU.seed_instance(SEED * 10_000 + i * 10 + attempt + 5)
            ES_CL.seed_instance(SEED * 10_000 + i * 10 + attempt + 7) if loc == "es_MX" else None
            text, spans = render(fr, loc, r, f)
            if text not in seen:
                break
            attempt += 1
        seen.add(text)
        reasons = {DERIVED[s["label"]] for s in spans if s["label"] in DERIVED}
        reasons.add("self_disclosure" if fr["who"] == "s" else "third_party_disclosure")
        if fr["health"]:
            reasons.add("health_information")
        items.append({
            "id": f"generic3-{i:04d}", "direction": "inbound",
            "kind": "direct_message" if fr["kind"] == "dm" else "comment", "platform": "facebook",
            "text": text, "spans": spans, "phi_present": True,
            "reasons": [x for x in REASONS if x in reasons], "notes": "template sentence",
            "locale": loc, "frame": fr["id"],
        })
    return items


def main():
    ids = [fr["id"] for fr in FRAMES]
    assert len(ids) == len(set(ids)), "duplicate frame id"
    items = build()
    assert len(items) == N_ITEMS
    for it in items:
        for s in it["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(it["text"])
    with open(OUT, "w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")
    lab = Counter(s["label"] for it in items for s in it["spans"])
    print(f"wrote {len(items)} items, {sum(lab.values())} spans, {len(FRAMES)} frames -> {OUT}")
    print("labels:", dict(lab.most_common()))
    print("locales:", dict(Counter(it["locale"] for it in items)))
    used = Counter(it["frame"] for it in items)
    print("frames used:", len(used), "min/max uses:", min(used.values()), max(used.values()))


if __name__ == "__main__":
    main()
